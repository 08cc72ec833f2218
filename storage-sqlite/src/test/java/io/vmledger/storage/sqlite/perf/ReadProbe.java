package io.vmledger.storage.sqlite.perf;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Scratch probe: where does the time of an ordered day read go? (raw JDBC on a bench store) */
public final class ReadProbe {
    static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    static long cpu() {
        return MX.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:sqlite:" + args[0];
        long dayStart = Long.parseLong(args[1]);
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA mmap_size=1073741824");
                st.execute("PRAGMA cache_size=-16384");
            }
            List<Long> times = new ArrayList<>();
            for (long t = dayStart; t < dayStart + 86400; t += 3600) {
                times.add(t);
            }
            String all = "SELECT \"SnapshotTime\",\"Vcenter\",\"VmKey\",\"VmId\",\"VmUuid\",\"Name\",\"CreationTime\","
                    + "\"DeletionTime\",\"ResourcePool\",\"Datacenter\",\"Cluster\",\"Folder\",\"VcpuCount\",\"RamGB\","
                    + "\"ProvisionedDisk\",\"PowerState\",\"IsTemplate\" FROM vm_hourly_stats WHERE \"SnapshotTime\" = ?"
                    + " ORDER BY \"Vcenter\", \"VmKey\"";
            for (int rep = 0; rep < 4; rep++) {
                // a) step only
                long a = cpu();
                long n = 0;
                for (long t : times) {
                    try (PreparedStatement ps = c.prepareStatement(all)) {
                        ps.setLong(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                n++;
                            }
                        }
                    }
                }
                long b = cpu();
                // b) all columns read
                long h = 0;
                for (long t : times) {
                    try (PreparedStatement ps = c.prepareStatement(all)) {
                        ps.setLong(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                h += rs.getLong(1);
                                for (int i = 2; i <= 12; i++) {
                                    String s = rs.getString(i);
                                    h += s == null ? 0 : s.length();
                                }
                                h += rs.getInt(13) + (long) rs.getDouble(14) + (long) rs.getDouble(15);
                                h += rs.getString(16).length() + rs.getInt(17);
                            }
                        }
                    }
                }
                long d = cpu();
                // c) one query, sorted by SQLite
                long m = 0;
                try (PreparedStatement ps = c.prepareStatement(all.replace("\"SnapshotTime\" = ?",
                        "\"SnapshotTime\" >= ? AND \"SnapshotTime\" < ?").replace("ORDER BY \"Vcenter\", \"VmKey\"",
                        "ORDER BY \"Vcenter\", \"VmKey\", \"SnapshotTime\""))) {
                    ps.setLong(1, dayStart);
                    ps.setLong(2, dayStart + 86400);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            m++;
                        }
                    }
                }
                long e = cpu();
                String[] textCols = {"SnapshotTime", "Vcenter", "VmKey", "VmId", "VmUuid", "Name", "CreationTime",
                        "DeletionTime", "ResourcePool", "Datacenter", "Cluster", "Folder", "VcpuCount", "PowerState",
                        "IsTemplate"};
                StringBuilder packed = new StringBuilder("SELECT concat(");
                for (int i = 0; i < textCols.length; i++) {
                    packed.append(i == 0 ? "" : ", ").append("length(\"").append(textCols[i]).append("\"), ':', \"")
                            .append(textCols[i]).append('"');
                }
                packed.append("), \"RamGB\", \"ProvisionedDisk\" FROM vm_hourly_stats WHERE \"SnapshotTime\" = ?"
                        + " ORDER BY \"Vcenter\", \"VmKey\"");
                long p = 0;
                for (long t : times) {
                    try (PreparedStatement ps = c.prepareStatement(packed.toString())) {
                        ps.setLong(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                String s = rs.getString(1);
                                int pos = 0;
                                for (int f = 0; f < textCols.length; f++) {
                                    int colon = s.indexOf(':', pos);
                                    if (colon == pos) {
                                        pos = colon + 1;
                                        continue;
                                    }
                                    int len = Integer.parseInt(s, pos, colon, 10);
                                    int end = s.offsetByCodePoints(colon + 1, len);
                                    String v = s.substring(colon + 1, end);
                                    p += v.length();
                                    pos = end;
                                }
                                p += (long) rs.getDouble(2) + (long) rs.getDouble(3);
                            }
                        }
                    }
                }
                long f = cpu();
                String blobSql = packed.toString().replace("length(", "octet_length(");
                long q = 0;
                for (long t : times) {
                    try (PreparedStatement ps = c.prepareStatement(blobSql)) {
                        ps.setLong(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                byte[] bytes = rs.getBytes(1);
                                int pos = 0;
                                for (int fi = 0; fi < textCols.length; fi++) {
                                    int len = 0;
                                    boolean any = false;
                                    byte ch;
                                    while ((ch = bytes[pos++]) != ':') {
                                        len = len * 10 + (ch - '0');
                                        any = true;
                                    }
                                    if (!any) {
                                        continue;
                                    }
                                    String v = new String(bytes, pos, len, java.nio.charset.StandardCharsets.UTF_8);
                                    q += v.length();
                                    pos += len;
                                }
                                q += (long) rs.getDouble(2) + (long) rs.getDouble(3);
                            }
                        }
                    }
                }
                long g = cpu();
                long r = 0;
                for (long t : times) {
                    try (PreparedStatement ps = c.prepareStatement(all)) {
                        ps.setLong(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                r += rs.getLong(1);
                                for (int i = 2; i <= 12; i++) {
                                    byte[] bb = rs.getBytes(i);
                                    if (bb != null) {
                                        r += new String(bb, java.nio.charset.StandardCharsets.UTF_8).length();
                                    }
                                }
                                r += rs.getInt(13) + (long) rs.getDouble(14) + (long) rs.getDouble(15);
                                r += rs.getBytes(16).length + rs.getInt(17);
                            }
                        }
                    }
                }
                long k = cpu();
                String concatOnly = blobSql.replace("SELECT concat(", "SELECT length(concat(").replace("), \"RamGB\"", ")), \"RamGB\"");
                long z = 0;
                for (long t : times) {
                    try (PreparedStatement ps = c.prepareStatement(concatOnly)) {
                        ps.setLong(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                z++;
                            }
                        }
                    }
                }
                long l = cpu();
                StringBuilder ws = new StringBuilder("SELECT concat_ws(x'FF'");
                for (String col : textCols) {
                    ws.append(", \"").append(col).append('"');
                }
                ws.append("), (\"VmId\" IS NULL) | (\"VmUuid\" IS NULL) << 1 | (\"Name\" IS NULL) << 2"
                        + " | (\"CreationTime\" IS NULL) << 3 | (\"DeletionTime\" IS NULL) << 4"
                        + " | (\"ResourcePool\" IS NULL) << 5 | (\"Datacenter\" IS NULL) << 6"
                        + " | (\"Cluster\" IS NULL) << 7 | (\"Folder\" IS NULL) << 8,"
                        + " \"RamGB\", \"ProvisionedDisk\" FROM vm_hourly_stats WHERE \"SnapshotTime\" = ?"
                        + " ORDER BY \"Vcenter\", \"VmKey\"");
                long w = 0;
                for (long t : times) {
                    try (PreparedStatement ps = c.prepareStatement(ws.toString())) {
                        ps.setLong(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                byte[] bytes = rs.getBytes(1);
                                long nulls = rs.getLong(2);
                                int start = 0;
                                for (int i = 0; i <= bytes.length; i++) {
                                    if (i == bytes.length || bytes[i] == (byte) 0xFF) {
                                        w += new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8).length();
                                        start = i + 1;
                                    }
                                }
                                w += nulls + (long) rs.getDouble(3) + (long) rs.getDouble(4);
                            }
                        }
                    }
                }
                long o = cpu();
                long[] acc = new long[1];
                for (long t : times) {
                    String lit = all.replace("\"SnapshotTime\" = ?", "\"SnapshotTime\" = " + t);
                    try (PreparedStatement ps = c.prepareStatement(lit)) {
                        org.sqlite.core.CoreStatement cs = (org.sqlite.core.CoreStatement) ps;
                        cs.pointer.safeRunConsume((db, ptr) -> {
                            while (true) {
                                int rc = db.step(ptr);
                                if (rc == 101) {
                                    break;
                                }
                                if (rc != 100) {
                                    throw new java.sql.SQLException("step " + rc);
                                }
                                acc[0] += db.column_long(ptr, 0);
                                for (int i = 1; i <= 11; i++) {
                                    byte[] bb = db.column_blob(ptr, i);
                                    if (bb != null) {
                                        acc[0] += new String(bb, java.nio.charset.StandardCharsets.UTF_8).length();
                                    }
                                }
                                acc[0] += db.column_int(ptr, 12) + (long) db.column_double(ptr, 13)
                                        + (long) db.column_double(ptr, 14);
                                acc[0] += db.column_blob(ptr, 15).length + db.column_int(ptr, 16);
                            }
                            db.reset(ptr);
                        });
                    }
                }
                long o2 = cpu();
                System.out.printf("native loop, 17 columns %d ms%n", (o2 - o) / 1_000_000);
                System.out.printf("blob packed %d ms | getBytes per column %d ms | concat step only %d ms | concat_ws FF %d ms%n",
                        (g - f) / 1_000_000, (k - g) / 1_000_000, (l - k) / 1_000_000, (o - l) / 1_000_000);
                System.out.printf("step only %d rows %d ms | read all columns %d ms | SQLite ORDER BY, step only %d ms"
                        + " | packed %d ms%n", n, (b - a) / 1_000_000, (d - b) / 1_000_000, (e - d) / 1_000_000,
                        (f - e) / 1_000_000);
            }
        }
    }
}
