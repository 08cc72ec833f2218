package io.vmledger.benchmarks.jmh.sqlite;

import io.vmledger.benchmarks.jmh.SecondLongBenchmark;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Where the time of reading one day of hourly rows through sqlite-jdbc goes (raw JDBC on the SQLite benchmark
 * store's hourly day, one thread, no merge, no {@code VmSample}; not in the default run:
 * {@code bin/vmledger jmh SqliteRead}): {@code step} (stepping the 24 hourly runs alone), {@code getters} (17
 * column getters per row), {@code packed} (the single packed value the plugin reads and splits), {@code sorted}
 * (one query that SQLite sorts, stepping alone). Decision 0010's "ordered read" figures.
 */
public class SqliteReadBenchmark extends SecondLongBenchmark {
    private static final String COLUMNS = "\"SnapshotTime\", \"Vcenter\", \"VmKey\", \"VmId\", \"VmUuid\", \"Name\","
            + " \"CreationTime\", \"DeletionTime\", \"ResourcePool\", \"Datacenter\", \"Cluster\", \"Folder\","
            + " \"VcpuCount\", \"RamGB\", \"ProvisionedDisk\", \"PowerState\", \"IsTemplate\"";
    private static final String RUN = " FROM vm_hourly_stats WHERE \"SnapshotTime\" = ? ORDER BY \"Vcenter\", \"VmKey\"";
    private static final String PACKED = "concat(\"SnapshotTime\", ';', octet_length(\"Vcenter\"), ':', \"Vcenter\","
            + " octet_length(\"VmId\"), ':', \"VmId\", octet_length(\"VmUuid\"), ':', \"VmUuid\","
            + " octet_length(\"Name\"), ':', \"Name\", \"CreationTime\", ';', \"DeletionTime\", ';',"
            + " octet_length(\"ResourcePool\"), ':', \"ResourcePool\", octet_length(\"Datacenter\"), ':', \"Datacenter\","
            + " octet_length(\"Cluster\"), ':', \"Cluster\", octet_length(\"Folder\"), ':', \"Folder\", \"VcpuCount\", ';',"
            + " octet_length(\"PowerState\"), ':', \"PowerState\", \"IsTemplate\", ';'), \"RamGB\", \"ProvisionedDisk\"";

    /** Reads one row of a result; returns a number so the JIT cannot drop the work. */
    @FunctionalInterface
    private interface RowWork {
        long read(ResultSet rs) throws SQLException;
    }

    @Param({"step", "getters", "packed", "sorted"})
    public String read;

    @Param({"1500", "15000"})
    public int vms;

    private BenchStore bench;
    private Connection c;
    private long day;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        if (!List.of("step", "getters", "packed", "sorted").contains(read)) {
            throw new IllegalArgumentException("unknown read '" + read + "' (allowed: step, getters, packed, sorted)");
        }
        bench = BenchStore.open(StoreKind.SQLITE, vms);
        day = bench.settings().calendar().startOf(bench.day());
        c = DriverManager.getConnection("jdbc:sqlite:" + bench.pluginOptions().get("path"));
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA mmap_size = 1073741824");
        }
    }

    @Benchmark
    public long read() throws SQLException {
        return switch (read) {
            case "step" -> runs(c, day, "SELECT " + COLUMNS + RUN, rs -> 1);
            case "getters" -> runs(c, day, "SELECT " + COLUMNS + RUN, SqliteReadBenchmark::allColumns);
            case "packed" -> runs(c, day, "SELECT " + PACKED + RUN, SqliteReadBenchmark::packed);
            default -> sorted(c, day);
        };
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try {
            c.close();
        } finally {
            bench.close();
        }
    }

    /** Reads the day's 24 hourly runs with {@code work} per row; returns a sum of what was read. */
    private static long runs(Connection c, long day, String sql, RowWork work) throws SQLException {
        long sink = 0;
        for (long t = day; t < day + 86_400; t += 3600) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, t);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink += work.read(rs);
                    }
                }
            }
        }
        return sink;
    }

    private static long sorted(Connection c, long day) throws SQLException {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM vm_hourly_stats"
                + " WHERE \"SnapshotTime\" >= ? AND \"SnapshotTime\" < ? ORDER BY \"Vcenter\", \"VmKey\", \"SnapshotTime\"")) {
            ps.setLong(1, day);
            ps.setLong(2, day + 86_400);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++; // stepping only
                }
            }
        }
        return n;
    }

    private static long allColumns(ResultSet rs) throws SQLException {
        long h = rs.getLong(1);
        for (int i = 2; i <= 12; i++) {
            String s = rs.getString(i);
            h += s == null ? 0 : s.length();
        }
        return h + rs.getInt(13) + (long) rs.getDouble(14) + (long) rs.getDouble(15) + rs.getString(16).length()
                + rs.getInt(17);
    }

    /** Splits the packed value as the plugin's packed reads do (length-prefixed text, ';'-ended integers). */
    private static long packed(ResultSet rs) throws SQLException {
        byte[] b = rs.getBytes(1);
        long h = 0;
        int pos = 0;
        while (pos < b.length) {
            int start = pos;
            long n = 0;
            while (b[pos] != ':' && b[pos] != ';') {
                n = n * 10 + (b[pos] - '0');
                pos++;
            }
            if (b[pos++] == ':' && pos - 1 > start) {
                h += new String(b, pos, (int) n, StandardCharsets.UTF_8).length();
                pos += (int) n;
            } else {
                h += n;
            }
        }
        return h + (long) rs.getDouble(2) + (long) rs.getDouble(3);
    }
}
