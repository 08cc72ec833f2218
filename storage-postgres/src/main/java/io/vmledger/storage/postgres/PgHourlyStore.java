package io.vmledger.storage.postgres;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.HourlyStore;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

import static io.vmledger.storage.postgres.PgSchema.HOURLY_COLUMNS;
import static io.vmledger.storage.postgres.PgSchema.sql;

/**
 * {@code vm_hourly_stats} on PostgreSQL. The table is keyed {@code ("SnapshotTime","Vcenter","VmKey")}
 * and has no other index, so a new snapshot appends at the right edge of the one b-tree;
 * {@code vm_hourly_snapshots} lists the stored snapshots and drives the per-time primary-key probes
 * of trace look-ups (docs/decisions/0051). Rows go in by {@code COPY} into a session staging table
 * and one upsert from it, or by multi-row {@code INSERT ... ON CONFLICT} (decision 0050).
 */
final class PgHourlyStore implements HourlyStore {
    private static final System.Logger LOG = System.getLogger(PgHourlyStore.class.getName());

    /** Bind parameters per statement are limited to 65,535 by the protocol. */
    static final int MAX_ROWS_PER_INSERT = 65_535 / HourlyRows.COLUMN_COUNT;
    /** SQLSTATE of "no partition of relation found for row". */
    private static final String NO_PARTITION = "23514";

    private static final String CONFLICT_UPDATE = """
            ON CONFLICT ("SnapshotTime", "Vcenter", "VmKey") DO UPDATE SET
                "VmId" = excluded."VmId", "VmUuid" = excluded."VmUuid", "Name" = excluded."Name",
                "CreationTime" = excluded."CreationTime", "DeletionTime" = excluded."DeletionTime",
                "ResourcePool" = excluded."ResourcePool", "Datacenter" = excluded."Datacenter",
                "Cluster" = excluded."Cluster", "Folder" = excluded."Folder", "VcpuCount" = excluded."VcpuCount",
                "RamGB" = excluded."RamGB", "ProvisionedDisk" = excluded."ProvisionedDisk",
                "PowerState" = excluded."PowerState", "IsTemplate" = excluded."IsTemplate\"""";

    /** Serialises writers of one snapshot, so two re-captures of it cannot interleave. */
    private static final String LOCK_SNAPSHOT = "SELECT pg_advisory_xact_lock(hashtextextended(?, ?))";

    /** A staging table per session; its rows vanish at each commit. */
    static final String CREATE_STAGING = """
            CREATE TEMPORARY TABLE IF NOT EXISTS vm_hourly_staging
                (LIKE vm_hourly_stats INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""";

    static final String COPY_STAGING = sql("COPY vm_hourly_staging (" + HourlyRows.COLUMNS
            + ") FROM STDIN (FORMAT text)");

    static final String UPSERT_FROM_STAGING = sql("""
            INSERT INTO vm_hourly_stats (%s)
            SELECT %s
              FROM vm_hourly_staging
            %s""".formatted(HourlyRows.COLUMNS, HourlyRows.COLUMNS, CONFLICT_UPDATE));

    static final String DELETE_STALE_BY_STAGING = sql("""
            DELETE FROM vm_hourly_stats AS h
             WHERE h."SnapshotTime" = ? AND h."Vcenter" = ?
               AND NOT EXISTS (SELECT 1 FROM vm_hourly_staging AS s WHERE s."VmKey" = h."VmKey")""");

    static final String DELETE_STALE_BY_KEYS = sql("""
            DELETE FROM vm_hourly_stats
             WHERE "SnapshotTime" = ? AND "Vcenter" = ?
               AND "VmKey" <> ALL (?)""");

    static final String UPSERT_CATALOG = sql("""
            INSERT INTO vm_hourly_snapshots ("Vcenter", "SnapshotTime", "RowCount")
            VALUES (?, ?, ?)
            ON CONFLICT ("Vcenter", "SnapshotTime") DO UPDATE SET "RowCount" = excluded."RowCount\"""");

    static final String WINDOW_TIMES = sql("""
            SELECT DISTINCT "SnapshotTime"
              FROM vm_hourly_snapshots
             WHERE "SnapshotTime" >= ? AND "SnapshotTime" < ?
             ORDER BY "SnapshotTime\"""");

    /** One run of the ordered merge: one snapshot time, all vCenters, in primary-key order. */
    static final String RUN = sql("""
            SELECT %s
              FROM vm_hourly_stats
             WHERE "SnapshotTime" = ?
             ORDER BY "Vcenter", "VmKey\"""".formatted(HourlyRows.COLUMNS));

