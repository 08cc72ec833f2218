package io.vmledger.benchmarks.jmh.sqlite;

import io.vmledger.api.VmSample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The layouts of {@code vm_hourly_stats} that decision 0010 compared, on raw JDBC outside the plugin: each
 * layout's DDL, how a new hour is written into it, how a day is read in (vCenter, VM, time) order and how a
 * VM's trace is read; and the stores {@link SqliteLayoutBenchmark} measures, built once per layout from a
 * staging copy of {@link #DAYS} days of a {@link SyntheticFleet} (rows inserted in key order, secondary
 * indexes created afterwards) and kept beside the benchmark stores. Their history ends at 22:00, so the
 * next hour is the last of a day: for a day-bucketed key the worst case, for the others no different.
 */
final class HourlyLayouts {
    static final String VC = "vc-bench-01.example.org";
    /** 2025-01-01T00:00:00Z: the first hour of the history. */
    static final long EPOCH = 1_735_689_600L;
    static final long HOUR = 3600;
    static final int DAYS = 14;
    /** Hours of history: up to 22:00 of the last day. */
    static final int HOURS = DAYS * 24 - 1;

    static final String COLUMNS = """
            "SnapshotTime" INTEGER NOT NULL, "Vcenter" TEXT NOT NULL, "VmKey" TEXT NOT NULL, "VmId" TEXT,
            "VmUuid" TEXT, "Name" TEXT, "CreationTime" INTEGER, "DeletionTime" INTEGER, "ResourcePool" TEXT,
            "Datacenter" TEXT, "Cluster" TEXT, "Folder" TEXT, "VcpuCount" INTEGER NOT NULL, "RamGB" REAL NOT NULL,
            "ProvisionedDisk" REAL NOT NULL, "PowerState" TEXT NOT NULL, "IsTemplate" INTEGER NOT NULL""";
    static final String NAMES = "\"SnapshotTime\", \"Vcenter\", \"VmKey\", \"VmId\", \"VmUuid\", \"Name\", "
            + "\"CreationTime\", \"DeletionTime\", \"ResourcePool\", \"Datacenter\", \"Cluster\", \"Folder\", "
            + "\"VcpuCount\", \"RamGB\", \"ProvisionedDisk\", \"PowerState\", \"IsTemplate\"";

    /** A layout: its DDL, the order rows are bulk-loaded in, how a new hour is written and how a day is read. */
    enum Layout {
        /** The plan's table: rowid, unique key VM first, plus indexes on time, UUID, name, (vCenter, time). */
        PLAN("CREATE TABLE h (" + COLUMNS + ")",
                List.of("CREATE UNIQUE INDEX h_key ON h (\"Vcenter\", \"VmId\", \"SnapshotTime\")",
                        "CREATE INDEX h_time ON h (\"SnapshotTime\")",
                        "CREATE INDEX h_uuid ON h (\"VmUuid\")",
                        "CREATE INDEX h_name ON h (\"Name\")",
                        "CREATE INDEX h_vc_time ON h (\"Vcenter\", \"SnapshotTime\")"),
                "\"SnapshotTime\", \"Vcenter\", \"VmKey\"", true),
        /** Clustered VM first, no secondary index (look-ups by UUID and name through the lifecycle table). */
        VM_FIRST("CREATE TABLE h (" + COLUMNS + ", PRIMARY KEY (\"Vcenter\", \"VmKey\", \"SnapshotTime\")) WITHOUT ROWID",
                List.of(), "\"Vcenter\", \"VmKey\", \"SnapshotTime\"", false),
        /** Clustered by UTC day, then VM, then time: inserts stay in today's part of the tree. */
        DAY_BUCKET("CREATE TABLE h (\"Day\" INTEGER NOT NULL, " + COLUMNS
                + ", PRIMARY KEY (\"Day\", \"Vcenter\", \"VmKey\", \"SnapshotTime\")) WITHOUT ROWID",
                List.of(), "\"SnapshotTime\" / 86400, \"Vcenter\", \"VmKey\", \"SnapshotTime\"", false),
        /** Rowid table with a unique key time first (two B-trees, both appending). */
        TIME_FIRST_ROWID("CREATE TABLE h (" + COLUMNS + ")",
                List.of("CREATE UNIQUE INDEX h_key ON h (\"SnapshotTime\", \"Vcenter\", \"VmKey\")"),
                "\"SnapshotTime\", \"Vcenter\", \"VmKey\"", false),
        /** The plugin's layout: clustered time first, no secondary index. */
        TIME_FIRST("CREATE TABLE h (" + COLUMNS + ", PRIMARY KEY (\"SnapshotTime\", \"Vcenter\", \"VmKey\")) WITHOUT ROWID",
                List.of(), "\"SnapshotTime\", \"Vcenter\", \"VmKey\"", false);

        final String ddl;
        final List<String> indexes;
        final String loadOrder;
        final boolean upsert;

