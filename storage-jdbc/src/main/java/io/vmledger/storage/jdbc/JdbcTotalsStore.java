package io.vmledger.storage.jdbc;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.storage.spi.TotalsStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.vmledger.storage.jdbc.CanonicalSchema.AGGREGATE_TOTALS_COLUMNS;
import static io.vmledger.storage.jdbc.CanonicalSchema.TOTALS_COLUMNS;
import static io.vmledger.storage.jdbc.CanonicalSchema.placeholders;
import static io.vmledger.storage.jdbc.CanonicalSchema.quotedList;

/** {@code vcenter_totals}, {@code vcenter_latest_totals} and {@code vcenter_aggregate_totals}. */
public final class JdbcTotalsStore implements TotalsStore {
    private static final System.Logger LOG = System.getLogger(JdbcTotalsStore.class.getName());
    private static final String TOTALS = quotedList(TOTALS_COLUMNS);
    private static final String AGGREGATES = quotedList(AGGREGATE_TOTALS_COLUMNS);

    private final JdbcDatabase db;
    private final String upsertTotals;
    private final String upsertLatest;
    private final String latest;
    private final String upsertAggregate;
    // the read statements, public so that a plugin's tests can check their plans
    /** A vCenter's snapshot totals over a window: vCenter, start, end. */
    public final String series;
    /** A vCenter's aggregate totals of a granularity over a window: vCenter, granularity, start, end. */
    public final String aggregates;
    private final String rebuildTotals;
    private final String rebuildLatest;
    private final String deleteTotalsBefore;
    private final String deleteHourlyAggregatesBefore;

    public JdbcTotalsStore(JdbcDatabase db, Dialect dialect) {
        this.db = db;
        this.upsertTotals = dialect.sql("""
                INSERT INTO vcenter_totals (%s)
                VALUES (%s)
                ON CONFLICT ("Vcenter", "SnapshotTime") DO UPDATE SET
                    "VmCount"        = excluded."VmCount",
                    "PoweredOnCount" = excluded."PoweredOnCount",
                    "VcpuTotal"      = excluded."VcpuTotal",
                    "RamTotalGB"     = excluded."RamTotalGB",
                    "DiskTotalGB"    = excluded."DiskTotalGB\"""".formatted(TOTALS, placeholders(TOTALS_COLUMNS)));
        // latest totals only move forward: an older snapshot never replaces a newer one
        this.upsertLatest = dialect.sql("""
                INSERT INTO vcenter_latest_totals (%s)
                VALUES (%s)
                ON CONFLICT ("Vcenter") DO UPDATE SET
                    "SnapshotTime"   = excluded."SnapshotTime",
                    "VmCount"        = excluded."VmCount",
                    "PoweredOnCount" = excluded."PoweredOnCount",
                    "VcpuTotal"      = excluded."VcpuTotal",
                    "RamTotalGB"     = excluded."RamTotalGB",
                    "DiskTotalGB"    = excluded."DiskTotalGB"
                 WHERE excluded."SnapshotTime" >= vcenter_latest_totals."SnapshotTime\"""".formatted(TOTALS,
                placeholders(TOTALS_COLUMNS)));
        this.series = dialect.sql("""
                SELECT %s
                  FROM vcenter_totals
                 WHERE "Vcenter" = ? AND "SnapshotTime" >= ? AND "SnapshotTime" < ?
                 ORDER BY "SnapshotTime\"""".formatted(TOTALS));
        this.latest = dialect.sql("""
                SELECT %s
                  FROM vcenter_latest_totals
                 ORDER BY "Vcenter\"""".formatted(TOTALS));
        this.upsertAggregate = dialect.sql("""
                INSERT INTO vcenter_aggregate_totals (%s)
                VALUES (%s)
                ON CONFLICT ("Vcenter", "Granularity", "PeriodStart") DO UPDATE SET
                    "SnapshotCount"     = excluded."SnapshotCount",
                    "AvgVmCount"        = excluded."AvgVmCount",
                    "AvgPoweredOnCount" = excluded."AvgPoweredOnCount",
                    "AvgVcpuTotal"      = excluded."AvgVcpuTotal",
                    "AvgRamTotalGB"     = excluded."AvgRamTotalGB",
                    "AvgDiskTotalGB"    = excluded."AvgDiskTotalGB",
                    "MaxVmCount"        = excluded."MaxVmCount\"""".formatted(AGGREGATES,
                placeholders(AGGREGATE_TOTALS_COLUMNS)));
        this.aggregates = dialect.sql("""
                SELECT %s
                  FROM vcenter_aggregate_totals
                 WHERE "Vcenter" = ? AND "Granularity" = ? AND "PeriodStart" >= ? AND "PeriodStart" < ?
                 ORDER BY "PeriodStart\"""".formatted(AGGREGATES));
        // every snapshot gets a row, also one of templates only (then with zero counts)
        this.rebuildTotals = dialect.sql("""
                INSERT INTO vcenter_totals (%s)
                SELECT "Vcenter",
                       "SnapshotTime",
                       count(*) FILTER (WHERE NOT "IsTemplate"),
                       count(*) FILTER (WHERE NOT "IsTemplate" AND "PowerState" = 'poweredOn'),
                       coalesce(sum("VcpuCount") FILTER (WHERE NOT "IsTemplate"), 0),
                       coalesce(sum("RamGB") FILTER (WHERE NOT "IsTemplate"), 0),
                       coalesce(sum("ProvisionedDisk") FILTER (WHERE NOT "IsTemplate"), 0)
                  FROM vm_hourly_stats
                 GROUP BY "SnapshotTime", "Vcenter\"""".formatted(TOTALS));
        this.rebuildLatest = dialect.sql("""
                INSERT INTO vcenter_latest_totals (%1$s)
                SELECT %1$s
                  FROM vcenter_totals AS t
                 WHERE "SnapshotTime" = (SELECT max(m."SnapshotTime")
                                           FROM vcenter_totals AS m
                                          WHERE m."Vcenter" = t."Vcenter")""".formatted(TOTALS));
        this.deleteTotalsBefore = dialect.sql("""
                DELETE FROM vcenter_totals
                 WHERE "SnapshotTime" < ?""");
        this.deleteHourlyAggregatesBefore = dialect.sql("""
                DELETE FROM vcenter_aggregate_totals
                 WHERE "Granularity" = 'hourly' AND "PeriodStart" < ?""");
    }

