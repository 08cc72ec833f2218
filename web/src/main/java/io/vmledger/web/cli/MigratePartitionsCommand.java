package io.vmledger.web.cli;

import io.vmledger.storage.spi.PartitionMigration;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.config.SettingsLoader;

import java.util.Locale;
import java.util.Set;

/**
 * {@code migrate-partitions}: moves an unpartitioned {@code vm_hourly_stats} into the partitions its
 * storage plugin creates for new stores (PostgreSQL: monthly ranges), in one transaction, using the store
 * of the configuration. A plugin offers this as {@link Storage#partitionMigration()}.
 */
final class MigratePartitionsCommand implements Command {

    @Override
    public String name() {
        return "migrate-partitions";
    }

    @Override
    public String summary() {
        return "PostgreSQL: move an unpartitioned vm_hourly_stats into monthly partitions (service stopped)";
    }

    @Override
    public String usage() {
        return Commands.CONFIG_OPTION + """
                  --keep-old               keep the old table as vm_hourly_stats_unpartitioned instead of dropping it
                """;
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("keep-old");
    }

    @Override
    public int run(CliOptions options) {
        SettingsLoader.Loaded loaded = SettingsLoader.load(options.configFile().orElse(null));
        String provider = loaded.settings().storage().provider();
        try (Storage storage = loaded.openStorage(name())) {
            PartitionMigration migration = storage.partitionMigration().orElseThrow(() -> new UsageException(
                    "the " + provider + " storage plugin keeps vm_hourly_stats in one table and has no partitions"
                            + " to migrate to; this command is for storage.provider=postgres"));
            PartitionMigration.Result r = migration.migrate(options.flag("keep-old"));
            if (!r.migrated()) {
                System.out.println("vm_hourly_stats is already partitioned; nothing changed");
            } else {
                System.out.printf(Locale.ROOT, "migrated %,d rows into %d monthly partitions in %.1f s%s%n", r.rows(),
                        r.partitions(), r.millis() / 1000.0,
                        r.keptTable() == null ? "" : "; the old table is kept as " + r.keptTable());
            }
        }
        return 0;
    }
}
