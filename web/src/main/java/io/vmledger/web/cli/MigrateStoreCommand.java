package io.vmledger.web.cli;

import io.vmledger.api.settings.Settings;
import io.vmledger.maintenance.migration.MigrationRefused;
import io.vmledger.maintenance.migration.StoreMigration;
import io.vmledger.storage.spi.PluginOptions;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.storage.spi.StoreTables;
import io.vmledger.web.app.StartupException;
import io.vmledger.web.config.SettingsLoader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code migrate-store --from A.yaml --to B.yaml}: copies the store of one configuration into the store of
 * another, whatever their storage plugins (SQLite to PostgreSQL is the upgrade path), with progress, resuming
 * an interrupted run, and a verification table at the end ({@link StoreMigration}).
 */
final class MigrateStoreCommand implements Command {

    @Override
    public String name() {
        return "migrate-store";
    }

    @Override
    public String summary() {
        return "copy a store into another, e.g. SQLite to PostgreSQL (service stopped); resumable, verified";
    }

    @Override
    public String usage() {
        return """
                  --from FILE              configuration of the store to copy (its storage section; its report time zone)
                  --to FILE                configuration of the store to fill (its storage section)
                  --compat                 copy the compatibility tables too (inventory_hourly_*, inventory_daily_summary_*)
                  --overwrite              empty a target that holds rows (or another migration) first
                  --page-rows N            rows per page and per target transaction (default 10000)
                An interrupted run is resumed by running the same command again.
                """;
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("from", "to", "page-rows");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("compat", "overwrite");
    }

    @Override
    public int run(CliOptions options) {
        Path fromFile = configuration(options, "from", "the configuration of the store to copy");
        Path toFile = configuration(options, "to", "the configuration of the store to fill");
        int pageRows = options.intValue("page-rows", StoreMigration.Options.DEFAULT_PAGE_ROWS, 100, 1_000_000);
        SettingsLoader.Loaded from = SettingsLoader.load(fromFile);
        SettingsLoader.Loaded to = SettingsLoader.load(toFile);
        Settings settings = from.settings();
        PrintStream out = System.out;
        try (Storage source = open(from, "--from", fromFile); Storage target = open(to, "--to", toFile)) {
            String sourceName = describe(from, source);
            String targetName = describe(to, target);
            StoreTables sourceTables = tables(source, "--from");
            StoreTables targetTables = tables(target, "--to");
            Optional<String> inUse = otherLiveInstance(source, target);
            if (inUse.isPresent()) {
                System.err.println("vmledger migrate-store: the source store is in use by " + inUse.get()
                        + "; stop the service before migrating its store (its writes would not be copied)");
                return 2;
            }
            out.println("migrating " + sourceName + "\n       to " + targetName
                    + (options.flag("compat") ? "\n     with the compatibility tables" : ""));
            StoreMigration.Options how = new StoreMigration.Options(options.flag("compat"), options.flag("overwrite"),
                    pageRows, settings.reportTimeZone());
            StoreMigration.Result result;
            try {
                result = new StoreMigration(sourceTables, targetTables, sourceName, how, new Printer(out)).run();
            } catch (MigrationRefused e) {
                System.err.println("vmledger migrate-store: " + e.getMessage());
                return 2;
            }
            out.printf(Locale.ROOT, "%ncopied %,d rows in %.1f s (%,.0f rows/s)%s; verified in %.1f s%n%n",
                    result.rowsCopied(), result.copySeconds(), result.rowsCopied() / Math.max(result.copySeconds(), 1e-3),
                    result.resumed() ? String.format(Locale.ROOT, ", %,d copied by an earlier run",
                            result.rowsTotal() - result.rowsCopied()) : "", result.verifySeconds());
            out.print(result.verificationTable());
            if (!result.verified()) {
                System.err.println("vmledger migrate-store: the target differs from the source in the months marked"
                        + " DIFFERENT (was the service writing to the source?); run again with --overwrite to start over");
                return 1;
            }
            out.println("\nevery table is equal; point the service at " + toFile + " (storage.provider="
                    + to.settings().storage().provider() + ") and start it");
            return 0;
        }
    }

