package io.vmledger.storage.sqlite;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.HourlyStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

import static io.vmledger.storage.sqlite.SqliteSchema.HOURLY_COLUMNS;
import static io.vmledger.storage.sqlite.SqliteSchema.placeholders;
import static io.vmledger.storage.sqlite.SqliteSchema.quotedList;
import static io.vmledger.storage.sqlite.SqliteSchema.sql;

/**
 * {@code vm_hourly_stats} on SQLite. The table is keyed {@code ("SnapshotTime","Vcenter","VmKey")}
 * without a rowid and has no other index, so a new snapshot appends; {@code vm_hourly_snapshots}
 * lists the stored snapshots and drives the time-ordered probes of trace look-ups.
 */
final class SqliteHourlyStore implements HourlyStore {
    private static final System.Logger LOG = System.getLogger(SqliteHourlyStore.class.getName());

    static final String COLUMNS = quotedList(HOURLY_COLUMNS);
    /** What hourly reads select: see {@link PackedHourlyRow}. */
    static final String PACKED = PackedHourlyRow.selectList(null);

    private static final String DELETE_SNAPSHOT = sql("""
            DELETE FROM vm_hourly_stats
             WHERE "SnapshotTime" = ? AND "Vcenter" = ?""");

    private static final String INSERT = sql("""
            INSERT INTO vm_hourly_stats (%s)
            VALUES (%s)""".formatted(COLUMNS, placeholders(HOURLY_COLUMNS)));

    private static final String UPSERT_SNAPSHOT = sql("""
            INSERT INTO vm_hourly_snapshots ("Vcenter", "SnapshotTime", "RowCount")
            VALUES (?, ?, ?)
            ON CONFLICT ("Vcenter", "SnapshotTime") DO UPDATE SET "RowCount" = excluded."RowCount\"""");

    private static final String WINDOW_TIMES = sql("""
            SELECT DISTINCT "SnapshotTime"
              FROM vm_hourly_snapshots
             WHERE "SnapshotTime" >= ? AND "SnapshotTime" < ?
             ORDER BY "SnapshotTime\"""");

    /** One run of the ordered merge: a snapshot time, all vCenters, in primary-key order. */
    private static final String RUN = sql("""
            SELECT %s
              FROM vm_hourly_stats
             WHERE "SnapshotTime" = ?
             ORDER BY "Vcenter", "VmKey\"""".formatted(PACKED));

    private static final String SNAPSHOT = sql("""
            SELECT %s
              FROM vm_hourly_stats
             WHERE "SnapshotTime" = ? AND "Vcenter" = ?
             ORDER BY "VmKey\"""".formatted(PACKED));

    /** One primary-key probe per stored snapshot time of the vCenter (CROSS JOIN fixes that order). */
    private static final String TRACE = sql("""
            SELECT %s
              FROM vm_hourly_snapshots AS s
             CROSS JOIN vm_hourly_stats AS h
                ON h."SnapshotTime" = s."SnapshotTime"
               AND h."Vcenter" = s."Vcenter"
               AND h."VmKey" = ?
             WHERE s."Vcenter" = ?
               AND s."SnapshotTime" >= ? AND s."SnapshotTime" < ?
             ORDER BY s."SnapshotTime\"""".formatted(PackedHourlyRow.selectList("h")));

    private static final String SNAPSHOT_TIMES = sql("""
            SELECT "SnapshotTime"
              FROM vm_hourly_snapshots
             WHERE "Vcenter" = ? AND "SnapshotTime" >= ? AND "SnapshotTime" < ?
             ORDER BY "SnapshotTime\"""");

    private static final String FIRST_AT_OR_AFTER = sql("""
            SELECT min("SnapshotTime")
              FROM vm_hourly_snapshots
             WHERE "Vcenter" = ? AND "SnapshotTime" >= ?""");

    private static final String LATEST = sql("""
            SELECT max("SnapshotTime")
              FROM vm_hourly_snapshots
             WHERE "Vcenter" = ?""");

    private static final String VCENTERS = sql("""
            SELECT DISTINCT "Vcenter"
              FROM vm_hourly_snapshots
             WHERE "RowCount" > 0
             ORDER BY "Vcenter\"""");

    private static final String DELETE_ROWS_BEFORE = sql("""
            DELETE FROM vm_hourly_stats
             WHERE "SnapshotTime" < ?""");

    private static final String DELETE_SNAPSHOTS_BEFORE = sql("""
            DELETE FROM vm_hourly_snapshots
             WHERE "SnapshotTime" < ?""");

    private static final Comparator<VmSample> BY_KEY = (a, b) -> Rows.compareCodePoints(a.key(), b.key());

    private static final OrderedRuns<VmSample> MERGE = new OrderedRuns<>(PackedHourlyRow::reader,
            new OrderedRuns.Keys<>() {
                @Override
                public String vcenter(VmSample row) {
                    return row.vcenter();
                }

                @Override
                public String vmKey(VmSample row) {
                    return row.key();
                }
            });

    private final SqliteDatabase db;
    private final int batchSize;
    private final int readThreads;

    SqliteHourlyStore(SqliteDatabase db, int batchSize, int readThreads) {
        this.db = db;
        this.batchSize = batchSize;
        this.readThreads = readThreads;
    }

