package io.vmledger.storage.jdbc;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.CompatibilityTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The per-snapshot tables {@code inventory_hourly_<T>}: the columns of {@code vm_hourly_stats} (made with
 * {@link Dialect#createTableLike}), keyed {@code ("Vcenter","VmKey")}. Table names come only from
 * {@link CompatTableNames} (numbers). A write removes the vCenter's earlier rows, then inserts.
 */
public final class JdbcCompatibilityTables implements CompatibilityTables {
    private static final System.Logger LOG = System.getLogger(JdbcCompatibilityTables.class.getName());
    static final List<String> KEY = List.of(CanonicalSchema.VCENTER, CanonicalSchema.VM_KEY);

    private final JdbcDatabase db;
    private final Dialect dialect;
    private final int batchSize;
    private final String deleteVcenter;
    private final String read;

    public JdbcCompatibilityTables(JdbcDatabase db, Dialect dialect, int batchSize) {
        this.db = db;
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.deleteVcenter = dialect.sql("""
                DELETE FROM %s
                 WHERE "Vcenter" = ?""");
        this.read = dialect.sql("""
                SELECT %s
                  FROM %s
                 ORDER BY "Vcenter", "VmKey\"""".formatted(dialect.selectList(HourlyRows.CODEC, null), "%s"));
    }

    @Override
    public void writeHourly(long snapshotTime, String vcenter, List<VmSample> rows) {
        String table = CompatTableNames.hourly(snapshotTime);
        List<VmSample> sorted = JdbcHourlyStore.checkedSnapshot(vcenter, snapshotTime, rows);
        long t0 = System.nanoTime();
        db.write("write " + table + " for " + vcenter, c -> {
            // two vCenters share each hourly table: its DDL and writes are serialised
            dialect.lock(c, table);
            dialect.createTableLike(c, table, CanonicalSchema.VM_HOURLY_STATS, KEY);
            try (PreparedStatement ps = c.prepareStatement(deleteVcenter.formatted(table))) {
                ps.setString(1, vcenter);
                ps.executeUpdate();
            }
            dialect.insert(c, table, HourlyRows.CODEC, sorted, batchSize);
            return null;
        });
        LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2} rows in {3} ms", table, vcenter, sorted.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public List<Long> hourlyTableTimes(TimeWindow window) {
        return db.read("list the hourly compatibility tables", c -> hourlyTableTimes(dialect, c, window));
    }

    /** The times of the {@code inventory_hourly_<T>} tables in {@code window}, ascending, on {@code c}. */
    public static List<Long> hourlyTableTimes(Dialect dialect, Connection c, TimeWindow window) throws SQLException {
        List<Long> times = new ArrayList<>();
        for (String name : dialect.tables(c, CompatTableNames.HOURLY_PREFIX)) {
            OptionalLong t = CompatTableNames.hourlyTime(name);
            if (t.isPresent() && window.contains(t.getAsLong())) {
                times.add(t.getAsLong());
            }
        }
        times.sort(null);
        return times;
    }

    @Override
    public List<VmSample> readHourly(long snapshotTime) {
        String table = CompatTableNames.hourly(snapshotTime);
        return db.read("read " + table, c -> {
            if (!dialect.exists(c, table)) {
                return List.of();
            }
            try (PreparedStatement ps = dialect.prepareRead(c, read.formatted(table), 5_000)) {
                return JdbcHourlyStore.readAll(dialect, ps);
            }
        });
    }

    @Override
    public boolean dropHourly(long snapshotTime) {
        String table = CompatTableNames.hourly(snapshotTime);
        return db.write("drop " + table, c -> {
            dialect.lock(c, table);
            if (!dialect.exists(c, table)) {
                return false;
            }
            Sql.exec(c, "DROP TABLE " + table);
            return true;
        });
    }

    @Override
    public String hourlyTableName(long snapshotTime) {
        return CompatTableNames.hourly(snapshotTime);
    }

}
