package io.vmledger.storage.postgres;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.StorageException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.vmledger.storage.postgres.PgSchema.sql;

/**
 * All outputs of one daily or monthly period in one transaction on one pooled connection, held from
 * opening to {@link #commit()} or {@link #close()}. Summary rows are buffered and sent by
 * {@code COPY} every {@code capture_write_batch_size} rows (at least 5,000: each COPY costs round trips).
 */
final class PgPeriodWriter implements PeriodWriter {
    private static final System.Logger LOG = System.getLogger(PgPeriodWriter.class.getName());
    private static final int MIN_COPY_ROWS = 5_000;

    /** DDL of a summary compatibility table; {@code %s} is its name from CompatTableNames. */
    static final String CREATE_SUMMARY_TABLE = sql("""
            CREATE TABLE %s (
                "Date"               bigint           NOT NULL,
                "Vcenter"            text COLLATE "C" NOT NULL,
                "VmKey"              text COLLATE "C" NOT NULL,
                "VmId"               text COLLATE "C",
                "VmUuid"             text COLLATE "C",
                "Name"               text COLLATE "C",
                "SamplesPresent"     bigint           NOT NULL,
                "TotalSamples"       bigint           NOT NULL,
                "AvgIsPresent"       double precision NOT NULL,
                "AvgVcpuCount"       double precision NOT NULL,
                "AvgRamGB"           double precision NOT NULL,
                "AvgProvisionedDisk" double precision NOT NULL,
                "PoolTinPct"         double precision NOT NULL,
                "PoolBronzePct"      double precision NOT NULL,
                "PoolSilverPct"      double precision NOT NULL,
                "PoolGoldPct"        double precision NOT NULL,
                "PoolOtherPct"       double precision NOT NULL,
                "FirstSample"        bigint           NOT NULL,
                "LastSample"         bigint           NOT NULL,
                "ResourcePool"       text COLLATE "C",
                "VcpuCount"          integer          NOT NULL,
                "RamGB"              double precision NOT NULL,
                "ProvisionedDisk"    double precision NOT NULL,
                "PowerState"         text COLLATE "C",
                "Datacenter"         text COLLATE "C",
                "Cluster"            text COLLATE "C",
                "Folder"             text COLLATE "C",
                "CreationTime"       bigint,
                "DeletionTime"       bigint,
                PRIMARY KEY ("Vcenter", "VmKey")
            )""");

    static final String COPY_SUMMARY = sql("COPY %s (" + SummaryRows.COLUMNS + ") FROM STDIN (FORMAT text)");

    static final String DELETE_DAILY_ROLLUP = sql("""
            DELETE FROM vm_daily_rollup
             WHERE "Date" = ?""");

    static final String DELETE_AGGREGATES = sql("""
            DELETE FROM vcenter_aggregate_totals
             WHERE "Granularity" = ? AND "PeriodStart" = ?""");

    /** Serialises two runs of the same period (the second waits, then replaces the first's rows). */
    static final String LOCK_PERIOD = "SELECT pg_advisory_xact_lock(hashtextextended(?, 2))";

    private final Connection connection;
    private final Granularity granularity;
    private final long periodStart;
    private final int copyRows;
    private final List<String> targets = new ArrayList<>();
    private final List<AggregateTotals> totals = new ArrayList<>();
    private final String label;
    private final long startedNanos = System.nanoTime();
    private final StringBuilder buffer = new StringBuilder(1 << 16);
    private SnapshotRecord record;
    private int pending;
    private long rows;
    private boolean ended;

    /**
     * Opens the transaction and removes the period's earlier outputs.
     *
     * @param canonical   whether rows go to {@code vm_daily_rollup}
     * @param tableToDrop the period's summary compatibility table, dropped if it exists
     * @param compatTable the same name when this run writes it, else null
     */
    PgPeriodWriter(PgDatabase db, int batchSize, Granularity granularity, long periodStart, boolean canonical,
                   String tableToDrop, String compatTable) {
        this.granularity = granularity;
        this.periodStart = periodStart;
        this.copyRows = Math.max(MIN_COPY_ROWS, batchSize);
        this.label = granularity.wire() + " " + (compatTable != null ? compatTable : tableToDrop);
        // Getting the connection is retried; once rows are written, a failure fails the period.
        this.connection = db.connection("begin the " + label + " outputs");
        boolean ok = false;
        try {
            Connection c = connection;
            try (PreparedStatement ps = c.prepareStatement(LOCK_PERIOD)) {
                ps.setString(1, label);
                ps.execute();
            }
            if (canonical) {
                try (PreparedStatement ps = c.prepareStatement(DELETE_DAILY_ROLLUP)) {
                    ps.setLong(1, periodStart);
                    ps.executeUpdate();
                }
                targets.add(PgSchema.VM_DAILY_ROLLUP);
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + tableToDrop);
                if (compatTable != null) {
                    st.execute(CREATE_SUMMARY_TABLE.formatted(compatTable));
                    targets.add(compatTable);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(PgSnapshotRegistry.DELETE_PERIOD)) {
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
                release(true);
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
        SummaryRows.appendCopyLine(buffer, row);
        rows++;
        if (++pending >= copyRows) {
            flush();
        }
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
            flush();
            if (!totals.isEmpty()) {
                PgTotalsStore.putAggregates(connection, totals);
            }
            if (record != null) {
                PgSnapshotRegistry.register(connection, record);
            }
            connection.commit();
        } catch (SQLException e) {
            release(true);
            throw new StorageException("cannot write the " + label + " outputs: " + e.getMessage(), e);
        }
        release(false);
        LOG.log(System.Logger.Level.INFO, "{0}: {1} summary rows, {2} totals rows committed in {3} ms", label, rows,
                totals.size(), (System.nanoTime() - startedNanos) / 1_000_000);
        return rows;
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        release(true);
        LOG.log(System.Logger.Level.INFO, "{0}: rolled back (not committed)", label);
    }

    /** Sends the buffered rows to every target by COPY. */
    private void flush() {
        if (pending == 0) {
            return;
        }
        String text = buffer.toString();
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (String table : targets) {
                copy.copyIn(COPY_SUMMARY.formatted(table), new StringReader(text));
            }
        } catch (SQLException | java.io.IOException e) {
            release(true);
            throw new StorageException("cannot write the " + label + " rows: " + e.getMessage(), e);
        }
        buffer.setLength(0);
        pending = 0;
    }

    private void ensureOpen() {
        if (ended) {
            throw new IllegalStateException("the " + label + " writer is already committed or closed");
        }
    }

    private void release(boolean rollback) {
        ended = true;
        try {
            if (rollback && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "rollback of " + label + " failed: " + e.getMessage());
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the connection of " + label + " failed: " + e.getMessage());
            }
        }
    }
}
