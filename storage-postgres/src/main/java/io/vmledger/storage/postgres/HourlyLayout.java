package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.JdbcDatabase;

import java.sql.SQLException;

/**
 * Whether {@code vm_hourly_stats} is partitioned, and its partitions. Looked up at open and again
 * when a write finds the layout changed (the migration command may run while a service is up).
 * Partition DDL runs in transactions of its own, so the hourly write never holds a DDL lock.
 */
final class HourlyLayout {
    /** SQLSTATE of "no partition of relation found for row". */
    private static final String NO_PARTITION = "23514";

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
        partitioned = db.autonomous("inspect vm_hourly_stats", HourlyPartitions::isPartitioned);
    }

    /** Creates missing partitions for the months of {@code from .. to} (inclusive); no-op when unpartitioned. */
    int ensurePartitions(long from, long to) {
        if (!partitioned) {
            return 0;
        }
        return db.autonomous("create partitions of vm_hourly_stats", c -> partitions.ensure(c, from, to));
    }

    /** Whether a failed hourly write met a missing partition; then looks at the layout again and creates it. */
    boolean recover(RuntimeException failure, long time) {
        SQLException cause = JdbcDatabase.sqlCause(failure);
        if (cause == null || !NO_PARTITION.equals(cause.getSQLState())) {
            return false;
        }
        refresh();
        ensurePartitions(time, time);
        return true;
    }

    void forget(HourlyPartitions.Partition p) {
        partitions.forget(p);
    }
}