    private static Path configuration(CliOptions options, String option, String what) {
        Path file = options.value(option).map(Path::of)
                .orElseThrow(() -> new UsageException("--" + option + " FILE is required: " + what));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException("--" + option + " " + file + ": no such readable file (" + what + ")");
        }
        return file;
    }

    /** Opens a side's store; a failure names the side (an unreachable server, a store that is not a store). */
    private static Storage open(SettingsLoader.Loaded loaded, String option, Path file) {
        try {
            return loaded.openStorage("migrate-store");
        } catch (RuntimeException e) {
            throw new StartupException("migrate-store cannot open the " + (option.equals("--from") ? "source" : "target")
                    + " store of " + option + " " + file + " (storage." + loaded.settings().storage().provider()
                    + "); nothing was copied: " + StartupException.describe(e), e);
        }
    }

    /**
     * Another process that has the source open (its instance alive after the sweep that opening the store ran), as
     * messages name it; this process's two instances are no other (the same store named twice is refused later). A
     * running run of such a process would be copied as running, and its later writes not at all.
     */
    private static Optional<String> otherLiveInstance(Storage source, Storage target) {
        Set<String> mine = Set.of(source.instances().self().id(), target.instances().self().id());
        return source.instances().list(1_000).stream()
                .filter(i -> i.running() && !mine.contains(i.id()))
                .findFirst()
                .map(i -> i.describe() + ", started " + Instant.ofEpochMilli(i.startedAt()) + ", last heartbeat "
                        + Instant.ofEpochMilli(i.heartbeatAt()));
    }

    /** The plugin, its options as it shows them (secrets masked) and, for a file store, its directory. */
    private static String describe(SettingsLoader.Loaded loaded, Storage storage) {
        String provider = loaded.settings().storage().provider();
        Map<String, String> raw = new HashMap<>(loaded.storageOptions(provider));
        PluginOptions parsed = PluginOptions.parse(provider, StorageProviders.named(provider).options(), raw);
        return provider + " " + parsed + storage.directory().map(d -> " in " + d.toAbsolutePath()).orElse("");
    }

    private static StoreTables tables(Storage storage, String option) {
        return storage.tables().orElseThrow(() -> new UsageException("the " + storage.providerName()
                + " storage plugin of " + option + " cannot list its tables as rows, so it cannot be migrated"));
    }

    /** Prints a progress bar per table (a line per 10 % when the output is not a terminal). */
    private static final class Printer implements StoreMigration.Listener {
        private final PrintStream out;
        private ProgressBar bar;
        private long before;

        Printer(PrintStream out) {
            this.out = out;
        }

        @Override
        public void resuming(long rowsCopiedBefore) {
            out.printf(Locale.ROOT, "resuming: %,d rows were copied by an earlier run%n", rowsCopiedBefore);
        }

        @Override
        public void emptied(long rows) {
            out.printf(Locale.ROOT, "--overwrite: removed the target's %,d rows%n", rows);
        }

        @Override
        public void groupStarted(String group, int tables, long done, long total) {
            // an earlier run's rows are not this run's: the bar and its estimate count what is left
            before = done;
            bar = new ProgressBar(out, String.format(Locale.ROOT, "%-32s", group
                    + (tables > 1 ? " (" + tables + " tables)" : "")));
            if (done > 0) {
                out.printf(Locale.ROOT, "%-32s %,d of %,d rows copied earlier%n", group, done, total);
            }
        }

        @Override
        public void copied(String group, long done, long total) {
            bar.update(done - before, total - before, "rows");
        }

        @Override
        public void groupDone(String group, long rows, long total, double seconds) {
            if (total == 0) {
                out.printf(Locale.ROOT, "%-32s empty%n", group);
            } else if (rows > 0) {
                out.printf(Locale.ROOT, "%-32s %,d rows in %.1f s (%,.0f rows/s)%n", group, rows, seconds,
                        rows / Math.max(seconds, 1e-3));
            }
        }

        @Override
        public void verifying(String group) {
            // both stores are read again in full: say which table, the longest take minutes
            bar = null;
            out.printf(Locale.ROOT, "verifying %s%n", group);
        }
    }
}
