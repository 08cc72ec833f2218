package io.vmledger.storage.postgres;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.CompatTableNames;
import io.vmledger.storage.spi.CompatibilityTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static io.vmledger.storage.postgres.PgSchema.sql;

/**
 * The per-snapshot tables {@code inventory_hourly_<T>}: the columns of {@code vm_hourly_stats}, keyed
 * {@code ("Vcenter","VmKey")}. Table names come only from {@link CompatTableNames} (numbers). Rows
 * go in by {@code COPY} after the vCenter's earlier rows are removed.
 */
final class PgCompatibilityTables implements CompatibilityTables {
    private static final System.Logger LOG = System.getLogger(PgCompatibilityTables.class.getName());

    /** DDL of one hourly table; {@code %s} is its name from {@link CompatTableNames#hourly}. */
    static final String CREATE = sql("""
            CREATE TABLE IF NOT EXISTS %s (
                "SnapshotTime"    bigint           NOT NULL,
                "Vcenter"         text COLLATE "C" NOT NULL,
                "VmKey"           text COLLATE "C" NOT NULL,
                "VmId"            text COLLATE "C",
                "VmUuid"          text COLLATE "C",
                "Name"            text COLLATE "C",
                "CreationTime"    bigint,
                "DeletionTime"    bigint,
                "ResourcePool"    text COLLATE "C",
                "Datacenter"      text COLLATE "C",
                "Cluster"         text COLLATE "C",
                "Folder"          text COLLATE "C",
                "VcpuCount"       integer          NOT NULL,
                "RamGB"           double precision NOT NULL,
                "ProvisionedDisk" double precision NOT NULL,
                "PowerState"      text COLLATE "C" NOT NULL,
                "IsTemplate"      boolean          NOT NULL,
                PRIMARY KEY ("Vcenter", "VmKey")
            )""");

    /** Serialises DDL and writes on one table name (two vCenters share each hourly table). */
    static final String LOCK_TABLE = "SELECT pg_advisory_xact_lock(hashtextextended(?, 1))";

    static final String DELETE_VCENTER = sql("""
            DELETE FROM %s
             WHERE "Vcenter" = ?""");

    static final String COPY = sql("COPY %s (" + HourlyRows.COLUMNS + ") FROM STDIN (FORMAT text)");

    static final String READ = sql("""
            SELECT %s
              FROM %s
             ORDER BY "Vcenter", "VmKey\"""".formatted(HourlyRows.COLUMNS, "%s"));

    static final String TABLES = """
            SELECT tablename
              FROM pg_tables
             WHERE schemaname = current_schema()
               AND tablename LIKE 'inventory\\_hourly\\_%'""";

    private final PgDatabase db;

    PgCompatibilityTables(PgDatabase db) {
        this.db = db;
    }

    @Override
    public void writeHourly(long snapshotTime, String vcenter, List<VmSample> rows) {
        String table = CompatTableNames.hourly(snapshotTime);
        List<VmSample> sorted = PgHourlyStore.checkedSnapshot(vcenter, snapshotTime, rows);
        long t0 = System.nanoTime();
        db.inTransaction("write " + table + " for " + vcenter, c -> {
            lock(c, table);
            try (Statement st = c.createStatement()) {
                st.execute(CREATE.formatted(table));
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE_VCENTER.formatted(table))) {
                ps.setString(1, vcenter);
                ps.executeUpdate();
            }
            PgHourlyStore.copy(c, COPY.formatted(table), sorted);
            return null;
        });
        LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2} rows in {3} ms", table, vcenter, sorted.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public List<Long> hourlyTableTimes(TimeWindow window) {
        return db.inTransaction("list the hourly compatibility tables", c -> {
            List<Long> times = new ArrayList<>();
            for (String name : tableNames(c)) {
                OptionalLong t = CompatTableNames.hourlyTime(name);
                if (t.isPresent() && window.contains(t.getAsLong())) {
                    times.add(t.getAsLong());
                }
            }
            times.sort(null);
            return times;
        });
    }

    @Override
    public List<VmSample> readHourly(long snapshotTime) {
        String table = CompatTableNames.hourly(snapshotTime);
        return db.inTransaction("read " + table, c -> {
            if (!exists(c, table)) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement(READ.formatted(table))) {
                return PgHourlyStore.readAll(ps);
            }
        });
    }

    @Override
    public boolean dropHourly(long snapshotTime) {
        String table = CompatTableNames.hourly(snapshotTime);
        return db.inTransaction("drop " + table, c -> {
            lock(c, table);
            if (!exists(c, table)) {
                return false;
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + table);
            }
            return true;
        });
    }

    static void lock(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_TABLE)) {
            ps.setString(1, table);
            ps.execute();
        }
    }

    private static List<String> tableNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TABLES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Whether a table of this name exists in the plugin's schema. */
    static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
