package io.vmledger.web.cli;

import io.vmledger.storage.postgres.PgPartitionMigration;
import io.vmledger.storage.spi.StorageContext;
import io.vmledger.web.config.SettingsLoader;

import java.util.Locale;
import java.util.Set;

/**
 * {@code migrate-partitions}: moves an unpartitioned PostgreSQL {@code vm_hourly_stats} into monthly
 * range partitions, in one transaction, using the store of the configuration.
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
        if (!"postgres".equals(provider)) {
            throw new UsageException("needs storage.provider=postgres in --config; the configured provider is " + provider);
        }
        PgPartitionMigration.Result r = PgPartitionMigration.migrate(
                new StorageContext(loaded.settings(), loaded.storageOptions(provider)), options.flag("keep-old"));
        if (!r.migrated()) {
            System.out.println("vm_hourly_stats is already partitioned; nothing changed");
        } else {
            System.out.printf(Locale.ROOT, "migrated %,d rows into %d monthly partitions in %.1f s%s%n", r.rows(),
                    r.partitions(), r.millis() / 1000.0,
                    r.keptTable() == null ? "" : "; the old table is kept as " + r.keptTable());
        }
        return 0;
    }
}
