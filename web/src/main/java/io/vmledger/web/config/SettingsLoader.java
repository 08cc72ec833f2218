package io.vmledger.web.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import io.helidon.config.MissingValueException;
import io.helidon.config.spi.ConfigSource;
import io.vmledger.api.PoolTiers;
import io.vmledger.api.settings.AggregationPathSetting;
import io.vmledger.api.settings.AuthSettings;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.Keys;
import io.vmledger.api.settings.SettingsException;
import io.vmledger.api.settings.VcenterEndpoint;
import io.vmledger.capture.vsphere.VcenterEndpoints;
import io.vmledger.storage.spi.PluginOptions;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Binds {@link Settings} from Helidon config. Precedence, highest first: environment variables
 * (the key upper-cased, dots as underscores: {@code SETTINGS_CAPTURE_WRITE_BATCH_SIZE}), the
 * {@code --config FILE} YAML, the bundled {@code application.yaml}.
 */
public final class SettingsLoader {
    /** Keys that hold a list rather than a single value; every other key of {@link Keys#all()} holds one value. */
    private static final Map<String, ConfigShape.Kind> LIST_KEYS = Map.of(
            Keys.POOL_TIERS, ConfigShape.VALUES,
            Keys.VCENTERS, new ConfigShape.Entries(VcenterEndpoints.KEYS),
            Keys.AUTH_TOKENS, ConfigShape.Entries.of(AuthSettings.Token.class));

    /** Keys an environment variable can set: every single-value key and {@code settings.pool_tiers}. */
    private static final List<String> SCALAR_KEYS = Keys.all().stream()
            .filter(k -> !(LIST_KEYS.get(k) instanceof ConfigShape.Entries)).toList();

    private final Config config;
    private final Map<String, String> environment;
    private final Map<String, String> rawEnvironment;

    private SettingsLoader(Config config, Map<String, String> environment, Map<String, String> rawEnvironment) {
        this.config = config;
        this.environment = environment;
        this.rawEnvironment = rawEnvironment;
    }

    /** Loads from the bundled defaults, an optional YAML file and the process environment. */
    public static Loaded load(Path configFile) {
        return load(configFile, System.getenv());
    }