        Layout(String ddl, List<String> indexes, String loadOrder, boolean upsert) {
            this.ddl = ddl;
            this.indexes = indexes;
            this.loadOrder = loadOrder;
            this.upsert = upsert;
        }

        boolean dayColumn() {
            return this == DAY_BUCKET;
        }
    }

    /**
     * The store of {@code layout} for {@code vms} VMs, built (with the staging copy it is built from) when
     * missing, under {@code dir}.
     */
    static Path store(Path dir, Layout layout, SyntheticFleet fleet) throws SQLException, java.io.IOException {
        Files.createDirectories(dir);
        Path staging = dir.resolve("staging-" + fleet.size() + "-" + HOURS + "h.db");
        Path done = dir.resolve("staging-" + fleet.size() + "-" + HOURS + "h.done");
        if (!Files.exists(done)) {
            Files.deleteIfExists(staging);
            buildStaging(staging, fleet, HOURS);
            Files.createFile(done);
        }
        Path file = dir.resolve(layout.name().toLowerCase(Locale.ROOT) + "-" + fleet.size() + "-" + HOURS + "h.db");
        Path built = dir.resolve(file.getFileName() + ".done");
        if (!Files.exists(built)) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(dir.resolve(file.getFileName() + suffix));
            }
            build(file, staging, layout);
            Files.createFile(built);
        }
        return file;
    }

    static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size = 8192");
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = NORMAL");
            st.execute("PRAGMA cache_size = -65536");
            st.execute("PRAGMA mmap_size = 1073741824");
            st.execute("PRAGMA wal_autocheckpoint = 4000");
            st.execute("PRAGMA temp_store = MEMORY");
        }
        return c;
    }

    static void buildStaging(Path file, SyntheticFleet fleet, int hours) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = connect(file)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE staging (" + COLUMNS + ")");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO staging (" + NAMES + ") VALUES ("
                    + "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (long h = 0; h < hours; h++) {
                    for (VmSample s : fleet.snapshot(VC, h)) {
                        bind(ps, s, 0);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
        System.out.printf("layout stores: staging copy of %,d VMs x %d hours built in %.1f s%n", fleet.size(), hours,
                (System.nanoTime() - t0) / 1e9);
    }

    static void build(Path file, Path staging, Layout layout) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            st.execute(layout.ddl);
            st.execute("ATTACH DATABASE '" + staging + "' AS s");
            String select = layout.dayColumn() ? "\"SnapshotTime\" / 86400, " + NAMES : NAMES;
            st.execute("INSERT INTO h SELECT " + select + " FROM s.staging ORDER BY " + layout.loadOrder);
            for (String ddl : layout.indexes) {
                st.execute(ddl);
            }
            st.execute("DETACH DATABASE s");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        System.out.printf("layout store %s: built in %.1f s, %,d MB%n", layout, (System.nanoTime() - t0) / 1e9, size(file) >> 20);
    }

    static List<VmSample> sorted(List<VmSample> rows) {
        List<VmSample> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(VmSample::key));
        return out;
    }

    static void write(Connection c, Layout layout, long time, List<VmSample> rows) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        String names = layout.dayColumn() ? "\"Day\", " + NAMES : NAMES;
        String marks = "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?" + (layout.dayColumn() ? ",?" : "");
        String sql = "INSERT INTO h (" + names + ") VALUES (" + marks + ")";
        if (layout.upsert) {
            sql += " ON CONFLICT (\"Vcenter\", \"VmId\", \"SnapshotTime\") DO UPDATE SET \"VmUuid\" = excluded.\"VmUuid\","
                    + " \"Name\" = excluded.\"Name\", \"ResourcePool\" = excluded.\"ResourcePool\","
                    + " \"VcpuCount\" = excluded.\"VcpuCount\", \"RamGB\" = excluded.\"RamGB\","
                    + " \"ProvisionedDisk\" = excluded.\"ProvisionedDisk\", \"PowerState\" = excluded.\"PowerState\"";
        } else {
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM h WHERE \"SnapshotTime\" = ? AND \"Vcenter\" = ?"
                            + (layout.dayColumn() ? " AND \"Day\" = " + time / 86_400 : ""))) {
                del.setLong(1, time);
                del.setString(2, VC);
                del.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (VmSample s : rows) {
                int offset = 0;
                if (layout.dayColumn()) {
                    ps.setLong(1, time / 86_400);
                    offset = 1;
                }
                bind(ps, s, offset);
                ps.addBatch();
                if (++pending == 1000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        c.commit();
        c.setAutoCommit(auto);
    }

    /** Reads a day in (Vcenter, VmKey, SnapshotTime) order; the time-first layout merges its 24 runs. */
    static long readDay(Connection c, Layout layout, long dayStart) throws SQLException {
        long n = 0;
        long sum = 0;
        if (layout == Layout.TIME_FIRST || layout == Layout.TIME_FIRST_ROWID) {
            // the plugin's way: one run per hour in key order, merged (here on a priority queue of cursors)
            record Head(int run, String vcenter, String key) {
            }
            PreparedStatement[] ps = new PreparedStatement[24];
            ResultSet[] rs = new ResultSet[24];
            java.util.PriorityQueue<Head> heads = new java.util.PriorityQueue<>(Comparator.comparing(Head::vcenter)
                    .thenComparing(Head::key).thenComparingInt(Head::run));
            try {
                for (int i = 0; i < 24; i++) {
                    ps[i] = c.prepareStatement("SELECT \"Vcenter\", \"VmKey\", \"VcpuCount\" FROM h"
                            + " WHERE \"SnapshotTime\" = ? ORDER BY \"Vcenter\", \"VmKey\"");
                    ps[i].setLong(1, dayStart + i * HOUR);
                    rs[i] = ps[i].executeQuery();
                    if (rs[i].next()) {
                        heads.add(new Head(i, rs[i].getString(1), rs[i].getString(2)));
                    }
                }
                Head head;
                while ((head = heads.poll()) != null) {
                    int i = head.run();
                    n++;
                    sum += rs[i].getInt(3);
                    if (rs[i].next()) {
                        heads.add(new Head(i, rs[i].getString(1), rs[i].getString(2)));
                    }
                }
            } finally {
                for (int i = 0; i < 24; i++) {
                    if (ps[i] != null) {
                        ps[i].close();
                    }
                }
            }
            return n + (sum < 0 ? 1 : 0);
        }
        String where = layout.dayColumn() ? "\"Day\" = " + dayStart / 86_400 + " AND " : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT \"Vcenter\", \"VmKey\", \"VcpuCount\" FROM h WHERE "
                + where + "\"SnapshotTime\" >= ? AND \"SnapshotTime\" < ? ORDER BY \"Vcenter\", \"VmKey\", \"SnapshotTime\"")) {
            ps.setLong(1, dayStart);
            ps.setLong(2, dayStart + 86_400);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                    rs.getString(2);
                    sum += rs.getInt(3);
                    n++;
                }
            }
        }
        return n + (sum < 0 ? 1 : 0);
    }

    static int trace(Connection c, Layout layout, String key, long from, long to) throws SQLException {
        String sql = switch (layout) {
            case PLAN -> "SELECT * FROM h WHERE \"Vcenter\" = ? AND \"VmId\" = ? AND \"SnapshotTime\" >= ? AND \"SnapshotTime\" < ?";
            case VM_FIRST -> "SELECT * FROM h WHERE \"Vcenter\" = ? AND \"VmKey\" = ? AND \"SnapshotTime\" >= ? AND \"SnapshotTime\" < ?";
            // one probe per day bucket, then per time inside it
            case DAY_BUCKET -> "WITH RECURSIVE b(d) AS (SELECT ?3 / 86400 UNION ALL SELECT d + 1 FROM b WHERE d < ?4 / 86400)"
                    + " SELECT h.* FROM b CROSS JOIN h ON h.\"Day\" = b.d AND h.\"Vcenter\" = ?1 AND h.\"VmKey\" = ?2"
                    + " WHERE h.\"SnapshotTime\" >= ?3 AND h.\"SnapshotTime\" < ?4";
            // one primary-key probe per hour (the plugin takes the hours from vm_hourly_snapshots)
            case TIME_FIRST, TIME_FIRST_ROWID -> "WITH RECURSIVE s(t) AS (SELECT ?3 UNION ALL SELECT t + 3600 FROM s WHERE t + 3600 < ?4)"
                    + " SELECT h.* FROM s CROSS JOIN h ON h.\"SnapshotTime\" = s.t AND h.\"Vcenter\" = ?1 AND h.\"VmKey\" = ?2";
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, VC);
            ps.setString(2, key);
            ps.setLong(3, from);
            ps.setLong(4, to);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getString(5);
                    n++;
                }
            }
            return n;
        }
    }

    static void bind(PreparedStatement ps, VmSample s, int o) throws SQLException {
        ps.setLong(o + 1, s.snapshotTime());
        ps.setString(o + 2, s.vcenter());
        ps.setString(o + 3, s.key());
        ps.setString(o + 4, s.vmId());
        ps.setString(o + 5, s.vmUuid());
        ps.setString(o + 6, s.name());
        setLong(ps, o + 7, s.creationTime());
        setLong(ps, o + 8, s.deletionTime());
        ps.setString(o + 9, s.resourcePool());
        ps.setString(o + 10, s.datacenter());
        ps.setString(o + 11, s.cluster());
        ps.setString(o + 12, s.folder());
        ps.setInt(o + 13, s.vcpuCount());
        ps.setDouble(o + 14, s.ramGb());
        ps.setDouble(o + 15, s.provisionedDiskGb());
        ps.setString(o + 16, s.powerState().wire());
        ps.setInt(o + 17, s.template() ? 1 : 0);
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    static long size(Path file) {
        try {
            long n = Files.size(file);
            Path wal = Path.of(file + "-wal");
            return n + (Files.exists(wal) ? Files.size(wal) : 0);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