    static final String SNAPSHOT = sql("""
            SELECT %s
              FROM vm_hourly_stats
             WHERE "SnapshotTime" = ? AND "Vcenter" = ?
             ORDER BY "VmKey\"""".formatted(HourlyRows.COLUMNS));

    /**
     * One primary-key probe per stored snapshot time of the vCenter in the window; the window is
     * repeated on the hourly side so that partitions outside it are pruned when the plan is made.
     */
    static final String TRACE = sql("""
            SELECT %s
              FROM vm_hourly_snapshots AS s
              JOIN vm_hourly_stats AS h
                ON h."SnapshotTime" = s."SnapshotTime"
               AND h."Vcenter" = s."Vcenter"
               AND h."VmKey" = ?
               AND h."SnapshotTime" >= ? AND h."SnapshotTime" < ?
             WHERE s."Vcenter" = ?
               AND s."SnapshotTime" >= ? AND s."SnapshotTime" < ?
             ORDER BY s."SnapshotTime\"""".formatted(prefixed("h", HOURLY_COLUMNS)));

    static final String SNAPSHOT_TIMES = sql("""
            SELECT "SnapshotTime"
              FROM vm_hourly_snapshots
             WHERE "Vcenter" = ? AND "SnapshotTime" >= ? AND "SnapshotTime" < ?
             ORDER BY "SnapshotTime\"""");

    static final String FIRST_AT_OR_AFTER = sql("""
            SELECT min("SnapshotTime")
              FROM vm_hourly_snapshots
             WHERE "Vcenter" = ? AND "SnapshotTime" >= ?""");

    static final String LATEST = sql("""
            SELECT max("SnapshotTime")
              FROM vm_hourly_snapshots
             WHERE "Vcenter" = ?""");

    static final String VCENTERS = sql("""
            SELECT DISTINCT "Vcenter"
              FROM vm_hourly_snapshots
             WHERE "RowCount" > 0
             ORDER BY "Vcenter\"""");

    static final String DELETE_ROWS_BEFORE = sql("""
            DELETE FROM vm_hourly_stats
             WHERE "SnapshotTime" < ?""");

    static final String DELETE_CATALOG_BEFORE = sql("""
            DELETE FROM vm_hourly_snapshots
             WHERE "SnapshotTime" < ?""");

    static final String CATALOG_ROWS_IN = sql("""
            SELECT coalesce(sum("RowCount"), 0)
              FROM vm_hourly_snapshots
             WHERE "SnapshotTime" >= ? AND "SnapshotTime" < ?""");


    private final PgDatabase db;
    private final HourlyLayout layout;
    private final int batchSize;
    private final PgOptions.Ingestion ingestion;
    private final OrderedRead<VmSample> orderedRead;

    PgHourlyStore(PgDatabase db, HourlyLayout layout, int batchSize, PgOptions.Ingestion ingestion) {
        this.db = db;
        this.layout = layout;
        this.batchSize = batchSize;
        this.ingestion = ingestion;
        this.orderedRead = new OrderedRead<>(db, RUN, text -> rs -> HourlyRows.read(rs, 1, text), VmSample::vcenter,
                VmSample::key, db.options().readThreads());
    }

    @Override
    public int replaceSnapshot(String vcenter, long snapshotTime, List<VmSample> rows) {
        return replaceSnapshot(vcenter, snapshotTime, rows, ingestion);
    }

    /** {@link #replaceSnapshot(String, long, List)} with a given ingestion mode (tests, benchmark). */
    int replaceSnapshot(String vcenter, long snapshotTime, List<VmSample> rows, PgOptions.Ingestion mode) {
        List<VmSample> sorted = checkedSnapshot(vcenter, snapshotTime, rows);
        long t0 = System.nanoTime();
        layout.ensurePartitions(snapshotTime, snapshotTime);
        int written;
        try {
            written = write(vcenter, snapshotTime, sorted, mode);
        } catch (io.vmledger.storage.spi.StorageException e) {
            // A partition dropped or a table migrated by another process since we looked: look again once.
            if (!(e.getCause() instanceof SQLException s) || !NO_PARTITION.equals(s.getSQLState())) {
                throw e;
            }
            layout.refresh();
            layout.ensurePartitions(snapshotTime, snapshotTime);
            written = write(vcenter, snapshotTime, sorted, mode);
        }
        LOG.log(System.Logger.Level.DEBUG, "vm_hourly_stats {0}@{1}: {2} rows by {3} in {4} ms", vcenter, snapshotTime,
                written, mode, (System.nanoTime() - t0) / 1_000_000);
        return written;
    }

