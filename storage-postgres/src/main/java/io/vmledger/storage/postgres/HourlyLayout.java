package io.vmledger.storage.postgres;

/**
 * Whether {@code vm_hourly_stats} is partitioned, and its partitions. Looked up at open and again
 * when a write finds the layout changed (the migration command may run while a service is up).
 */
final class HourlyLayout {
    private final PgDatabase db;
    private final HourlyPartitions partitions = new HourlyPartitions();
    private volatile boolean partitioned;

    HourlyLayout(PgDatabase db) {
        this.db = db;
        refresh();
    }

    boolean partitioned() {
        return partitioned;
    }

    /** Reads the layout from the catalog and forgets cached partitions. */
    void refresh() {
        partitions.forget();
        partitioned = db.inTransaction("inspect vm_hourly_stats", HourlyPartitions::isPartitioned);
    }

    /** Creates missing partitions for the months of {@code from .. to} (inclusive); no-op when unpartitioned. */
    int ensurePartitions(long from, long to) {
        if (!partitioned) {
            return 0;
        }
        return db.inTransaction("create partitions of vm_hourly_stats", c -> partitions.ensure(c, from, to));
    }

    void forget(HourlyPartitions.Partition p) {
        partitions.forget(p);
    }
}
