package io.vmledger.storage.spi;

/**
 * A plugin's move of an unpartitioned {@code vm_hourly_stats} (an older install, or one created without
 * partitions) into the partitions it creates for new stores, in one transaction: on any failure nothing
 * changes. Offered through {@link Storage#partitionMigration()} by plugins that partition the hourly facts.
 */
public interface PartitionMigration {

    /**
     * What a run did.
     *
     * @param migrated   false when the table was partitioned already (nothing changed)
     * @param partitions partitions created
     * @param rows       rows moved
     * @param millis     duration
     * @param keptTable  the kept unpartitioned table, or null when it was dropped
     */
    record Result(boolean migrated, int partitions, long rows, long millis, String keptTable) {
    }

    /**
     * Migrates; runs with the service stopped (captures would wait on the table lock).
     *
     * @param keepOld keep the old table under another name instead of dropping it
     */
    Result migrate(boolean keepOld);
}
