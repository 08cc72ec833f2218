package io.vmledger.storage.jdbc;

import io.vmledger.api.VmSample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traces read by VM: {@code vm_hourly_stats} is keyed time first (decision 0010), so one VM's history is one
 * primary-key probe per hour, 720 for 30 days. Once a day is over, its hourly rows are packed per VM into
 * {@code vm_trace_segments} (one row per VM and day, {@link TraceSegmentCodec}) and the day is recorded in
 * {@code vm_trace_buckets} with the number of snapshots it was packed from; a 30-day trace then reads 30
 * segments and probes only the hours of days not packed (docs/decisions/0150).
 *
 * <p>Segments are derived data and never the only copy: a trace uses a day's segments only while its bucket
 * record exists and the vCenter still has exactly that many snapshots in the day (checked in the statement that
 * reads the segments). Every write of a snapshot
 * deletes the record of its day in the same transaction, and packing takes the snapshots' write locks, so a
 * trace never reads a segment older than the rows it stands for; retention deletes both with the rows.
 */
final class TraceSegments {
    /** The packed unit: a UTC day, in seconds. */
    static final long DAY = 86_400;

    private final Dialect dialect;
    private final String bucketsOf;
    private final String insertBucket;
    private final String deleteBucket;
    private final String deleteSegmentsOfBucket;
    private final String insertSegment;
    private final String currentSegmentsOf;
    private final String deleteBucketsBefore;
    private final String deleteSegmentsBefore;

    TraceSegments(Dialect dialect) {
        this.dialect = dialect;
        this.bucketsOf = dialect.sql("""
                SELECT "BucketStart", "SnapshotCount"
                  FROM vm_trace_buckets
                 WHERE "Vcenter" = ? AND "BucketStart" >= ? AND "BucketStart" < ?
                 ORDER BY "BucketStart\"""");
        this.insertBucket = dialect.sql("""
                INSERT INTO vm_trace_buckets ("Vcenter", "BucketStart", "SnapshotCount", "RowCount")
                VALUES (?, ?, ?, ?)""");
        this.deleteBucket = dialect.sql("""
                DELETE FROM vm_trace_buckets
                 WHERE "Vcenter" = ? AND "BucketStart" = ?""");
        this.deleteSegmentsOfBucket = dialect.sql("""
                DELETE FROM vm_trace_segments
                 WHERE "BucketStart" = ? AND "Vcenter" = ?""");
        this.insertSegment = dialect.sql("""
                INSERT INTO vm_trace_segments ("Vcenter", "VmKey", "BucketStart", "Samples")
                VALUES (?, ?, ?, ?)""");
        // the packed days of the window that still have exactly the snapshots they were packed from, each with
        // the VM's segment (none when the VM was absent that day): one statement, one round trip
        this.currentSegmentsOf = dialect.sql("""
                SELECT b."BucketStart", g."Samples"
                  FROM vm_trace_buckets AS b
                  LEFT JOIN vm_trace_segments AS g
                    ON g."Vcenter" = b."Vcenter" AND g."VmKey" = ? AND g."BucketStart" = b."BucketStart"
                 WHERE b."Vcenter" = ? AND b."BucketStart" >= ? AND b."BucketStart" < ?
                   AND b."SnapshotCount" = (SELECT count(*)
                                              FROM vm_hourly_snapshots AS s
                                             WHERE s."Vcenter" = b."Vcenter"
                                               AND s."SnapshotTime" >= b."BucketStart"
                                               AND s."SnapshotTime" < b."BucketStart" + %d)
                 ORDER BY b."BucketStart\"""".formatted(DAY));
        this.deleteBucketsBefore = dialect.sql("""
                DELETE FROM vm_trace_buckets
                 WHERE "BucketStart" < ?""");
        this.deleteSegmentsBefore = dialect.sql("""
                DELETE FROM vm_trace_segments
                 WHERE "BucketStart" < ?""");
    }

    /** The start of the day {@code time} falls in. */
    static long bucketOf(long time) {
        return Math.floorDiv(time, DAY) * DAY;
    }

