package io.vmledger.benchmarks.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbColumn;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.vmledger.api.PowerState;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The API's reads through Helidon's DB Client ({@code helidon-dbclient-jdbc}) over a HikariCP pool of the
 * plugin's size on the plugin's schema, with the plugin's statement text and parameters, mapping the
 * {@code DbRow}s to the records the plugin returns (decision 0101).
 */
final class DbClientReads implements AutoCloseable {
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

    private final HikariDataSource pool;
    private final DbClient db;

    /** A DB Client on the PostgreSQL store the plugin {@code options} open (url, user, password_env, schema). */
    DbClientReads(Map<String, String> options) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(options.get("url"));
        c.setUsername(options.get("user"));
        c.setPassword(System.getenv(options.get("password_env")));
        c.addDataSourceProperty("currentSchema", options.get("schema"));
        c.setMaximumPoolSize(8);
        c.setPoolName("dbclient-reads");
        pool = new HikariDataSource(c);
        db = JdbcClientBuilder.create().connectionPool(() -> {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException("no connection for the DB Client: " + e.getMessage(), e);
            }
        }).build();
    }

    /** The samples of one VM in a window, as {@code HourlyStore.trace}. */
    List<VmSample> trace(String vcenter, String vmKey, TimeWindow w) {
        return db.execute().query(TRACE, vmKey, w.start(), w.end(), vcenter, w.start(), w.end())
                .map(DbClientReads::sample).toList();
    }

    /** The first {@code limit} rows of a day's summary by name, and the count the API's page reports. */
    List<VmSummary> page(long dayStart, int limit) {
        db.execute().get(COUNT, dayStart).orElseThrow().column(1).get(Long.class);
        return db.execute().query(PAGE, dayStart, limit).map(DbClientReads::summary).toList();
    }

    @Override
    public void close() {
        pool.close();
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
