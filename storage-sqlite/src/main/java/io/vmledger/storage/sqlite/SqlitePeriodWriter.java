package io.vmledger.storage.sqlite;

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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.vmledger.storage.sqlite.SqliteSchema.SUMMARY_COLUMNS;
import static io.vmledger.storage.sqlite.SqliteSchema.placeholders;
import static io.vmledger.storage.sqlite.SqliteSchema.quotedList;
import static io.vmledger.storage.sqlite.SqliteSchema.sql;

/**
 * All outputs of one daily or monthly period in one write transaction. Rows, totals and the registry
 * record are kept in memory while the caller computes them; the write transaction (and the plugin's
 * write lock) is taken only in {@link #commit()}, which removes the period's earlier outputs and writes
 * the new ones, so hourly captures never wait while an aggregation reads and computes. Closing
 * without committing writes nothing.
 */
final class SqlitePeriodWriter implements PeriodWriter {
    private static final System.Logger LOG = System.getLogger(SqlitePeriodWriter.class.getName());

    /** DDL of a summary compatibility table; {@code %s} is its name from CompatTableNames. */
    static final String CREATE_SUMMARY_TABLE = sql("""
            CREATE TABLE %s (
                "Date"               INTEGER NOT NULL,
                "Vcenter"            TEXT    NOT NULL,
                "VmKey"              TEXT    NOT NULL,
                "VmId"               TEXT,
                "VmUuid"             TEXT,
                "Name"               TEXT,
                "SamplesPresent"     INTEGER NOT NULL,
                "TotalSamples"       INTEGER NOT NULL,
                "AvgIsPresent"       REAL    NOT NULL,
                "AvgVcpuCount"       REAL    NOT NULL,
                "AvgRamGB"           REAL    NOT NULL,
                "AvgProvisionedDisk" REAL    NOT NULL,
                "PoolTinPct"         REAL    NOT NULL,
                "PoolBronzePct"      REAL    NOT NULL,
                "PoolSilverPct"      REAL    NOT NULL,
                "PoolGoldPct"        REAL    NOT NULL,
                "PoolOtherPct"       REAL    NOT NULL,
                "FirstSample"        INTEGER NOT NULL,
                "LastSample"         INTEGER NOT NULL,
                "ResourcePool"       TEXT,
                "VcpuCount"          INTEGER NOT NULL,
                "RamGB"              REAL    NOT NULL,
                "ProvisionedDisk"    REAL    NOT NULL,
                "PowerState"         TEXT,
                "Datacenter"         TEXT,
                "Cluster"            TEXT,
                "Folder"             TEXT,
                "CreationTime"       INTEGER,
                "DeletionTime"       INTEGER,
                PRIMARY KEY ("Vcenter", "VmKey")
            ) WITHOUT ROWID""");

    static final String INSERT_SUMMARY = sql("""
            INSERT INTO %s (%s)
            VALUES (%s)""".formatted("%s", quotedList(SUMMARY_COLUMNS), placeholders(SUMMARY_COLUMNS)));

    /** Rows per multi-row insert: 64 x 29 parameters, well within SQLite's limit of 32,766. */
    static final int ROWS_PER_INSERT = 64;

    /**
     * {@link #ROWS_PER_INSERT} summary rows in one statement: SQLite runs one statement per 64 rows instead
     * of one per row, which took a tenth off the monthly writer's insert time.
     */
    static final String INSERT_SUMMARIES = sql("""
            INSERT INTO %s (%s)
            VALUES %s""".formatted("%s", quotedList(SUMMARY_COLUMNS), String.join(",\n       ",
            Collections.nCopies(ROWS_PER_INSERT, "(" + placeholders(SUMMARY_COLUMNS) + ")"))));

    /**
     * Fills a daily summary compatibility table ({@code %s}) from the day's rows just inserted into
     * {@code vm_daily_rollup} instead of binding every row a second time: the rows of a 15,800-VM day then
     * take about 70 ms to insert instead of 100 ms (docs/decisions/0012-sqlite-rollup-read.md).
     */
    static final String COPY_DAILY = sql("""
            INSERT INTO %s (%s)
            SELECT %s
              FROM vm_daily_rollup
             WHERE "Date" = ?
             ORDER BY "Vcenter", "VmKey\"""".formatted("%s", quotedList(SUMMARY_COLUMNS), quotedList(SUMMARY_COLUMNS)));

    private static final String DELETE_DAILY_ROLLUP = sql("""
            DELETE FROM vm_daily_rollup
             WHERE "Date" = ?""");

    private static final String DELETE_AGGREGATES = sql("""
            DELETE FROM vcenter_aggregate_totals
             WHERE "Granularity" = ? AND "PeriodStart" = ?""");

    private final SqliteDatabase db;
    private final boolean canonical;
    private final String tableToDrop;
    private final String compatTable;
    private final Granularity granularity;
    private final long periodStart;
    /** The table the added rows go to: vm_daily_rollup for a day, the summary table for a month. */
    private final String rowTable;
    /** The daily summary compatibility table copied from vm_daily_rollup at commit, or null. */
    private final String copyTable;
    private final List<AggregateTotals> totals = new ArrayList<>();
    private final List<VmSummary> rows = new ArrayList<>();
    /** Keys added so far; only built once rows stop coming in key order (aggregations add them in order). */
    private Set<String> keys;
    private final String label;
    private final long startedNanos = System.nanoTime();
    private SnapshotRecord record;
    private boolean ended;

