package io.vmledger.benchmarks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbColumn;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.vmledger.api.Page;
import io.vmledger.api.PowerState;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.SummarySort;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The API's read queries through Helidon's DB Client ({@code helidon-dbclient-jdbc}, over a HikariCP pool of
 * the same size on the same schema) against the same reads through the storage plugin (plain JDBC with its
 * binary cursor and text dictionary), one after the other on the benchmark's month: a VM's trace over the
 * month (the API's trace endpoint), and a page of a day's summary (100 rows, the API default, and 10,000,
 * its maximum). Each DB Client read runs the plugin's statement text with the same parameters and maps the
 * {@code DbRow}s to the same records, which both sides must agree on. The figures are recorded in
 * docs/decisions/0101-plain-jdbc-not-dbclient.md.
 */
final class DbClientComparison {
    private static final String HOURLY = """
            "SnapshotTime", "Vcenter", "VmKey", "VmId", "VmUuid", "Name", "CreationTime", "DeletionTime",
            "ResourcePool", "Datacenter", "Cluster", "Folder", "VcpuCount", "RamGB", "ProvisionedDisk",
            "PowerState", "IsTemplate\"""";
    private static final String TRACE = """
            SELECT %s
              FROM vm_hourly_snapshots AS s
              JOIN vm_hourly_stats AS h
                ON h."SnapshotTime" = s."SnapshotTime" AND h."Vcenter" = s."Vcenter" AND h."VmKey" = ?
               AND h."SnapshotTime" >= ? AND h."SnapshotTime" < ?
             WHERE s."Vcenter" = ? AND s."SnapshotTime" >= ? AND s."SnapshotTime" < ?
             ORDER BY s."SnapshotTime\"""".formatted(HOURLY.replace("\"SnapshotTime\"", "h.\"SnapshotTime\"")
            .replace("\"Vcenter\", \"VmKey\"", "h.\"Vcenter\", h.\"VmKey\""));
    private static final String PAGE = """
            SELECT "Date", "Vcenter", "VmKey", "VmId", "VmUuid", "Name", "SamplesPresent", "TotalSamples",
                   "AvgIsPresent", "AvgVcpuCount", "AvgRamGB", "AvgProvisionedDisk", "PoolTinPct", "PoolBronzePct",
                   "PoolSilverPct", "PoolGoldPct", "PoolOtherPct", "FirstSample", "LastSample", "ResourcePool",
                   "VcpuCount", "RamGB", "ProvisionedDisk", "PowerState", "Datacenter", "Cluster", "Folder",
                   "CreationTime", "DeletionTime"
              FROM vm_daily_rollup
             WHERE "Date" = ?
             ORDER BY "Name" ASC NULLS LAST, "Vcenter", "VmKey"
             LIMIT ? OFFSET 0""";
    private static final String COUNT = "SELECT count(*) FROM vm_daily_rollup WHERE \"Date\" = ?";

    private final PrintStream out;

    DbClientComparison(PrintStream out) {
        this.out = out;
    }

    void run(Storage store, String url, String user, String password, String schema, long monthStart, long monthEnd,
             long dayStart, int runs) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.addDataSourceProperty("currentSchema", schema);
        c.setMaximumPoolSize(8);
        c.setPoolName("dbclient-comparison");
        try (HikariDataSource pool = new HikariDataSource(c)) {
            DbClient db = JdbcClientBuilder.create().connectionPool(() -> {
                try {
                    return pool.getConnection();
                } catch (SQLException e) {
                    throw new IllegalStateException("no connection for the DB Client: " + e.getMessage(), e);
                }
            }).build();
            TimeWindow month = new TimeWindow(monthStart, monthEnd);
            String vc = BenchFleet.vcenter(1);
            out.printf(Locale.ROOT, "%nthe API's reads: storage plugin (plain JDBC) against Helidon DB Client, %d runs each "
                    + "after 3 warm-ups (min / median)%n", runs);
            compare("trace of one VM over the month", runs,
                    () -> store.hourly().trace(vc, "vm-1017", month),
                    () -> db.execute().query(TRACE, "vm-1017", monthStart, monthEnd, vc, monthStart, monthEnd)
                            .map(DbClientComparison::sample).toList());
            for (int limit : new int[] {100, 10_000}) {
                SummaryQuery q = new SummaryQuery(null, null, null, SummarySort.NAME, false, limit, 0);
                compare("daily summary page of " + limit + " rows", runs,
                        () -> store.rollups().daily(dayStart, q).items(),
                        () -> {
                            long total = db.execute().get(COUNT, dayStart).orElseThrow().column(1).get(Long.class);
                            List<VmSummary> items = db.execute().query(PAGE, dayStart, limit)
                                    .map(DbClientComparison::summary).toList();
                            return new Page<>(items, total, limit, 0).items();
                        });
            }
        }
    }

    private <T> void compare(String what, int runs, Supplier<List<T>> plugin, Supplier<List<T>> dbClient) {
        List<T> a = plugin.get();
        List<T> b = dbClient.get();
        if (!a.equals(b)) {
            throw new IllegalStateException(what + ": the two reads differ (" + a.size() + " and " + b.size() + " rows)");
        }
        for (int i = 0; i < 3; i++) {
            plugin.get();
            dbClient.get();
        }
        List<Double> p = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < runs; i++) { // interleaved, so that load changes hit both alike
            p.add(time(plugin));
            d.add(time(dbClient));
        }
        double pm = PostgresBenchmark.median(p);
        double dm = PostgresBenchmark.median(d);
        out.printf(Locale.ROOT, "  %-36s plugin %6.2f / %6.2f ms   DB Client %6.2f / %6.2f ms   ratio %.2f  (%,d rows)%n",
                what, PostgresBenchmark.min(p) * 1e3, pm * 1e3, PostgresBenchmark.min(d) * 1e3, dm * 1e3, dm / pm,
                a.size());
    }

    private static double time(Supplier<?> read) {
        long t0 = System.nanoTime();
        read.get();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Object value(DbColumn column) {
        return column.asOptional().orElse(null);
    }

    private static String text(DbRow row, int i) {
        return (String) value(row.column(i));
    }

    private static Long integer(DbRow row, int i) {
        Object v = value(row.column(i));
        return v == null ? null : ((Number) v).longValue();
    }

    private static double real(DbRow row, int i) {
        return ((Number) value(row.column(i))).doubleValue();
    }

    private static VmSample sample(DbRow r) {
        return new VmSample(integer(r, 1), text(r, 2), text(r, 4), text(r, 5), text(r, 6), integer(r, 7),
                integer(r, 8), text(r, 9), text(r, 10), text(r, 11), text(r, 12), Math.toIntExact(integer(r, 13)),
                real(r, 14), real(r, 15), PowerState.fromWire(text(r, 16)), (Boolean) value(r.column(17)));
    }

    private static VmSummary summary(DbRow r) {
        String power = text(r, 24);
        return new VmSummary(integer(r, 1), text(r, 2), text(r, 3), text(r, 4), text(r, 5), text(r, 6), integer(r, 7),
                integer(r, 8), real(r, 9), real(r, 10), real(r, 11), real(r, 12), real(r, 13), real(r, 14),
                real(r, 15), real(r, 16), real(r, 17), integer(r, 18), integer(r, 19), text(r, 20),
                Math.toIntExact(integer(r, 21)), real(r, 22), real(r, 23), power == null ? null : PowerState.fromWire(power),
                text(r, 25), text(r, 26), text(r, 27), integer(r, 28), integer(r, 29));
    }
}