    private int write(String vcenter, long snapshotTime, List<VmSample> sorted, PgOptions.Ingestion mode) {
        return db.inTransaction("write snapshot " + vcenter + "@" + snapshotTime, c -> {
            try (PreparedStatement lock = c.prepareStatement(LOCK_SNAPSHOT)) {
                lock.setString(1, vcenter);
                lock.setLong(2, snapshotTime);
                lock.execute();
            }
            int n = mode == PgOptions.Ingestion.COPY
                    ? copyAndUpsert(c, vcenter, snapshotTime, sorted)
                    : insertBatches(c, vcenter, snapshotTime, sorted);
            try (PreparedStatement ps = c.prepareStatement(UPSERT_CATALOG)) {
                ps.setString(1, vcenter);
                ps.setLong(2, snapshotTime);
                ps.setInt(3, n);
                ps.executeUpdate();
            }
            return n;
        });
    }

    /** COPY into the session's staging table, upsert from it, remove the snapshot's rows not in it. */
    private static int copyAndUpsert(Connection c, String vcenter, long snapshotTime, List<VmSample> rows)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            // Empty here: its rows vanish at every commit, and a failed transaction rolls them back.
            st.execute(CREATE_STAGING);
        }
        copy(c, COPY_STAGING, rows);
        try (Statement st = c.createStatement()) {
            st.executeUpdate(UPSERT_FROM_STAGING);
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_STALE_BY_STAGING)) {
            ps.setLong(1, snapshotTime);
            ps.setString(2, vcenter);
            ps.executeUpdate();
        }
        return rows.size();
    }

    /** Streams rows as COPY text in chunks of about 256 KB. */
    static void copy(Connection c, String copySql, List<VmSample> rows) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            StringBuilder sb = new StringBuilder(1 << 18);
            for (VmSample s : rows) {
                HourlyRows.appendCopyLine(sb, s);
                if (sb.length() >= (1 << 18) - 1024) {
                    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                    sb.setLength(0);
                }
            }
            if (!sb.isEmpty()) {
                byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                in.writeToCopy(bytes, 0, bytes.length);
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** Multi-row INSERT ... ON CONFLICT statements of {@code batchSize} rows, then the stale-row delete. */
    private int insertBatches(Connection c, String vcenter, long snapshotTime, List<VmSample> rows)
            throws SQLException {
        int perStatement = Math.min(batchSize, MAX_ROWS_PER_INSERT);
        PreparedStatement full = null;
        try {
            for (int from = 0; from < rows.size(); from += perStatement) {
                int n = Math.min(perStatement, rows.size() - from);
                if (n == perStatement) {
                    if (full == null) {
                        full = c.prepareStatement(multiRowInsert(perStatement));
                    }
                    bindRows(full, rows, from, n);
                    full.executeUpdate();
                } else {
                    try (PreparedStatement last = c.prepareStatement(multiRowInsert(n))) {
                        bindRows(last, rows, from, n);
                        last.executeUpdate();
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_STALE_BY_KEYS)) {
            ps.setLong(1, snapshotTime);
            ps.setString(2, vcenter);
            ps.setArray(3, c.createArrayOf("text", rows.stream().map(VmSample::key).toArray()));
            ps.executeUpdate();
        }
        return rows.size();
    }

    private static void bindRows(PreparedStatement ps, List<VmSample> rows, int from, int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            HourlyRows.bind(ps, 1 + i * HourlyRows.COLUMN_COUNT, rows.get(from + i));
        }
    }

    /** {@code INSERT INTO vm_hourly_stats (...) VALUES (?, ...), ... ON CONFLICT ...} for {@code rows} rows. */
    static String multiRowInsert(int rows) {
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(HourlyRows.COLUMN_COUNT, "?")) + ")";
        StringBuilder sb = new StringBuilder("INSERT INTO vm_hourly_stats (").append(HourlyRows.COLUMNS)
                .append(")\nVALUES ");
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ",\n       ").append(tuple);
        }
        return sql(sb.append('\n').append(CONFLICT_UPDATE).toString());
    }

    /**
     * Checks that every row belongs to the snapshot and that no VM key repeats (which would make the
     * replace ambiguous), and returns the rows sorted by key so that index entries go in key order.
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
        sorted.sort((a, b) -> OrderedMerge.compareCodePoints(a.key(), b.key()));
        return sorted;
    }

    @Override
    public void forEachOrdered(TimeWindow window, Consumer<VmSample> sink) {
        long t0 = System.nanoTime();
        long rows = orderedRead.read("read hourly rows of [" + window.start() + ", " + window.end() + ")",
                c -> longs(c, WINDOW_TIMES, window.start(), window.end()), sink);
        LOG.log(System.Logger.Level.DEBUG, "vm_hourly_stats ordered read [{0},{1}): {2} rows in {3} ms",
                window.start(), window.end(), rows, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public List<VmSample> snapshot(String vcenter, long snapshotTime) {
        return db.inTransaction("read snapshot " + vcenter + "@" + snapshotTime, c -> {
            try (PreparedStatement ps = c.prepareStatement(SNAPSHOT)) {
                ps.setLong(1, snapshotTime);
                ps.setString(2, vcenter);
                return readAll(ps);
            }
        });
    }

    @Override
    public List<VmSample> trace(String vcenter, String vmKey, TimeWindow window) {
        return db.inTransaction("trace " + vcenter + " " + vmKey, c -> {
            try (PreparedStatement ps = c.prepareStatement(TRACE)) {
                ps.setString(1, vmKey);
                ps.setLong(2, window.start());
                ps.setLong(3, window.end());
                ps.setString(4, vcenter);
                ps.setLong(5, window.start());
                ps.setLong(6, window.end());
                return readAll(ps);
            }
        });
    }

    @Override
    public List<Long> snapshotTimes(String vcenter, TimeWindow window) {
        return db.inTransaction("list snapshot times of " + vcenter, c -> {
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
        return db.inTransaction("find the first snapshot of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(FIRST_AT_OR_AFTER)) {
                ps.setString(1, vcenter);
                ps.setLong(2, time);
                return optionalLong(ps);
            }
        });
    }

    @Override
    public OptionalLong latestSnapshotTime(String vcenter) {
        return db.inTransaction("find the latest snapshot of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(LATEST)) {
                ps.setString(1, vcenter);
                return optionalLong(ps);
            }
        });
    }

    @Override
    public List<String> vcenters() {
        return db.inTransaction("list vCenters", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(VCENTERS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * Removes rows older than {@code time}. On a partitioned table every partition that ends at or
     * before {@code time} is dropped whole; only rows of a partition that straddles {@code time} are
     * deleted one by one, which {@link #retentionBoundary(long)} lets the cleanup job avoid.
     */
    @Override
    public long deleteBefore(long time) {
        long t0 = System.nanoTime();
        long[] dropped = new long[2];
        long removed = db.inTransaction("apply hourly retention before " + time, c -> {
            long n = 0;
            if (layout.partitioned()) {
                for (HourlyPartitions.Partition p : HourlyPartitions.list(c)) {
                    if (p.to() <= time) {
                        n += catalogRows(c, p.from(), p.to());
                        try (Statement st = c.createStatement()) {
                            // The name comes from the catalog of our own partitions, quoted as an identifier.
                            st.execute("DROP TABLE " + quoteIdent(p.name()));
                        }
                        dropped[0]++;
                        layout.forget(p);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE_ROWS_BEFORE)) {
                ps.setLong(1, time);
                long rowsDeleted = ps.executeLargeUpdate();
                dropped[1] = rowsDeleted;
                n += rowsDeleted;
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE_CATALOG_BEFORE)) {
                ps.setLong(1, time);
                ps.executeUpdate();
            }
            return n;
        });
        LOG.log(System.Logger.Level.INFO,
                "vm_hourly_stats retention before {0}: {1} rows removed ({2} partitions dropped, {3} rows deleted) in {4} ms",
                time, removed, dropped[0], dropped[1], (System.nanoTime() - t0) / 1_000_000);
        return removed;
    }

    /**
     * The latest time at or before {@code time} at which retention removes whole partitions only:
     * the start of the UTC month of {@code time} when the table is partitioned, else {@code time}.
     */
    @Override
    public long retentionBoundary(long time) {
        return layout.partitioned() ? HourlyPartitions.startOf(HourlyPartitions.monthOf(time)) : time;
    }

    private static long catalogRows(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CATALOG_ROWS_IN)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static String quoteIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static List<VmSample> readAll(PreparedStatement ps) throws SQLException {
        List<VmSample> out = new ArrayList<>();
        ps.setFetchSize(5_000);
        TextDecoder text = new TextDecoder();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(HourlyRows.read(rs, 1, text));
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

    static String prefixed(String alias, List<String> columns) {
        StringBuilder sb = new StringBuilder();
        for (String col : columns) {
            sb.append(sb.isEmpty() ? "" : ", ").append(alias).append(".\"").append(col).append('"');
        }
        return sb.toString();
    }
}