    /** Inside a snapshot's write: its day's segments no longer stand for its rows. */
    void invalidate(Connection c, String vcenter, long snapshotTime) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteBucket)) {
            ps.setString(1, vcenter);
            ps.setLong(2, bucketOf(snapshotTime));
            ps.executeUpdate();
        }
    }

    /** Inside retention's write: the segments of every day that starts before {@code time}. */
    void deleteBefore(Connection c, long time) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteBucketsBefore)) {
            ps.setLong(1, time);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(deleteSegmentsBefore)) {
            ps.setLong(1, time);
            ps.executeUpdate();
        }
    }

    /** The days of the vCenter in {@code [from, to)} whose segments are current: day start to snapshots packed. */
    Map<Long, Integer> buckets(Connection c, String vcenter, long from, long to) throws SQLException {
        Map<Long, Integer> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(bucketsOf)) {
            ps.setString(1, vcenter);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /**
     * The packed days starting in {@code [from, to)} whose segments are current (the vCenter has exactly the
     * snapshots they were packed from), by day, each with the VM's rows of that day, by time (none when the VM was
     * absent).
     */
    Map<Long, List<VmSample>> currentSegments(Connection c, String vcenter, String vmKey, long from, long to)
            throws SQLException {
        Map<Long, List<VmSample>> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(currentSegmentsOf)) {
            ps.setString(1, vmKey);
            ps.setString(2, vcenter);
            ps.setLong(3, from);
            ps.setLong(4, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] samples = rs.getBytes(2);
                    out.put(rs.getLong(1), samples == null ? List.of() : TraceSegmentCodec.decode(vcenter, samples));
                }
            }
        }
        return out;
    }

    /** How a day's rows are read for packing: one snapshot of the vCenter, by VM key. */
    interface SnapshotReader {
        List<VmSample> read(Connection c, String vcenter, long snapshotTime) throws SQLException;
    }

    /** The snapshot times of a vCenter in {@code [from, to)}, ascending. */
    interface TimesReader {
        List<Long> read(Connection c, String vcenter, long from, long to) throws SQLException;
    }

    /**
     * Packs one day of the vCenter, inside the caller's write transaction: under the day's lock, unless its
     * record is current (another process packed it meanwhile), the day's snapshots are locked as their writers
     * lock them, read, grouped by VM and written as segments, then the day's record. Returns the rows packed,
     * or -1 when the day was already packed.
     */
    long pack(Connection c, String vcenter, long bucket, TimesReader timesReader, SnapshotReader reader,
              int batchSize) throws SQLException {
        dialect.lock(c, "vm_trace_buckets " + vcenter + "@" + bucket);
        List<Long> times = timesReader.read(c, vcenter, bucket, bucket + DAY);
        Integer recorded = buckets(c, vcenter, bucket, bucket + 1).get(bucket);
        if (recorded != null && recorded == times.size()) {
            return -1;
        }
        try (PreparedStatement ps = c.prepareStatement(deleteBucket)) {
            ps.setString(1, vcenter);
            ps.setLong(2, bucket);
            ps.executeUpdate();
        }
        for (long t : times) {
            dialect.lock(c, "vm_hourly_stats " + vcenter + "@" + t);
        }
        // a VM's rows in time order: the snapshots are read in time order and each VM's list grows with them
        Map<String, List<VmSample>> byVm = new TreeMap<>(Sql::compareCodePoints);
        long rows = 0;
        for (long t : times) {
            for (VmSample s : reader.read(c, vcenter, t)) {
                byVm.computeIfAbsent(s.key(), k -> new ArrayList<>(times.size())).add(s);
                rows++;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(deleteSegmentsOfBucket)) {
            ps.setLong(1, bucket);
            ps.setString(2, vcenter);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(insertSegment)) {
            Sql.batches(ps, byVm.entrySet(), batchSize, (p, e) -> {
                p.setString(1, vcenter);
                p.setString(2, e.getKey());
                p.setLong(3, bucket);
                p.setBytes(4, TraceSegmentCodec.encode(e.getValue()));
            });
        }
        try (PreparedStatement ps = c.prepareStatement(insertBucket)) {
            ps.setString(1, vcenter);
            ps.setLong(2, bucket);
            ps.setInt(3, times.size());
            ps.setLong(4, rows);
            ps.executeUpdate();
        }
        return rows;
    }
}
