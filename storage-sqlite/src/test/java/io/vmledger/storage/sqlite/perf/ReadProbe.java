package io.vmledger.storage.sqlite.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where the time of reading one day of hourly rows through sqlite-jdbc goes (thread CPU time, no merge,
 * no VmSample): stepping alone, 17 column getters, the packed single value the plugin uses, and one
 * query sorted by SQLite. The figures of docs/decisions/0010-sqlite-hourly-layout.md ("ordered read")
 * come from it. Usage: {@code ReadProbe <store file> <day start, epoch seconds>} on a store built by
 * {@link SqliteCaptureBench}.
 */
public final class ReadProbe {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
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

    public static void main(String[] args) throws Exception {
        long day = Long.parseLong(args[1]);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0])) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA mmap_size = 1073741824");
            }
            for (int repeat = 0; repeat < 4; repeat++) {
                System.out.printf("step only %4d ms | 17 getters %4d ms | packed %4d ms | SQLite ORDER BY, step only %4d ms%n",
                        runs(c, day, "SELECT " + COLUMNS + RUN, rs -> 1),
                        runs(c, day, "SELECT " + COLUMNS + RUN, ReadProbe::allColumns),
                        runs(c, day, "SELECT " + PACKED + RUN, ReadProbe::packed),
                        sorted(c, day));
            }
        }
    }

    /** Thread CPU ms of reading the day's 24 hourly runs with {@code work} per row. */
    private static long runs(Connection c, long day, String sql, RowWork work) throws SQLException {
        long t0 = MX.getCurrentThreadCpuTime();
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
        return (MX.getCurrentThreadCpuTime() - t0) / 1_000_000 + (sink == Long.MIN_VALUE ? 1 : 0);
    }

    private static long sorted(Connection c, long day) throws SQLException {
        long t0 = MX.getCurrentThreadCpuTime();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM vm_hourly_stats"
                + " WHERE \"SnapshotTime\" >= ? AND \"SnapshotTime\" < ? ORDER BY \"Vcenter\", \"VmKey\", \"SnapshotTime\"")) {
            ps.setLong(1, day);
            ps.setLong(2, day + 86_400);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // stepping only
                }
            }
        }
        return (MX.getCurrentThreadCpuTime() - t0) / 1_000_000;
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
