package io.vmledger.storage.jdbc;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.StorageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * All outputs of one daily or monthly period in one write transaction. Rows, totals and the registry record
 * are kept in memory while the caller computes them (a period holds one row per VM, about 15,000 at the
 * target scale); the write transaction is taken only in {@link #commit()}, which removes the period's
 * earlier outputs and writes the new ones, so other writers never wait while an aggregation reads and
 * computes. Closing without committing writes nothing.
 */
public final class JdbcPeriodWriter implements PeriodWriter {
    private static final System.Logger LOG = System.getLogger(JdbcPeriodWriter.class.getName());
    static final List<String> KEY = List.of(CanonicalSchema.VCENTER, CanonicalSchema.VM_KEY);

    /** What a period writer writes through. */
    public record Stores(JdbcDatabase db, Dialect dialect, JdbcTotalsStore totals, JdbcSnapshotRegistry registry,
                         int batchSize) {
    }

    private final Stores stores;
    private final Granularity granularity;
    private final long periodStart;
    private final boolean canonical;
    private final String tableToDrop;
    private final String compatTable;
    private final String label;
    private final List<VmSummary> rows = new ArrayList<>();
    private final List<AggregateTotals> totals = new ArrayList<>();
    /** Keys added so far; only built once rows stop coming in key order (aggregations add them in order). */
    private Set<String> keys;
    private final long startedNanos = System.nanoTime();
    private SnapshotRecord record;
    private boolean ended;

    /**
     * @param canonical   whether rows go to {@code vm_daily_rollup} (a day) rather than the summary table (a month)
     * @param tableToDrop the period's summary compatibility table, dropped at commit if it exists
     * @param compatTable the same name when this run writes it, else null
     */
    JdbcPeriodWriter(Stores stores, Granularity granularity, long periodStart, boolean canonical, String tableToDrop,
                     String compatTable) {
        this.stores = stores;
        this.granularity = granularity;
        this.periodStart = periodStart;
        this.canonical = canonical;
        this.tableToDrop = tableToDrop;
        this.compatTable = compatTable;
        this.label = granularity.wire() + " " + (compatTable != null ? compatTable : tableToDrop);
    }

    @Override
    public void add(VmSummary row) {
        ensureOpen();
        if (row.periodStart() != periodStart) {
            throw new IllegalArgumentException("summary row of " + row.vcenter() + "/" + row.vmKey() + " has period "
                    + row.periodStart() + ", the writer's period is " + periodStart);
        }
        if (!isNewKey(row)) {
            throw new IllegalArgumentException("summary row of " + row.vcenter() + "/" + row.vmKey()
                    + " is added twice to the " + label + " outputs");
        }
        rows.add(row);
    }

    /** Whether no row of {@code row}'s key was added before: rows in ascending key order need no lookup. */
    private boolean isNewKey(VmSummary row) {
        if (keys == null) {
            if (rows.isEmpty() || compareKeys(rows.get(rows.size() - 1), row) < 0) {
                return true;
            }
            keys = new HashSet<>(rows.size() * 2);
            for (VmSummary r : rows) {
                keys.add(key(r));
            }
        }
        return keys.add(key(row));
    }

    private static int compareKeys(VmSummary a, VmSummary b) {
        int c = Sql.compareCodePoints(a.vcenter(), b.vcenter());
        return c != 0 ? c : Sql.compareCodePoints(a.vmKey(), b.vmKey());
    }

    private static String key(VmSummary row) {
        return row.vcenter() + '\u0000' + row.vmKey();
    }

    @Override
    public void addTotals(AggregateTotals row) {
        ensureOpen();
        if (row.granularity() != granularity || row.periodStart() != periodStart) {
            throw new IllegalArgumentException("aggregate totals of " + row.vcenter() + " are for "
                    + row.granularity().wire() + " " + row.periodStart() + ", the writer's period is "
                    + granularity.wire() + " " + periodStart);
        }
        totals.add(row);
    }

    @Override
    public void register(SnapshotRecord r) {
        ensureOpen();
        if (r.type() != granularity || r.snapshotTime() != periodStart) {
            throw new IllegalArgumentException("registry record " + r.type().wire() + " " + r.snapshotTime()
                    + " is not the writer's period " + granularity.wire() + " " + periodStart);
        }
        record = r;
    }

    @Override
    public long commit() {
        ensureOpen();
        long t0 = System.nanoTime();
        long[] marks = new long[2];
        try {
            stores.db().write("write the " + label + " outputs", c -> {
                // a second run of the same period (another process) waits, then replaces this one's rows
                stores.dialect().lock(c, "period " + label);
                removeEarlierOutputs(c);
                marks[0] = System.nanoTime();
                writeRows(c);
                marks[1] = System.nanoTime();
                if (!totals.isEmpty()) {
                    stores.totals().putAggregates(c, totals);
                }
                if (record != null) {
                    stores.registry().register(c, record);
                }
                return null;
            });
        } finally {
            ended = true;
        }
        long t3 = System.nanoTime();
        // the writer is open while the caller computes its rows: say apart what the commit itself took
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1} summary rows, {2} totals rows; earlier outputs removed in {3} ms,"
                        + " rows inserted in {4} ms, totals, registry and commit {5} ms; {6} ms from opening to commit",
                label, rows.size(), totals.size(), ms(marks[0] - t0), ms(marks[1] - marks[0]), ms(t3 - marks[1]),
                ms(t3 - startedNanos));
        return rows.size();
    }

    /** Removes the period's earlier outputs, inside the commit's transaction. */
    private void removeEarlierOutputs(Connection c) throws SQLException {
        Dialect dialect = stores.dialect();
        if (canonical) {
            try (PreparedStatement ps = c.prepareStatement(dialect.sql("""
                    DELETE FROM vm_daily_rollup
                     WHERE "Date" = ?"""))) {
                ps.setLong(1, periodStart);
                ps.executeUpdate();
            }
        }
        Sql.exec(c, "DROP TABLE IF EXISTS " + tableToDrop);
        if (compatTable != null) {
            dialect.createTableLike(c, compatTable, CanonicalSchema.VM_DAILY_ROLLUP, KEY);
        }
        stores.registry().deletePeriod(c, granularity, periodStart);
        try (PreparedStatement ps = c.prepareStatement(dialect.sql("""
                DELETE FROM vcenter_aggregate_totals
                 WHERE "Granularity" = ? AND "PeriodStart" = ?"""))) {
            ps.setString(1, granularity.wire());
            ps.setLong(2, periodStart);
            ps.executeUpdate();
        }
    }

    /**
     * Inserts the rows into their table; a day's compatibility table is then filled from the day's rows just
     * inserted into {@code vm_daily_rollup} instead of sending every row a second time (on SQLite the rows of
     * a 15,800-VM day take about 70 ms to insert this way instead of 100 ms, docs/decisions/0012).
     */
    private void writeRows(Connection c) throws SQLException {
        Dialect dialect = stores.dialect();
        String rowTable = canonical ? CanonicalSchema.VM_DAILY_ROLLUP : compatTable;
        dialect.insert(c, rowTable, SummaryRows.CODEC, rows, stores.batchSize());
        if (canonical && compatTable != null) {
            String columns = CanonicalSchema.quotedList(CanonicalSchema.SUMMARY_COLUMNS);
            try (PreparedStatement ps = c.prepareStatement(dialect.sql("""
                    INSERT INTO %s (%s)
                    SELECT %s
                      FROM vm_daily_rollup
                     WHERE "Date" = ?
                     ORDER BY "Vcenter", "VmKey\"""".formatted(compatTable, columns, columns)))) {
                ps.setLong(1, periodStart);
                int copied = ps.executeUpdate();
                if (copied != rows.size()) {
                    // vm_daily_rollup held rows of the day that this writer did not add
                    throw new StorageException("copied " + copied + " rows into " + compatTable + " but " + rows.size()
                            + " were added to vm_daily_rollup");
                }
            }
        }
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        LOG.log(System.Logger.Level.INFO, "{0}: not committed, nothing written", label);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private void ensureOpen() {
        if (ended) {
            throw new IllegalStateException("the " + label + " writer is already committed or closed");
        }
    }
}
