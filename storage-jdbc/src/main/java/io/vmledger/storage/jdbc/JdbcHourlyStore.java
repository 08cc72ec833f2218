package io.vmledger.storage.jdbc;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.HourlyStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code vm_hourly_stats}, keyed {@code ("SnapshotTime","Vcenter","VmKey")} with no other index, so that a
 * new snapshot appends at the right edge of the one b-tree; {@code vm_hourly_snapshots} lists the stored
 * snapshots (written in the same transaction as their rows), serves the snapshot-time listings and drives
 * the per-time primary-key probes of trace look-ups (docs/decisions/0010 and 0051). How rows go in is the
 * dialect's ({@link Dialect#replaceSnapshot}).
 */
public final class JdbcHourlyStore implements HourlyStore {
    private static final System.Logger LOG = System.getLogger(JdbcHourlyStore.class.getName());

    private final JdbcDatabase db;
    private final Dialect dialect;
    private final int batchSize;
    private final OrderedMerge<VmSample> merge;
    private final TraceSegments traces;

    private final String upsertCatalog;
    private final String writtenAt;
    private final String vcenters;
    private final String deleteCatalogBefore;
    // the read statements, public so that a plugin's tests can check their plans
    /** The snapshot times of a window: from, to. */
    public final String windowTimes;
    /** One run of the ordered merge: a snapshot time. */
    public final String run;
    /** One snapshot: time, vCenter. */
    public final String snapshot;
    /** A trace: VM key, window start and end, vCenter, window start and end. */
    public final String trace;
    /** A vCenter's snapshot times: vCenter, window start and end. */
    public final String snapshotTimes;
    /** A vCenter's first snapshot at or after a time: vCenter, time. */
    public final String firstAtOrAfter;
    /** A vCenter's latest snapshot: vCenter. */
    public final String latest;

    public JdbcHourlyStore(JdbcDatabase db, Dialect dialect, int batchSize, int readThreads) {
        this.db = db;
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.traces = new TraceSegments(dialect);
        String select = dialect.selectList(HourlyRows.CODEC, null);
        this.upsertCatalog = dialect.sql("""
                INSERT INTO vm_hourly_snapshots ("Vcenter", "SnapshotTime", "RowCount", "WrittenAt")
                VALUES (?, ?, ?, ?)
                ON CONFLICT ("Vcenter", "SnapshotTime")
                DO UPDATE SET "RowCount" = excluded."RowCount", "WrittenAt" = excluded."WrittenAt\"""");
        this.writtenAt = dialect.sql("""
                SELECT max("WrittenAt")
                  FROM vm_hourly_snapshots
                 WHERE "SnapshotTime" = ?""");
        this.windowTimes = dialect.sql("""
                SELECT DISTINCT "SnapshotTime"
                  FROM vm_hourly_snapshots
                 WHERE "SnapshotTime" >= ? AND "SnapshotTime" < ?
                 ORDER BY "SnapshotTime\"""");
        // one run of the ordered merge: a snapshot time, all vCenters, in primary-key order
        this.run = dialect.sql("""
                SELECT %s
                  FROM vm_hourly_stats
                 WHERE "SnapshotTime" = ?
                 ORDER BY "Vcenter", "VmKey\"""".formatted(select));
        this.merge = new OrderedMerge<>(db, dialect, HourlyRows.CODEC, run, VmSample::vcenter, VmSample::key,
                readThreads);
        this.snapshot = dialect.sql("""
                SELECT %s
                  FROM vm_hourly_stats
                 WHERE "SnapshotTime" = ? AND "Vcenter" = ?
                 ORDER BY "VmKey\"""".formatted(select));
        // one primary-key probe per stored snapshot time of the vCenter; the window is repeated on the hourly
        // side so that a partitioned table prunes the partitions outside it when the plan is made
        this.trace = dialect.sql("""
                SELECT %s
                  FROM vm_hourly_snapshots AS s
                 CROSS JOIN vm_hourly_stats AS h
                 WHERE h."SnapshotTime" = s."SnapshotTime"
                   AND h."Vcenter" = s."Vcenter"
                   AND h."VmKey" = ?
                   AND h."SnapshotTime" >= ? AND h."SnapshotTime" < ?
                   AND s."Vcenter" = ?
                   AND s."SnapshotTime" >= ? AND s."SnapshotTime" < ?
                 ORDER BY s."SnapshotTime\"""".formatted(dialect.selectList(HourlyRows.CODEC, "h")));
        this.snapshotTimes = dialect.sql("""
                SELECT "SnapshotTime"
                  FROM vm_hourly_snapshots
                 WHERE "Vcenter" = ? AND "SnapshotTime" >= ? AND "SnapshotTime" < ?
                 ORDER BY "SnapshotTime\"""");
        this.firstAtOrAfter = dialect.sql("""
                SELECT min("SnapshotTime")
                  FROM vm_hourly_snapshots
                 WHERE "Vcenter" = ? AND "SnapshotTime" >= ?""");
        this.latest = dialect.sql("""
                SELECT max("SnapshotTime")
                  FROM vm_hourly_snapshots
                 WHERE "Vcenter" = ?""");
        this.vcenters = dialect.sql("""
                SELECT DISTINCT "Vcenter"
                  FROM vm_hourly_snapshots
                 WHERE "RowCount" > 0
                 ORDER BY "Vcenter\"""");
        this.deleteCatalogBefore = dialect.sql("""
                DELETE FROM vm_hourly_snapshots
                 WHERE "SnapshotTime" < ?""");
    }