    @Override
    public void putSnapshotTotals(VcenterTotals totals) {
        db.write("write totals of " + totals.vcenter() + "@" + totals.snapshotTime(), c -> {
            for (String sql : List.of(upsertTotals, upsertLatest)) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, totals);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<VcenterTotals> series(String vcenter, TimeWindow window) {
        return db.read("read totals of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(series)) {
                ps.setString(1, vcenter);
                ps.setLong(2, window.start());
                ps.setLong(3, window.end());
                return readTotals(ps);
            }
        });
    }

    @Override
    public List<VcenterTotals> latest() {
        return db.read("read latest totals", c -> {
            try (PreparedStatement ps = c.prepareStatement(latest)) {
                return readTotals(ps);
            }
        });
    }

    @Override
    public void putAggregates(Collection<AggregateTotals> rows) {
        if (rows.isEmpty()) {
            return;
        }
        db.write("write " + rows.size() + " aggregate totals", c -> {
            putAggregates(c, rows);
            return null;
        });
    }

    /** Upserts aggregate rows on {@code c}; the last row of a key wins. Used by the period writers too. */
    void putAggregates(Connection c, Collection<AggregateTotals> rows) throws SQLException {
        // a batch may become one multi-row statement (PostgreSQL), which can name a key only once
        Map<List<Object>, AggregateTotals> unique = new LinkedHashMap<>();
        for (AggregateTotals a : rows) {
            unique.put(List.of(a.vcenter(), a.granularity(), a.periodStart()), a);
        }
        try (PreparedStatement ps = c.prepareStatement(upsertAggregate)) {
            for (AggregateTotals a : unique.values()) {
                ps.setString(1, a.vcenter());
                ps.setString(2, a.granularity().wire());
                ps.setLong(3, a.periodStart());
                ps.setInt(4, a.snapshotCount());
                ps.setDouble(5, a.avgVmCount());
                ps.setDouble(6, a.avgPoweredOnCount());
                ps.setDouble(7, a.avgVcpuTotal());
                ps.setDouble(8, a.avgRamTotalGb());
                ps.setDouble(9, a.avgDiskTotalGb());
                ps.setInt(10, a.maxVmCount());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public List<AggregateTotals> aggregates(String vcenter, Granularity granularity, TimeWindow window) {
        return db.read("read aggregate totals of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(aggregates)) {
                ps.setString(1, vcenter);
                ps.setString(2, granularity.wire());
                ps.setLong(3, window.start());
                ps.setLong(4, window.end());
                List<AggregateTotals> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AggregateTotals(rs.getString(1), Granularity.fromWire(rs.getString(2)),
                                rs.getLong(3), rs.getInt(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7),
                                rs.getDouble(8), rs.getDouble(9), rs.getInt(10)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long rebuildFromHourly() {
        long t0 = System.nanoTime();
        long rows = db.write("rebuild totals from vm_hourly_stats", c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM vcenter_totals");
                long n = st.executeLargeUpdate(rebuildTotals);
                st.executeUpdate("DELETE FROM vcenter_latest_totals");
                st.executeUpdate(rebuildLatest);
                return n;
            }
        });
        LOG.log(System.Logger.Level.INFO, "vcenter_totals rebuilt from vm_hourly_stats: {0} rows in {1} ms", rows,
                (System.nanoTime() - t0) / 1_000_000);
        return rows;
    }

    @Override
    public long deleteBefore(long time) {
        return db.write("apply totals retention before " + time, c -> {
            long n = 0;
            for (String sql : List.of(deleteTotalsBefore, deleteHourlyAggregatesBefore)) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, time);
                    n += ps.executeLargeUpdate();
                }
            }
            return n;
        });
    }

    private static void bind(PreparedStatement ps, VcenterTotals t) throws SQLException {
        ps.setString(1, t.vcenter());
        ps.setLong(2, t.snapshotTime());
        ps.setInt(3, t.vmCount());
        ps.setInt(4, t.poweredOnCount());
        ps.setLong(5, t.vcpuTotal());
        ps.setDouble(6, t.ramTotalGb());
        ps.setDouble(7, t.diskTotalGb());
    }

    private static List<VcenterTotals> readTotals(PreparedStatement ps) throws SQLException {
        List<VcenterTotals> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new VcenterTotals(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                        rs.getDouble(6), rs.getDouble(7)));
            }
        }
        return out;
    }
}
