package io.vmledger.api.settings;

import io.vmledger.api.PoolTiers;
import io.vmledger.api.ReportCalendar;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of the service with its validated value. The configuration keys are given in
 * {@link Keys}; the web module binds them from {@code application.yaml}, a {@code --config} file
 * and environment variables.
 */
public record Settings(
        ServerSettings server,
        StorageSettings storage,
        int captureWriteBatchSize,
        boolean snapshotTableCompatMode,
        boolean asyncReportGeneration,
        int hourlySnapshotConcurrency,
        MonthlyGranularity monthlyAggregationGranularity,
        AggregationPathSetting aggregationPath,
        RetrySettings retry,
        CleanupSettings cleanup,
        PoolTiers poolTiers,
        ZoneId reportTimeZone,
        String captureCron,
        InventorySettings inventory,
        List<VcenterEndpoint> vcenters,
        AuthSettings auth,
        String reportsDir,
        DiskSettings disk) {

    /**
     * Configuration keys. Every {@code public static final String} here is a key: the start-up check of
     * the configuration file and the environment-variable overrides take their lists from {@link #all()},
     * so a new setting needs only its constant here (and its binding).
     */
    public static final class Keys {
        public static final String SERVER_HOST = "server.host";
        public static final String SERVER_PORT = "server.port";
        public static final String STORAGE_PROVIDER = "storage.provider";
        public static final String CAPTURE_WRITE_BATCH_SIZE = "settings.capture_write_batch_size";
        public static final String SNAPSHOT_TABLE_COMPAT_MODE = "settings.snapshot_table_compat_mode";
        public static final String ASYNC_REPORT_GENERATION = "settings.async_report_generation";
        public static final String HOURLY_SNAPSHOT_CONCURRENCY = "settings.hourly_snapshot_concurrency";
        public static final String MONTHLY_AGGREGATION_GRANULARITY = "settings.monthly_aggregation_granularity";
        public static final String AGGREGATION_PATH = "settings.aggregation_path";
        public static final String RETRY_ATTEMPTS = "settings.retry.attempts";
        public static final String RETRY_BACKOFF_SECONDS = "settings.retry.backoff_seconds";
        public static final String RETRY_MAX_BACKOFF_SECONDS = "settings.retry.max_backoff_seconds";
        public static final String CLEANUP_ENABLED = "settings.cleanup.enabled";
        public static final String CLEANUP_HOURLY_RETENTION_DAYS = "settings.cleanup.hourly_retention_days";
        public static final String CLEANUP_COMPAT_TABLE_RETENTION_DAYS = "settings.cleanup.compat_table_retention_days";
        public static final String CLEANUP_JOB_RUN_RETENTION_DAYS = "settings.cleanup.job_run_retention_days";
        public static final String POOL_TIERS = "settings.pool_tiers";
        public static final String REPORT_TIME_ZONE = "settings.report_time_zone";
        public static final String CAPTURE_CRON = "schedule.capture_cron";
        public static final String INVENTORY_SOURCE = "inventory.source";
        public static final String SIMULATED_VCENTERS = "inventory.simulated.vcenters";
        public static final String SIMULATED_VMS_PER_VCENTER = "inventory.simulated.vms_per_vcenter";
        public static final String SIMULATED_SEED = "inventory.simulated.seed";
        public static final String VCENTERS = "vcenters";
        public static final String AUTH_ENABLED = "auth.enabled";
        public static final String AUTH_TOKENS = "auth.tokens";
        public static final String REPORTS_DIR = "reports.dir";
        public static final String AUTH_UI = "auth.ui";
        public static final String AUTH_UI_SESSION_MINUTES = "auth.ui_session_minutes";
        public static final String DISK_MIN_FREE_MB = "settings.disk.min_free_mb";
        public static final String DISK_CAPTURE_MIN_FREE_MB = "settings.disk.capture_min_free_mb";

        private static final List<String> ALL = collect();

        private Keys() {
        }

        /** Every key declared above, in declaration order. */
        public static List<String> all() {
            return ALL;
        }

        private static List<String> collect() {
            List<String> keys = new ArrayList<>();
            for (Field f : Keys.class.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
                    try {
                        keys.add((String) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return List.copyOf(keys);
        }
    }

    public Settings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(storage, "storage");
        requireRange(Keys.CAPTURE_WRITE_BATCH_SIZE, captureWriteBatchSize, 1, 100_000);
        requireRange(Keys.HOURLY_SNAPSHOT_CONCURRENCY, hourlySnapshotConcurrency, 1, 64);
        Objects.requireNonNull(monthlyAggregationGranularity, Keys.MONTHLY_AGGREGATION_GRANULARITY);
        Objects.requireNonNull(aggregationPath, Keys.AGGREGATION_PATH);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(poolTiers, Keys.POOL_TIERS);
        Objects.requireNonNull(reportTimeZone, Keys.REPORT_TIME_ZONE);
        if (captureCron == null || captureCron.isBlank()) {
            throw new SettingsException(Keys.CAPTURE_CRON, captureCron, "a cron expression is required");
        }
        Objects.requireNonNull(inventory, "inventory");
        vcenters = List.copyOf(vcenters);
        Objects.requireNonNull(auth, "auth");
        if (reportsDir != null && reportsDir.isBlank()) {
            reportsDir = null;
        }
        if (reportsDir != null && reportsDir.indexOf('\0') >= 0) {
            throw new SettingsException(Keys.REPORTS_DIR, reportsDir, "expected a directory path");
        }
        Objects.requireNonNull(disk, "disk");
    }

    /**
     * The directory of the XLSX reports: {@code reports.dir} when set, else {@code reports/} in the data
     * directory of the service: the store's directory when it has one (the SQLite file's), else {@code data/}.
     *
     * @param storeDirectory the directory the store keeps its files in, if any ({@code Storage.directory()})
     */
    public Path reportsPath(Optional<Path> storeDirectory) {
        if (reportsDir != null) {
            return Path.of(reportsDir).toAbsolutePath().normalize();
        }
        return storeDirectory.orElse(Path.of("data")).toAbsolutePath().normalize().resolve("reports");
    }

    /** The defaults of every setting (those of {@code application.yaml}). */
    public static Settings defaults() {
        return new Settings(
                new ServerSettings("0.0.0.0", 8080),
                new StorageSettings("sqlite"),
                1000, true, true, 4,
                MonthlyGranularity.DAILY, AggregationPathSetting.AUTO,
                new RetrySettings(3, 2, 30),
                new CleanupSettings(true, 0, 0, 30),
                PoolTiers.defaults(), ZoneId.of("UTC"),
                "0 0 * * * ?",
                new InventorySettings(InventorySource.SIMULATED, 3, 1000, 42L),
                List.of(), AuthSettings.disabled(), null,
                new DiskSettings(1024, 256));
    }

    /** A builder starting from these settings, for tests and for the configuration binder. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies settings with some values changed; {@link #build()} validates. */
    public static final class Builder {
        private ServerSettings server;
        private StorageSettings storage;
        private int captureWriteBatchSize;
        private boolean snapshotTableCompatMode;
        private boolean asyncReportGeneration;
        private int hourlySnapshotConcurrency;
        private MonthlyGranularity monthlyAggregationGranularity;
        private AggregationPathSetting aggregationPath;
        private RetrySettings retry;
        private CleanupSettings cleanup;
        private PoolTiers poolTiers;
        private ZoneId reportTimeZone;
        private String captureCron;
        private InventorySettings inventory;
        private List<VcenterEndpoint> vcenters;
        private AuthSettings auth;
        private String reportsDir;
        private DiskSettings disk;

        private Builder(Settings s) {
            server = s.server;
            storage = s.storage;
            captureWriteBatchSize = s.captureWriteBatchSize;
            snapshotTableCompatMode = s.snapshotTableCompatMode;
            asyncReportGeneration = s.asyncReportGeneration;
            hourlySnapshotConcurrency = s.hourlySnapshotConcurrency;
            monthlyAggregationGranularity = s.monthlyAggregationGranularity;
            aggregationPath = s.aggregationPath;
            retry = s.retry;
            cleanup = s.cleanup;
            poolTiers = s.poolTiers;
            reportTimeZone = s.reportTimeZone;
            captureCron = s.captureCron;
            inventory = s.inventory;
            vcenters = s.vcenters;
            auth = s.auth;
            reportsDir = s.reportsDir;
            disk = s.disk;
        }

        public Builder server(ServerSettings v) { server = v; return this; }
        public Builder storage(StorageSettings v) { storage = v; return this; }
        public Builder captureWriteBatchSize(int v) { captureWriteBatchSize = v; return this; }
        public Builder snapshotTableCompatMode(boolean v) { snapshotTableCompatMode = v; return this; }
        public Builder asyncReportGeneration(boolean v) { asyncReportGeneration = v; return this; }
        public Builder hourlySnapshotConcurrency(int v) { hourlySnapshotConcurrency = v; return this; }
        public Builder monthlyAggregationGranularity(MonthlyGranularity v) { monthlyAggregationGranularity = v; return this; }
        public Builder aggregationPath(AggregationPathSetting v) { aggregationPath = v; return this; }
        public Builder retry(RetrySettings v) { retry = v; return this; }
        public Builder cleanup(CleanupSettings v) { cleanup = v; return this; }
        public Builder poolTiers(PoolTiers v) { poolTiers = v; return this; }
        public Builder reportTimeZone(ZoneId v) { reportTimeZone = v; return this; }
        public Builder captureCron(String v) { captureCron = v; return this; }
        public Builder inventory(InventorySettings v) { inventory = v; return this; }
        public Builder vcenters(List<VcenterEndpoint> v) { vcenters = v; return this; }
        public Builder auth(AuthSettings v) { auth = v; return this; }
        public Builder reportsDir(String v) { reportsDir = v; return this; }
        public Builder disk(DiskSettings v) { disk = v; return this; }

        public Settings build() {
            return new Settings(server, storage, captureWriteBatchSize, snapshotTableCompatMode,
                    asyncReportGeneration, hourlySnapshotConcurrency, monthlyAggregationGranularity,
                    aggregationPath, retry, cleanup, poolTiers, reportTimeZone, captureCron, inventory,
                    vcenters, auth, reportsDir, disk);
        }
    }

    public ReportCalendar calendar() {
        return new ReportCalendar(reportTimeZone);
    }

    static int requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new SettingsException(key, value, "expected an integer from " + min + " to " + max);
        }
        return value;
    }

    /** Host and port of the HTTP server. */
    public record ServerSettings(String host, int port) {
        public ServerSettings {
            if (host == null || host.isBlank()) {
                throw new SettingsException(Keys.SERVER_HOST, host, "expected a host name or address");
            }
            requireRange(Keys.SERVER_PORT, port, 0, 65_535);
        }
    }

    /**
     * The storage plugin. Its own options are the keys under {@code storage.<provider>.}, which only the
     * plugin reads and checks (storage-spi's {@code PluginOptions}).
     */
    public record StorageSettings(String provider) {
        public StorageSettings {
            if (provider == null || !provider.matches("[a-z][a-z0-9_-]*")) {
                throw new SettingsException(Keys.STORAGE_PROVIDER, provider,
                        "expected a storage provider name such as sqlite or postgres");
            }
        }
    }

    /**
     * Retries of transient failures (vCenter connections, database connections).
     *
     * @param attempts          total attempts, 1 means no retry
     * @param backoffSeconds    wait before the first retry; doubled at each further retry
     * @param maxBackoffSeconds upper bound of one wait
     */
    public record RetrySettings(int attempts, int backoffSeconds, int maxBackoffSeconds) {
        public RetrySettings {
            requireRange(Keys.RETRY_ATTEMPTS, attempts, 1, 20);
            requireRange(Keys.RETRY_BACKOFF_SECONDS, backoffSeconds, 0, 3600);
            requireRange(Keys.RETRY_MAX_BACKOFF_SECONDS, maxBackoffSeconds, backoffSeconds, 86_400);
        }

        /** Wait before retry number {@code retry} (1-based), in seconds. */
        public long backoffFor(int retry) {
            long wait = (long) backoffSeconds << Math.min(Math.max(retry - 1, 0), 20);
            return Math.min(wait, maxBackoffSeconds);
        }
    }

    /**
     * Retention. A value of 0 days keeps data forever.
     *
     * @param enabled                  whether the daily cleanup runs at all
     * @param hourlyRetentionDays      age after which hourly rows ({@code vm_hourly_stats}, totals) are removed
     * @param compatTableRetentionDays age after which {@code inventory_hourly_*} tables are dropped
     * @param jobRunRetentionDays      age after which job-run records are removed
     */
    public record CleanupSettings(boolean enabled, int hourlyRetentionDays, int compatTableRetentionDays,
                                  int jobRunRetentionDays) {
        public CleanupSettings {
            requireRange(Keys.CLEANUP_HOURLY_RETENTION_DAYS, hourlyRetentionDays, 0, 36_500);
            requireRange(Keys.CLEANUP_COMPAT_TABLE_RETENTION_DAYS, compatTableRetentionDays, 0, 36_500);
            requireRange(Keys.CLEANUP_JOB_RUN_RETENTION_DAYS, jobRunRetentionDays, 0, 36_500);
        }
    }

    /**
     * Free-space thresholds of the filesystems the service writes to: the store's (when it is made of local
     * files) and the reports'. 0 turns a check off.
     *
     * @param minFreeMb        below this many MiB free on either, readiness ({@code /observe/health}) says DOWN
     * @param captureMinFreeMb below this many MiB free on the store's, a capture refuses to start (and is
     *                         recorded as a failed job run while there is still room to record it)
     */
    public record DiskSettings(int minFreeMb, int captureMinFreeMb) {
        private static final long MIB = 1024L * 1024;
        /** At most 16 TiB, in MiB. */
        private static final int MAX_MB = 16 * 1024 * 1024;

        public DiskSettings {
            requireRange(Keys.DISK_MIN_FREE_MB, minFreeMb, 0, MAX_MB);
            requireRange(Keys.DISK_CAPTURE_MIN_FREE_MB, captureMinFreeMb, 0, MAX_MB);
            // the threshold warns while captures go on; a floor above it would stop them while readiness said UP
            if (minFreeMb > 0 && captureMinFreeMb > minFreeMb) {
                throw new SettingsException(Keys.DISK_CAPTURE_MIN_FREE_MB, captureMinFreeMb,
                        "expected at most " + Keys.DISK_MIN_FREE_MB + " (" + minFreeMb + "), the readiness threshold"
                                + " that warns before captures stop");
            }
        }

        /** {@link #minFreeMb} in bytes. */
        public long minFreeBytes() {
            return minFreeMb * MIB;
        }

        /** {@link #captureMinFreeMb} in bytes. */
        public long captureMinFreeBytes() {
            return captureMinFreeMb * MIB;
        }
    }

    /** Where inventory comes from, and the shape of the simulated inventory. */
    public record InventorySettings(InventorySource source, int simulatedVcenters, int simulatedVmsPerVcenter,
                                    long simulatedSeed) {
        public InventorySettings {
            Objects.requireNonNull(source, Keys.INVENTORY_SOURCE);
            requireRange(Keys.SIMULATED_VCENTERS, simulatedVcenters, 1, 50);
            requireRange(Keys.SIMULATED_VMS_PER_VCENTER, simulatedVmsPerVcenter, 1, 200_000);
        }
    }

    public enum MonthlyGranularity {
        DAILY, HOURLY;

        public static MonthlyGranularity parse(String value) {
            return parseEnum(MonthlyGranularity.class, Keys.MONTHLY_AGGREGATION_GRANULARITY, value);
        }
    }

    public enum InventorySource {
        SIMULATED, VCENTER;

        public static InventorySource parse(String value) {
            return parseEnum(InventorySource.class, Keys.INVENTORY_SOURCE, value);
        }
    }

    /** Parses a lower-case enum value, failing with the key and the allowed values. */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String value) {
        if (value != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value.trim())) {
                    return e;
                }
            }
        }
        StringBuilder allowed = new StringBuilder("allowed: ");
        E[] all = type.getEnumConstants();
        for (int i = 0; i < all.length; i++) {
            allowed.append(i == 0 ? "" : ", ").append(all[i].name().toLowerCase(Locale.ROOT));
        }
        throw new SettingsException(key, value, allowed.toString());
    }
}
