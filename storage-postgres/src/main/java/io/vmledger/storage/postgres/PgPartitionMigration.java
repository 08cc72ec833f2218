package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.CanonicalSchema;
import io.vmledger.storage.spi.PartitionMigration;
import io.vmledger.storage.spi.StorageException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Migrates an unpartitioned {@code vm_hourly_stats} (created with
 * {@code storage.postgres.partitioning=none}, or by an older install) to monthly range partitions,
 * in one transaction: the table is renamed to {@code vm_hourly_stats_unpartitioned}, a partitioned
 * {@code vm_hourly_stats} with the same columns and key takes its place, a partition is created for
 * every month that has rows (and for the current month and the months ahead), the rows are copied
 * month by month, and the old table is dropped (or kept). Any failure rolls everything back: no row is
 * lost and the old table stays in place. Capture and aggregation wait for the table lock while it runs;
 * the copy moved about 500,000 rows a second on the 2-core development machine (docs/storage-postgres.md).
 * Offered as the store's {@link PartitionMigration}; {@code bin/vmledger migrate-partitions} runs it.
 */
final class PgPartitionMigration implements PartitionMigration {
    private static final System.Logger LOG = System.getLogger(PgPartitionMigration.class.getName());
    static final String OLD = CanonicalSchema.VM_HOURLY_STATS + "_unpartitioned";

    private final PgDatabase db;
    private final HourlyLayout layout;

    PgPartitionMigration(PgDatabase db, HourlyLayout layout) {
        this.db = db;
        this.layout = layout;
    }

    @Override
    public Result migrate(boolean keepOld) {
        long t0 = System.nanoTime();
        int ahead = db.options().partitionsAhead();
        Result result;
        try {
            result = db.autonomous("migrate vm_hourly_stats to partitions", c -> migrate(c, ahead, keepOld, t0));
            if (result.migrated()) {
                db.autonomous("analyze vm_hourly_stats", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("ANALYZE " + CanonicalSchema.VM_HOURLY_STATS);
                    }
                    return null;
                });
            }
        } catch (StorageException e) {
            if (!(e.getCause() instanceof SQLException)) {
                throw e; // says itself that nothing was changed
            }
            throw new StorageException("cannot migrate vm_hourly_stats to monthly partitions (nothing was changed): "
                    + e.getMessage(), e);
        }
        layout.refresh();
        LOG.log(System.Logger.Level.INFO, result.migrated()
                ? "vm_hourly_stats migrated to monthly partitions: {0} partitions, {1} rows copied in {2} ms"
                + (keepOld ? "; the old table is kept as " + OLD : "")
                : "vm_hourly_stats is partitioned already; nothing to do", result.partitions(), result.rows(),
                result.millis());
        return result;
    }

    private static Result migrate(Connection c, int ahead, boolean keepOld, long t0) throws SQLException {
        try (Statement st = c.createStatement()) {
            // Wait for running captures, but not forever.
            st.execute("SET LOCAL lock_timeout = '60s'");
            st.execute("LOCK TABLE " + CanonicalSchema.VM_HOURLY_STATS + " IN ACCESS EXCLUSIVE MODE");
            if (HourlyPartitions.isPartitioned(c)) {
                return new Result(false, 0, 0, (System.nanoTime() - t0) / 1_000_000, null);
            }
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + OLD + "') IS NOT NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new StorageException("table " + OLD + " exists (kept by an earlier migration?); drop or "
                            + "rename it first; nothing was changed");
                }
            }
            st.execute("ALTER TABLE " + CanonicalSchema.VM_HOURLY_STATS + " RENAME TO " + OLD);
            st.execute("ALTER TABLE " + OLD + " RENAME CONSTRAINT vm_hourly_stats_pkey TO " + OLD + "_pkey");
            // Same columns, defaults, constraints and indexes (so the key is ("SnapshotTime","Vcenter","VmKey")).
            st.execute("CREATE TABLE " + CanonicalSchema.VM_HOURLY_STATS + " (LIKE " + OLD + " INCLUDING ALL) "
                    + PostgresStorageProvider.PARTITION_CLAUSE);

            YearMonth now = YearMonth.now(ZoneOffset.UTC);
            YearMonth first = now;
            YearMonth last = now.plusMonths(ahead);
            try (ResultSet rs = st.executeQuery(PgDialect.checked(
                    "SELECT min(\"SnapshotTime\"), max(\"SnapshotTime\") FROM " + OLD))) {
                rs.next();
                long min = rs.getLong(1);
                if (!rs.wasNull()) {
                    YearMonth lo = HourlyPartitions.monthOf(min);
                    YearMonth hi = HourlyPartitions.monthOf(rs.getLong(2));
                    first = lo.isBefore(first) ? lo : first;
                    last = hi.isAfter(last) ? hi : last;
                }
            }
            int partitions = 0;
            long rows = 0;
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                long lo = HourlyPartitions.startOf(m);
                long hi = HourlyPartitions.startOf(m.plusMonths(1));
                st.execute(HourlyPartitions.createSql(m));
                partitions++;
                long m0 = System.nanoTime();
                long copied = st.executeLargeUpdate(PgDialect.checked("INSERT INTO " + CanonicalSchema.VM_HOURLY_STATS
                        + " SELECT * FROM " + OLD + " WHERE \"SnapshotTime\" >= " + lo + " AND \"SnapshotTime\" < " + hi));
                rows += copied;
                if (copied > 0) {
                    LOG.log(System.Logger.Level.INFO, "partition {0}: {1} rows copied in {2} ms",
                            HourlyPartitions.nameOf(m), copied, (System.nanoTime() - m0) / 1_000_000);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + OLD)) {
                rs.next();
                if (rs.getLong(1) != rows) {
                    throw new StorageException("copied " + rows + " rows but " + OLD + " holds " + rs.getLong(1)
                            + "; rolled back, nothing was changed");
                }
            }
            if (!keepOld) {
                st.execute("DROP TABLE " + OLD);
            }
            return new Result(true, partitions, rows, (System.nanoTime() - t0) / 1_000_000, keepOld ? OLD : null);
        }
    }
}