    /** Loads with an explicit environment (tests). */
    public static Loaded load(Path configFile, Map<String, String> environment) {
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new SettingsException("--config", configFile, "the file does not exist or cannot be read");
        }
        Set<String> plugins = StorageProviders.available().keySet();
        Map<String, String> envOverrides = environmentOverrides(environment, plugins);
        List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
        sources.add(ConfigSources.create(envOverrides));
        if (configFile != null) {
            ConfigFile.check(configFile, shape(plugins));
            sources.add(ConfigSources.file(configFile));
        }
        sources.add(ConfigSources.classpath("application.yaml"));
        try {
            Config config = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .sources(sources)
                    .build();
            Config overrides = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .sources(sources.subList(0, sources.size() - 1))
                    .build();
            SettingsLoader loader = new SettingsLoader(config, envOverrides, environment);
            Loaded loaded = new Loaded(loader.bind(), config, overrides);
            loaded.checkPluginOptions();
            return loaded;
        } catch (ConfigException e) {
            // ConfigFile has checked the file; whatever Helidon still refuses is reported on one line too
            throw SettingsException.at(configFile == null ? "configuration" : configFile.toString(), "--config",
                    String.join(" ", String.valueOf(e.getMessage()).strip().lines().map(String::strip).toList()));
        }
    }

    /**
     * The settings and the raw config (for plugin options and other modules' sections).
     *
     * @param overrides the environment and {@code --config} sources alone, without the defaults
     */
    public record Loaded(Settings settings, Config config, Config overrides) {

        /** Whether the environment or the {@code --config} file sets any of these keys. */
        public boolean setsAny(String... keys) {
            for (String key : keys) {
                if (overrides.get(key).exists()) {
                    return true;
                }
            }
            return false;
        }

        /** The same sources with settings adjusted by a command (e.g. the demo's store). */
        public Loaded with(Settings adjusted) {
            return new Loaded(adjusted, config, overrides);
        }

        /** Opens the configured storage plugin with its options, for a process that runs {@code role} (the command). */
        public Storage openStorage(String role) {
            return StorageProviders.open(settings, storageOptions(settings.storage().provider()), role);
        }

        /**
         * Checks the options of every storage plugin the configuration has a section for, the selected one and
         * the others, with each plugin's own option list: a typo under {@code storage.<name>} fails at start-up
         * naming the key and the allowed ones, whether or not that plugin is in use.
         */
        void checkPluginOptions() {
            StorageProviders.available().forEach((name, provider) -> {
                if (config.get("storage").get(name).exists()) {
                    PluginOptions.parse(name, provider.options(), storageOptions(name));
                }
            });
        }

        /** The options of a storage plugin: keys under {@code storage.<name>.} without that prefix. */
        public Map<String, String> storageOptions(String provider) {
            Map<String, String> options = new HashMap<>();
            Config section = config.get("storage").get(provider);
            section.traverse().filter(Config::isLeaf).forEach(node ->
                    node.asString().ifPresent(v -> options.put(relativeKey(section, node), v)));
            return options;
        }
    }

    private static String relativeKey(Config parent, Config node) {
        String full = node.key().toString();
        String prefix = parent.key().toString() + ".";
        return full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    }

    /**
     * The layout a configuration file must have: every key of {@link Keys#all()}, and under {@code storage}
     * a section of options for each storage plugin, which the plugin checks itself.
     */
    static ConfigShape shape(Set<String> plugins) {
        Map<String, ConfigShape.Kind> kinds = new HashMap<>(LIST_KEYS);
        plugins.forEach(p -> kinds.put("storage." + p, ConfigShape.OPEN));
        return ConfigShape.of(Keys.all(), kinds);
    }

    /**
     * Maps environment variables to config keys: each known key from its upper-case form, and
     * {@code STORAGE_<PLUGIN>_<OPTION>} to {@code storage.<plugin>.<option>} for the options of the
     * storage plugins on the class path (other {@code STORAGE_*} variables are not ours).
     */
    static Map<String, String> environmentOverrides(Map<String, String> env, Set<String> plugins) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : SCALAR_KEYS) {
            String value = env.get(envName(key));
            if (value != null) {
                out.put(key, value);
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("STORAGE_") && !name.equals("STORAGE_PROVIDER") && name.indexOf('_', 8) > 8) {
                int split = name.indexOf('_', 8);
                String provider = name.substring(8, split).toLowerCase(Locale.ROOT);
                String option = name.substring(split + 1).toLowerCase(Locale.ROOT);
                if (plugins.contains(provider)) {
                    out.putIfAbsent("storage." + provider + "." + option, e.getValue());
                }
            }
        }
        return out;
    }

    /** The environment variable that overrides a key. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private Settings bind() {
        Settings d = Settings.defaults();
        List<VcenterEndpoint> vcenters = vcenters();
        Settings.InventorySource source = config.get(Keys.INVENTORY_SOURCE).asString()
                .map(Settings.InventorySource::parse)
                .orElse(vcenters.isEmpty() ? Settings.InventorySource.SIMULATED : Settings.InventorySource.VCENTER);
        if (source == Settings.InventorySource.VCENTER && vcenters.isEmpty()) {
            throw new SettingsException(Keys.INVENTORY_SOURCE, "vcenter", "needs a non-empty vcenters list");
        }
        String cron = string(Keys.CAPTURE_CRON, d.captureCron());
        validateCron(cron);
        return d.toBuilder()
                .server(new Settings.ServerSettings(string(Keys.SERVER_HOST, d.server().host()),
                        integer(Keys.SERVER_PORT, d.server().port())))
                .storage(new Settings.StorageSettings(string(Keys.STORAGE_PROVIDER, d.storage().provider())))
                .captureWriteBatchSize(integer(Keys.CAPTURE_WRITE_BATCH_SIZE, d.captureWriteBatchSize()))
                .snapshotTableCompatMode(bool(Keys.SNAPSHOT_TABLE_COMPAT_MODE, d.snapshotTableCompatMode()))
                .asyncReportGeneration(bool(Keys.ASYNC_REPORT_GENERATION, d.asyncReportGeneration()))
                .hourlySnapshotConcurrency(integer(Keys.HOURLY_SNAPSHOT_CONCURRENCY, d.hourlySnapshotConcurrency()))
                .monthlyAggregationGranularity(Settings.MonthlyGranularity.parse(
                        string(Keys.MONTHLY_AGGREGATION_GRANULARITY, "daily")))
                .aggregationPath(AggregationPathSetting.parse(string(Keys.AGGREGATION_PATH, "auto")))
                .retry(new Settings.RetrySettings(
                        integer(Keys.RETRY_ATTEMPTS, d.retry().attempts()),
                        integer(Keys.RETRY_BACKOFF_SECONDS, d.retry().backoffSeconds()),
                        integer(Keys.RETRY_MAX_BACKOFF_SECONDS, d.retry().maxBackoffSeconds())))
                .cleanup(new Settings.CleanupSettings(
                        bool(Keys.CLEANUP_ENABLED, d.cleanup().enabled()),
                        integer(Keys.CLEANUP_HOURLY_RETENTION_DAYS, d.cleanup().hourlyRetentionDays()),
                        integer(Keys.CLEANUP_COMPAT_TABLE_RETENTION_DAYS, d.cleanup().compatTableRetentionDays()),
                        integer(Keys.CLEANUP_JOB_RUN_RETENTION_DAYS, d.cleanup().jobRunRetentionDays())))
                .poolTiers(poolTiers())
                .reportTimeZone(zone(string(Keys.REPORT_TIME_ZONE, "UTC")))
                .captureCron(cron)
                .inventory(new Settings.InventorySettings(source,
                        integer(Keys.SIMULATED_VCENTERS, d.inventory().simulatedVcenters()),
                        integer(Keys.SIMULATED_VMS_PER_VCENTER, d.inventory().simulatedVmsPerVcenter()),
                        longValue(Keys.SIMULATED_SEED, d.inventory().simulatedSeed())))
                .vcenters(vcenters)
                .auth(auth())
                .reportsDir(config.get(Keys.REPORTS_DIR).asString().orElse(null))
                .disk(new Settings.DiskSettings(
                        integer(Keys.DISK_MIN_FREE_MB, d.disk().minFreeMb()),
                        integer(Keys.DISK_CAPTURE_MIN_FREE_MB, d.disk().captureMinFreeMb())))
                .build();
    }

    private String string(String key, String fallback) {
        return config.get(key).asString().orElse(fallback);
    }

    private int integer(String key, int fallback) {
        String raw = config.get(key).asString().orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(key, raw, "expected a whole number");
        }
    }

    private long longValue(String key, long fallback) {
        String raw = config.get(key).asString().orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(key, raw, "expected a whole number");
        }
    }

    private boolean bool(String key, boolean fallback) {
        String raw = config.get(key).asString().orElse(null);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SettingsException(key, raw, "expected true or false");
        };
    }

    private PoolTiers poolTiers() {
        Config node = config.get(Keys.POOL_TIERS);
        List<String> names;
        try {
            // a comma-separated environment value beats a YAML list (Helidon would merge the list over it)
            String fromEnv = environment.get(Keys.POOL_TIERS);
            names = fromEnv != null ? List.of(fromEnv.split("\\s*,\\s*"))
                    : node.isLeaf()
                    ? List.of(node.asString().get().split("\\s*,\\s*"))
                    : node.asList(String.class).get();
        } catch (MissingValueException e) {
            return PoolTiers.defaults();
        }
        try {
            return new PoolTiers(names);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(Keys.POOL_TIERS, String.join(",", names),
                    "expected four distinct tier names (they map in order onto PoolTinPct, PoolBronzePct, "
                            + "PoolSilverPct, PoolGoldPct): " + e.getMessage());
        }
    }

    private static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw.trim());
        } catch (DateTimeException e) {
            throw new SettingsException(Keys.REPORT_TIME_ZONE, raw, "expected a time-zone id such as UTC or Europe/Paris");
        }
    }

    static void validateCron(String expression) {
        try {
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)).parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw new SettingsException(Keys.CAPTURE_CRON, expression,
                    "expected a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), "
                            + "e.g. \"0 0 * * * ?\"");
        }
    }

    private List<VcenterEndpoint> vcenters() {
        Config list = config.get(Keys.VCENTERS);
        if (!list.exists()) {
            return List.of();
        }
        List<Map<String, String>> entries = new ArrayList<>();
        for (Config e : list.asNodeList().orElse(List.of())) {
            Map<String, String> entry = new LinkedHashMap<>();
            e.traverse().filter(Config::isLeaf).forEach(n -> n.asString().ifPresent(v -> entry.put(n.name(), v)));
            entries.add(entry);
        }
        return VcenterEndpoints.parseAll(entries, rawEnvironment::get);
    }

    private AuthSettings auth() {
        boolean enabled = bool(Keys.AUTH_ENABLED, false);
        List<AuthSettings.Token> tokens = new ArrayList<>();
        List<Config> entries = config.get(Keys.AUTH_TOKENS).asNodeList().orElse(List.of());
        for (int i = 0; i < entries.size(); i++) {
            Config e = entries.get(i);
            String prefix = Keys.AUTH_TOKENS + "[" + i + "].";
            String label = e.get("label").asString().orElseThrow(
                    () -> new SettingsException(prefix + "label", "", "a label is required"));
            String roleRaw = e.get("role").asString().orElse("");
            AuthSettings.Role role = Settings.parseEnum(AuthSettings.Role.class, prefix + "role", roleRaw);
            String sha = e.get("sha256").asString().orElse("").trim().toLowerCase(Locale.ROOT);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new SettingsException(prefix + "sha256", sha,
                        "expected the 64 hex digits of the token's SHA-256 (bin/vmledger hash-token prints it)");
            }
            tokens.add(new AuthSettings.Token(label, role, sha));
        }
        if (enabled && tokens.isEmpty()) {
            throw new SettingsException(Keys.AUTH_ENABLED, true, "needs at least one entry in auth.tokens");
        }
        return new AuthSettings(enabled, tokens, AuthSettings.UiMode.parse(string(Keys.AUTH_UI, "public")),
                integer(Keys.AUTH_UI_SESSION_MINUTES, AuthSettings.DEFAULT_SESSION_MINUTES));
    }
}
