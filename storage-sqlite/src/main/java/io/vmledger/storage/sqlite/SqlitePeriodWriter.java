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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.vmledger.storage.sqlite.SqliteSchema.SUMMARY_COLUMNS;
import static io.vmledger.storage.sqlite.SqliteSchema.placeholders;
import static io.vmledger.storage.sqlite.SqliteSchema.quotedList;
import static io.vmledger.storage.sqlite.SqliteSchema.sql;

/**
 * All outputs of one daily or monthly period in one write transaction. The transaction (and the
 * plugin's write lock) is held from opening to {@link #commit()} or {@link #close()}, which must happen
 * on the thread that opened the writer; other threads' writes wait meanwhile.
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

    private static final String DELETE_DAILY_ROLLUP = sql("""
            DELETE FROM vm_daily_rollup
             WHERE "Date" = ?""");

    private static final String DELETE_AGGREGATES = sql("""
            DELETE FROM vcenter_aggregate_totals
             WHERE "Granularity" = ? AND "PeriodStart" = ?""");

    private final SqliteDatabase.WriteTransaction tx;
    private final Granularity granularity;
    private final long periodStart;
    private final int batchSize;
    private final List<PreparedStatement> targets = new ArrayList<>();
    private final List<AggregateTotals> totals = new ArrayList<>();
    private final List<VmSummary> rows = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private final String label;
    private final long startedNanos = System.nanoTime();
    private SnapshotRecord record;
    private boolean ended;

    /**
     * Opens the transaction and removes the period's earlier outputs.
     *
     * @param canonical   whether rows go to {@code vm_daily_rollup}
     * @param tableToDrop the period's summary compatibility table, dropped if it exists
     * @param compatTable the same name when this run writes it, else null
     */
    SqlitePeriodWriter(SqliteDatabase db, int batchSize, Granularity granularity, long periodStart,
                       boolean canonical, String tableToDrop, String compatTable) {
        this.granularity = granularity;
        this.periodStart = periodStart;
        this.batchSize = batchSize;
        this.label = granularity.wire() + " " + (compatTable != null ? compatTable : tableToDrop);
        this.tx = db.beginWrite();
        boolean ok = false;
        try {
            Connection c = tx.connection();
            if (canonical) {
                try (PreparedStatement ps = c.prepareStatement(DELETE_DAILY_ROLLUP)) {
                    ps.setLong(1, periodStart);
                    ps.executeUpdate();
                }
                targets.add(c.prepareStatement(INSERT_SUMMARY.formatted(SqliteSchema.VM_DAILY_ROLLUP)));
            }
            SqliteDatabase.exec(c, "DROP TABLE IF EXISTS " + tableToDrop);
            if (compatTable != null) {
                SqliteDatabase.exec(c, CREATE_SUMMARY_TABLE.formatted(compatTable));
                targets.add(c.prepareStatement(INSERT_SUMMARY.formatted(compatTable)));
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
            ok = true;
        } catch (SQLException e) {
            throw new StorageException("cannot begin the " + label + " outputs: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                closeTargets();
                tx.close();
            }
        }
    }

    @Override
    public void add(VmSummary row) {
        ensureOpen();
        if (row.periodStart() != periodStart) {
            throw new IllegalArgumentException("summary row of " + row.vcenter() + "/" + row.vmKey() + " has period "
                    + row.periodStart() + ", the writer's period is " + periodStart);
        }
        if (!keys.add(row.vcenter() + '\u0000' + row.vmKey())) {
            throw new IllegalArgumentException("summary row of " + row.vcenter() + "/" + row.vmKey()
                    + " is added twice to the " + label + " outputs");
        }
        rows.add(row);
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
        try {
            writeRows();
            Connection c = tx.connection();
            if (!totals.isEmpty()) {
                SqliteTotalsStore.putAggregates(c, totals);
            }
            if (record != null) {
                SqliteSnapshotRegistry.register(c, record);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot write the " + label + " outputs: " + e.getMessage(), e);
        }
        closeTargets();
        tx.commit();
        ended = true;
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1} summary rows, {2} totals rows committed in {3} ms", label,
                rows.size(), totals.size(), (System.nanoTime() - startedNanos) / 1_000_000);
        return rows.size();
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        closeTargets();
        tx.close();
        LOG.log(System.Logger.Level.INFO, "{0}: rolled back (not committed)", label);
    }

    /** Inserts the rows into every target in batches; a key repeated within the period fails the commit. */
    private void writeRows() throws SQLException {
        for (PreparedStatement ps : targets) {
            int pending = 0;
            for (VmSummary row : rows) {
                Rows.bindSummary(ps, row);
                ps.addBatch();
                if (++pending == batchSize) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private void ensureOpen() {
        if (ended) {
            throw new IllegalStateException("the " + label + " writer is already committed or closed");
        }
    }

    private void closeTargets() {
        for (PreparedStatement ps : targets) {
            try {
                ps.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a statement failed: " + e.getMessage());
            }
        }
        targets.clear();
    }
}