    /**
     * A writer of the period's outputs; nothing is written before {@link #commit()}.
     *
     * @param canonical   whether rows go to {@code vm_daily_rollup}
     * @param tableToDrop the period's summary compatibility table, dropped at commit if it exists
     * @param compatTable the same name when this run writes it, else null
     */
    SqlitePeriodWriter(SqliteDatabase db, Granularity granularity, long periodStart,
                       boolean canonical, String tableToDrop, String compatTable) {
        this.db = db;
        this.granularity = granularity;
        this.periodStart = periodStart;
        this.canonical = canonical;
        this.tableToDrop = tableToDrop;
        this.compatTable = compatTable;
        this.label = granularity.wire() + " " + (compatTable != null ? compatTable : tableToDrop);
        this.copyTable = canonical ? compatTable : null;
        this.rowTable = canonical ? SqliteSchema.VM_DAILY_ROLLUP : compatTable;
    }

    /** Removes the period's earlier outputs, inside the commit's transaction. */
    private void removeEarlierOutputs(Connection c) throws SQLException {
        if (canonical) {
            try (PreparedStatement ps = c.prepareStatement(DELETE_DAILY_ROLLUP)) {
                ps.setLong(1, periodStart);
                ps.executeUpdate();
            }
        }
        SqliteDatabase.exec(c, "DROP TABLE IF EXISTS " + tableToDrop);
        if (compatTable != null) {
            SqliteDatabase.exec(c, CREATE_SUMMARY_TABLE.formatted(compatTable));
        }
        try (PreparedStatement ps = c.prepareStatement(SqliteSnapshotRegistry.DELETE_PERIOD)) {
            ps.setString(1, granularity.wire());
            ps.setLong(2, periodStart);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_AGGREGATES)) {
            ps.setString(1, granularity.wire());
            ps.setLong(2, periodStart);
            ps.executeUpdate();
        }
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
        int c = Rows.compareCodePoints(a.vcenter(), b.vcenter());
        return c != 0 ? c : Rows.compareCodePoints(a.vmKey(), b.vmKey());
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
        long t1;
        long t2;
        try (SqliteDatabase.WriteTransaction tx = db.beginWrite()) {
            Connection c = tx.connection();
            try {
                removeEarlierOutputs(c);
                t1 = System.nanoTime();
                writeRows(c);
                t2 = System.nanoTime();
                if (!totals.isEmpty()) {
                    SqliteTotalsStore.putAggregates(c, totals);
                }
                if (record != null) {
                    SqliteSnapshotRegistry.register(c, record);
                }
            } catch (SQLException e) {
                throw new StorageException("cannot write the " + label + " outputs: " + e.getMessage(), e);
            }
            tx.commit();
        }
        ended = true;
        long t3 = System.nanoTime();
        // the writer is open while the caller computes its rows: say apart what the commit itself took
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1} summary rows, {2} totals rows; earlier outputs removed in {3} ms,"
                        + " rows inserted in {4} ms, totals, registry and commit {5} ms; {6} ms from opening to commit",
                label, rows.size(), totals.size(), ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - startedNanos));
        return rows.size();
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        LOG.log(System.Logger.Level.INFO, "{0}: not committed, nothing written", label);
    }

    /** Inserts the rows, 64 to a statement, then copies a day's rows into its compatibility table. */
    private void writeRows(Connection c) throws SQLException {
        int i = 0;
        if (rows.size() >= ROWS_PER_INSERT) {
            try (PreparedStatement many = c.prepareStatement(INSERT_SUMMARIES.formatted(rowTable))) {
                for (; i + ROWS_PER_INSERT <= rows.size(); i += ROWS_PER_INSERT) {
                    for (int k = 0; k < ROWS_PER_INSERT; k++) {
                        Rows.bindSummary(many, k * SUMMARY_COLUMNS.size(), rows.get(i + k));
                    }
                    many.executeUpdate();
                }
            }
        }
        if (i < rows.size()) {
            try (PreparedStatement one = c.prepareStatement(INSERT_SUMMARY.formatted(rowTable))) {
                for (; i < rows.size(); i++) {
                    Rows.bindSummary(one, 0, rows.get(i));
                    one.addBatch();
                }
                one.executeBatch();
            }
        }
        if (copyTable != null) {
            try (PreparedStatement ps = c.prepareStatement(COPY_DAILY.formatted(copyTable))) {
                ps.setLong(1, periodStart);
                int copied = ps.executeUpdate();
                if (copied != rows.size()) {
                    // vm_daily_rollup held rows of the day that this writer did not add: it removed them at opening
                    throw new StorageException("copied " + copied + " rows into " + copyTable + " but " + rows.size()
                            + " were added to vm_daily_rollup");
                }
            }
        }
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