    @Override
    public int replaceSnapshot(String vcenter, long snapshotTime, List<VmSample> rows) {
        List<VmSample> sorted = checkedSnapshot(vcenter, snapshotTime, rows);
        long t0 = System.nanoTime();
        dialect.beforeHourlyWrite(snapshotTime, snapshotTime);
        int written;
        try {
            written = write(vcenter, snapshotTime, sorted);
        } catch (RuntimeException e) {
            // a partition dropped or a table migrated by another process since we looked: look again, once
            if (db.inTransaction() || !dialect.recoverHourlyWrite(e, snapshotTime)) {
                throw e;
            }
            written = write(vcenter, snapshotTime, sorted);
        }
        LOG.log(System.Logger.Level.DEBUG, "vm_hourly_stats {0}@{1}: {2} rows in {3} ms", vcenter, snapshotTime,
                written, (System.nanoTime() - t0) / 1_000_000);
        return written;
    }

    private int write(String vcenter, long snapshotTime, List<VmSample> sorted) {
        return db.write("write snapshot " + vcenter + "@" + snapshotTime, c -> {
            dialect.lock(c, "vm_hourly_stats " + vcenter + "@" + snapshotTime);
            dialect.replaceSnapshot(c, vcenter, snapshotTime, sorted, batchSize);
            try (PreparedStatement ps = c.prepareStatement(upsertCatalog)) {
                ps.setString(1, vcenter);
                ps.setLong(2, snapshotTime);
                ps.setInt(3, sorted.size());
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
            traces.invalidate(c, vcenter, snapshotTime);
            return sorted.size();
        });
    }

    /**
     * Checks that every row belongs to the snapshot and that no VM key repeats (which would make the replace
     * ambiguous), and returns the rows sorted by key, so that they go in key order.
     *
     * @throws IllegalArgumentException naming the first offending row; nothing is written then
     */
    public static List<VmSample> checkedSnapshot(String vcenter, long snapshotTime, List<VmSample> rows) {
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
        sorted.sort((a, b) -> Sql.compareCodePoints(a.key(), b.key()));
        return sorted;
    }

    @Override
    public OptionalLong writtenAt(long snapshotTime) {
        return db.read("read when snapshot " + snapshotTime + " was written", c -> {
            try (PreparedStatement ps = c.prepareStatement(writtenAt)) {
                ps.setLong(1, snapshotTime);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return OptionalLong.empty();
                    }
                    long v = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
                }
            }
        });
    }

    @Override
    public void forEachOrdered(TimeWindow window, Consumer<VmSample> sink) {
        long t0 = System.nanoTime();
        long rows = merge.merge("read hourly rows of [" + window.start() + ", " + window.end() + ")",
                c -> Sql.longs(c, windowTimes, window.start(), window.end()), sink);
        LOG.log(System.Logger.Level.DEBUG, "vm_hourly_stats ordered read [{0},{1}): {2} rows in {3} ms",
                window.start(), window.end(), rows, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public List<VmSample> snapshot(String vcenter, long snapshotTime) {
        return db.read("read snapshot " + vcenter + "@" + snapshotTime, c -> readSnapshot(c, vcenter, snapshotTime));
    }

    /**
     * The VM's rows of the window: from the packed segments of the days whose packing is current, and by one
     * primary-key probe per snapshot for the hours of the other days (see {@link TraceSegments}).
     */
    @Override
    public List<VmSample> trace(String vcenter, String vmKey, TimeWindow window) {
        if (window.start() >= window.end()) {
            return List.of();
        }
        // the days that overlap the window: starting after start - DAY and before its end
        long from = window.start() < Long.MIN_VALUE + TraceSegments.DAY ? Long.MIN_VALUE
                : window.start() - TraceSegments.DAY + 1;
        return db.read("trace " + vcenter + " " + vmKey, c -> {
            Map<Long, List<VmSample>> packed = traces.currentSegments(c, vcenter, vmKey, from, window.end());
            if (packed.isEmpty()) {
                return probes(c, vcenter, vmKey, window);
            }
            List<VmSample> out = new ArrayList<>();
            long next = window.start(); // the window is read up to here
            for (Map.Entry<Long, List<VmSample>> day : packed.entrySet()) {
                if (next < day.getKey()) {
                    out.addAll(probes(c, vcenter, vmKey, cut(window, next, day.getKey())));
                }
                for (VmSample s : day.getValue()) {
                    if (s.snapshotTime() >= window.start() && s.snapshotTime() < window.end()) {
                        out.add(s);
                    }
                }
                next = day.getKey() + TraceSegments.DAY;
            }
            if (next < window.end()) {
                out.addAll(probes(c, vcenter, vmKey, cut(window, next, window.end())));
            }
            return out;
        });
    }

    /** The VM's rows of the window by one primary-key probe per snapshot, whatever is packed. */
    public List<VmSample> traceByProbes(String vcenter, String vmKey, TimeWindow window) {
        return db.read("trace " + vcenter + " " + vmKey, c -> probes(c, vcenter, vmKey, window));
    }

    private List<VmSample> probes(Connection c, String vcenter, String vmKey, TimeWindow window) throws SQLException {
        if (window.start() >= window.end()) {
            return List.of();
        }
        try (PreparedStatement ps = dialect.prepareRead(c, trace, 1_000)) {
            ps.setString(1, vmKey);
            ps.setLong(2, window.start());
            ps.setLong(3, window.end());
            ps.setString(4, vcenter);
            ps.setLong(5, window.start());
            ps.setLong(6, window.end());
            return readAll(dialect, ps);
        }
    }

    private static TimeWindow cut(TimeWindow window, long from, long to) {
        return new TimeWindow(Math.max(window.start(), from), Math.min(window.end(), to));
    }

    private List<Long> times(Connection c, String vcenter, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(snapshotTimes)) {
            ps.setString(1, vcenter);
            ps.setLong(2, from);
            ps.setLong(3, to);
            List<Long> times = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getLong(1));
                }
            }
            return times;
        }
    }

    /**
     * Packs every day of the vCenter that ends at or before {@code before} and is not packed (or no longer is),
     * one transaction per day, oldest first. Returns the days packed.
     */
    @Override
    public int packTraces(String vcenter, long before) {
        long t0 = System.nanoTime();
        long end = TraceSegments.bucketOf(before);
        Map<Long, List<Long>> days = new TreeMap<>();
        for (long t : db.read("list snapshot times of " + vcenter, c -> times(c, vcenter, Long.MIN_VALUE, end))) {
            days.computeIfAbsent(TraceSegments.bucketOf(t), d -> new ArrayList<>()).add(t);
        }
        Map<Long, Integer> packed = days.isEmpty() ? Map.of() : db.read("list packed days of " + vcenter,
                c -> traces.buckets(c, vcenter, Long.MIN_VALUE, end));
        int n = 0;
        long rows = 0;
        for (Map.Entry<Long, List<Long>> day : days.entrySet()) {
            long bucket = day.getKey();
            List<Long> times = day.getValue();
            if (Integer.valueOf(times.size()).equals(packed.get(bucket))) {
                continue;
            }
            long r = db.write("pack the traces of " + vcenter + " on day " + bucket,
                    c -> traces.pack(c, vcenter, bucket, this::times, this::readSnapshot, batchSize));
            if (r >= 0) {
                n++;
                rows += r;
            }
        }
        if (n > 0) {
            LOG.log(System.Logger.Level.INFO, "vm_trace_segments of {0}: {1} days packed ({2} rows) in {3} ms",
                    vcenter, n, rows, (System.nanoTime() - t0) / 1_000_000);
        }
        return n;
    }

    private List<VmSample> readSnapshot(Connection c, String vcenter, long snapshotTime) throws SQLException {
        try (PreparedStatement ps = dialect.prepareRead(c, snapshot, 5_000)) {
            ps.setLong(1, snapshotTime);
            ps.setString(2, vcenter);
            return readAll(dialect, ps);
        }
    }

    @Override
    public List<Long> snapshotTimes(String vcenter, TimeWindow window) {
        return db.read("list snapshot times of " + vcenter, c -> times(c, vcenter, window.start(), window.end()));
    }

    @Override
    public OptionalLong firstSnapshotAtOrAfter(String vcenter, long time) {
        return db.read("find the first snapshot of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(firstAtOrAfter)) {
                ps.setString(1, vcenter);
                ps.setLong(2, time);
                return Sql.optionalLong(ps);
            }
        });
    }

    @Override
    public OptionalLong latestSnapshotTime(String vcenter) {
        return db.read("find the latest snapshot of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(latest)) {
                ps.setString(1, vcenter);
                return Sql.optionalLong(ps);
            }
        });
    }

    @Override
    public List<String> vcenters() {
        return db.read("list vCenters", c -> {
            try (PreparedStatement ps = c.prepareStatement(vcenters)) {
                return Sql.strings(ps);
            }
        });
    }

    /**
     * Removes rows older than {@code time}: whole partitions where the dialect has them, then single rows
     * (which {@link #retentionBoundary(long)} lets a cleanup job avoid), and their catalog entries.
     */
    @Override
    public long deleteBefore(long time) {
        long t0 = System.nanoTime();
        long removed = db.write("apply hourly retention before " + time, c -> {
            long n = dialect.deleteHourlyBefore(c, time);
            try (PreparedStatement ps = c.prepareStatement(deleteCatalogBefore)) {
                ps.setLong(1, time);
                ps.executeUpdate();
            }
            traces.deleteBefore(c, time);
            return n;
        });
        LOG.log(System.Logger.Level.INFO, "vm_hourly_stats retention before {0}: {1} rows removed in {2} ms", time,
                removed, (System.nanoTime() - t0) / 1_000_000);
        return removed;
    }

    @Override
    public long retentionBoundary(long time) {
        return dialect.retentionBoundary(time);
    }

    /** Every row of a prepared and bound query selecting the dialect's hourly select list. */
    static List<VmSample> readAll(Dialect dialect, PreparedStatement ps) throws SQLException {
        RowReader<VmSample> reader = dialect.reader(HourlyRows.CODEC);
        List<VmSample> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
        }
        return out;
    }
}
