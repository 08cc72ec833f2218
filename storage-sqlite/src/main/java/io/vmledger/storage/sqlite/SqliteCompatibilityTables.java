package io.vmledger.storage.sqlite;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.CompatTableNames;
import io.vmledger.storage.spi.CompatibilityTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static io.vmledger.storage.sqlite.SqliteSchema.HOURLY_COLUMNS;
import static io.vmledger.storage.sqlite.SqliteSchema.placeholders;
import static io.vmledger.storage.sqlite.SqliteSchema.quotedList;
import static io.vmledger.storage.sqlite.SqliteSchema.sql;

/**
 * The per-snapshot tables {@code inventory_hourly_<T>}: the columns of {@code vm_hourly_stats}, keyed
 * {@code ("Vcenter","VmKey")}. Table names come only from {@link CompatTableNames} (numbers).
 */
final class SqliteCompatibilityTables implements CompatibilityTables {
    private static final System.Logger LOG = System.getLogger(SqliteCompatibilityTables.class.getName());

    private static final String COLUMNS = quotedList(HOURLY_COLUMNS);

    /** DDL of one hourly table; {@code %s} is its name from {@link CompatTableNames#hourly}. */
    private static final String CREATE = sql("""
            CREATE TABLE IF NOT EXISTS %s (
                "SnapshotTime"    INTEGER NOT NULL,
                "Vcenter"         TEXT    NOT NULL,
                "VmKey"           TEXT    NOT NULL,
                "VmId"            TEXT,
                "VmUuid"          TEXT,
                "Name"            TEXT,
                "CreationTime"    INTEGER,
                "DeletionTime"    INTEGER,
                "ResourcePool"    TEXT,
                "Datacenter"      TEXT,
                "Cluster"         TEXT,
                "Folder"          TEXT,
                "VcpuCount"       INTEGER NOT NULL,
                "RamGB"           REAL    NOT NULL,
                "ProvisionedDisk" REAL    NOT NULL,
                "PowerState"      TEXT    NOT NULL,
                "IsTemplate"      INTEGER NOT NULL,
                PRIMARY KEY ("Vcenter", "VmKey")
            ) WITHOUT ROWID""");

    private static final String DELETE_VCENTER = sql("""
            DELETE FROM %s
             WHERE "Vcenter" = ?""");

    private static final String INSERT = sql("""
            INSERT INTO %s (%s)
            VALUES (%s)""".formatted("%s", COLUMNS, placeholders(HOURLY_COLUMNS)));

    private static final String READ = sql("""
            SELECT %s
              FROM %s
             ORDER BY "Vcenter", "VmKey\"""".formatted(SqliteHourlyStore.PACKED, "%s"));

    private static final String TABLES = """
            SELECT name
              FROM sqlite_schema
             WHERE type = 'table' AND name LIKE 'inventory\\_hourly\\_%' ESCAPE '\\'""";

    private final SqliteDatabase db;
    private final int batchSize;

    SqliteCompatibilityTables(SqliteDatabase db, int batchSize) {
        this.db = db;
        this.batchSize = batchSize;
    }

    @Override
    public void writeHourly(long snapshotTime, String vcenter, List<VmSample> rows) {
        String table = CompatTableNames.hourly(snapshotTime);
        List<VmSample> sorted = SqliteHourlyStore.checkedSnapshot(vcenter, snapshotTime, rows);
        long t0 = System.nanoTime();
        db.write(c -> {
            SqliteDatabase.exec(c, CREATE.formatted(table));
            try (PreparedStatement ps = c.prepareStatement(DELETE_VCENTER.formatted(table))) {
                ps.setString(1, vcenter);
                ps.executeUpdate();
            }
            return SqliteHourlyStore.insertBatched(c, INSERT.formatted(table), sorted, batchSize);
        });
        LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2} rows in {3} ms", table, vcenter, sorted.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public List<Long> hourlyTableTimes(TimeWindow window) {
        return db.read(c -> {
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
        return db.readTransaction(c -> {
            if (!exists(c, table)) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement(READ.formatted(table))) {
                return SqliteHourlyStore.readAll(ps);
            }
        });
    }

    @Override
    public boolean dropHourly(long snapshotTime) {
        String table = CompatTableNames.hourly(snapshotTime);
        return db.write(c -> {
            if (!exists(c, table)) {
                return false;
            }
            SqliteDatabase.exec(c, "DROP TABLE " + table);
            return true;
        });
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

    static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