    @Override
    public int replaceSnapshot(String vcenter, long snapshotTime, List<VmSample> rows) {
        List<VmSample> sorted = checkedSnapshot(vcenter, snapshotTime, rows);
        long t0 = System.nanoTime();
        int written = db.write(c -> {
            try (PreparedStatement delete = c.prepareStatement(DELETE_SNAPSHOT)) {
                delete.setLong(1, snapshotTime);
                delete.setString(2, vcenter);
                delete.executeUpdate();
            }
            int n = insertBatched(c, INSERT, sorted, batchSize);
            try (PreparedStatement ps = c.prepareStatement(UPSERT_SNAPSHOT)) {
                ps.setString(1, vcenter);
                ps.setLong(2, snapshotTime);
                ps.setInt(3, n);
                ps.executeUpdate();
            }
            return n;
        });
        LOG.log(System.Logger.Level.DEBUG, "vm_hourly_stats {0}@{1}: {2} rows in {3} ms", vcenter, snapshotTime,
                written, (System.nanoTime() - t0) / 1_000_000);
        return written;
    }

    /**
     * Checks that every row belongs to the snapshot and that no VM key repeats (which would make the
     * replace ambiguous), and returns the rows sorted by key so that the inserts append in key order.
     */
    static List<VmSample> checkedSnapshot(String vcenter, long snapshotTime, List<VmSample> rows) {
        if (vcenter == null || vcenter.isBlank()) {
            throw new IllegalArgumentException("a vCenter key is required");
        }
        Set<String> keys = new HashSet<>(rows.size() * 2);
        for (VmSample s : rows) {
            if (!s.vcenter().equals(vcenter) || s.snapshotTime() != snapshotTime) {
                throw new IllegalArgumentException("row of VM " + s.key() + " belongs to snapshot " + s.vcenter() + "@"
                        + s.snapshotTime() + ", not to " + vcenter + "@" + snapshotTime + "; nothing was written");
            }
            if (!keys.add(s.key())) {
                throw new IllegalArgumentException("VM " + s.key() + " appears twice in snapshot " + vcenter + "@"
                        + snapshotTime + "; nothing was written");
            }
        }
        List<VmSample> sorted = new ArrayList<>(rows);
        sorted.sort(BY_KEY);
        return sorted;
    }

    /** Inserts rows with {@code sql} (hourly column order) in batches; returns the count. */
    static int insertBatched(Connection c, String sql, List<VmSample> rows, int batchSize) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (VmSample s : rows) {
                Rows.bindHourly(ps, s);
                ps.addBatch();
                if (++pending == batchSize) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        return rows.size();
    }

    @Override
    public void forEachOrdered(TimeWindow window, Consumer<VmSample> sink) {
        long t0 = System.nanoTime();
        long rows = MERGE.merge(db, readThreads, RUN, c -> longs(c, WINDOW_TIMES, window.start(), window.end()), sink);
        LOG.log(System.Logger.Level.DEBUG, "vm_hourly_stats ordered read [{0},{1}): {2} rows in {3} ms",
                window.start(), window.end(), rows, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public List<VmSample> snapshot(String vcenter, long snapshotTime) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SNAPSHOT)) {
                ps.setLong(1, snapshotTime);
                ps.setString(2, vcenter);
                return readAll(ps);
            }
        });
    }

    @Override
    public List<VmSample> trace(String vcenter, String vmKey, TimeWindow window) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(TRACE)) {
                ps.setString(1, vmKey);
                ps.setString(2, vcenter);
                ps.setLong(3, window.start());
                ps.setLong(4, window.end());
                return readAll(ps);
            }
        });
    }

    @Override
    public List<Long> snapshotTimes(String vcenter, TimeWindow window) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SNAPSHOT_TIMES)) {
                ps.setString(1, vcenter);
                ps.setLong(2, window.start());
                ps.setLong(3, window.end());
                List<Long> times = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        times.add(rs.getLong(1));
                    }
                }
                return times;
            }
        });
    }

    @Override
    public OptionalLong firstSnapshotAtOrAfter(String vcenter, long time) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIRST_AT_OR_AFTER)) {
                ps.setString(1, vcenter);
                ps.setLong(2, time);
                return optionalLong(ps);
            }
        });
    }

    @Override
    public OptionalLong latestSnapshotTime(String vcenter) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(LATEST)) {
                ps.setString(1, vcenter);
                return optionalLong(ps);
            }
        });
    }

    @Override
    public List<String> vcenters() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(VCENTERS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public long deleteBefore(long time) {
        long t0 = System.nanoTime();
        long removed = db.write(c -> {
            long n;
            try (PreparedStatement ps = c.prepareStatement(DELETE_ROWS_BEFORE)) {
                ps.setLong(1, time);
                n = ps.executeLargeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE_SNAPSHOTS_BEFORE)) {
                ps.setLong(1, time);
                ps.executeUpdate();
            }
            return n;
        });
        LOG.log(System.Logger.Level.INFO, "vm_hourly_stats retention before {0}: {1} rows removed in {2} ms", time,
                removed, (System.nanoTime() - t0) / 1_000_000);
        return removed;
    }

    static List<VmSample> readAll(PreparedStatement ps) throws SQLException {
        List<VmSample> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(PackedHourlyRow.read(rs));
            }
        }
        return out;
    }

    static long[] longs(Connection c, String sql, long a, long b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, a);
            ps.setLong(2, b);
            List<Long> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
            return values.stream().mapToLong(Long::longValue).toArray();
        }
    }

    static OptionalLong optionalLong(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                long v = rs.getLong(1);
                if (!rs.wasNull()) {
                    return OptionalLong.of(v);
                }
            }
            return OptionalLong.empty();
        }
    }
}
