package io.vmledger.storage.postgres;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.VmSample;
import io.vmledger.storage.jdbc.CanonicalSchema;
import io.vmledger.storage.jdbc.Dialect;
import io.vmledger.storage.jdbc.HourlyRows;
import io.vmledger.storage.jdbc.Parameters;
import io.vmledger.storage.jdbc.RowCodec;
import io.vmledger.storage.jdbc.Sql;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What PostgreSQL does differently: {@code COPY} ingestion (and a staging upsert for the hourly facts),
 * advisory locks between processes, binary cursor reads, {@code unnest} bulk updates, the
 * {@code pg_tables} catalog, {@code CREATE TABLE ... (LIKE ...)}, and the monthly partitions of
 * {@code vm_hourly_stats} ({@link HourlyLayout}).
 */
final class PgDialect implements Dialect {
    /** Bind parameters per statement are limited to 65,535 by the protocol. */
    static final int MAX_ROWS_PER_INSERT = 65_535 / CanonicalSchema.HOURLY_COLUMNS.size();
    private static final String COLUMNS = CanonicalSchema.quotedList(CanonicalSchema.HOURLY_COLUMNS);

    private static final String CONFLICT_UPDATE = """
            ON CONFLICT ("SnapshotTime", "Vcenter", "VmKey") DO UPDATE SET
                "VmId" = excluded."VmId", "VmUuid" = excluded."VmUuid", "Name" = excluded."Name",
                "CreationTime" = excluded."CreationTime", "DeletionTime" = excluded."DeletionTime",
                "ResourcePool" = excluded."ResourcePool", "Datacenter" = excluded."Datacenter",
                "Cluster" = excluded."Cluster", "Folder" = excluded."Folder", "VcpuCount" = excluded."VcpuCount",
                "RamGB" = excluded."RamGB", "ProvisionedDisk" = excluded."ProvisionedDisk",
                "PowerState" = excluded."PowerState", "IsTemplate" = excluded."IsTemplate\"""";

    /** A staging table per session; its rows vanish at each commit. */
    static final String CREATE_STAGING = """
            CREATE TEMPORARY TABLE IF NOT EXISTS vm_hourly_staging
                (LIKE vm_hourly_stats INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""";

    /** Named locks of this plugin; the seed keeps them apart from other users of advisory locks. */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(?, 7236))";

    private final PgOptions.Ingestion ingestion;
    private final HourlyLayout layout;
    private final String copyHourly;
    private final String copyStaging;
    private final String upsertFromStaging;
    /** The VM keys stored for a snapshot: time, vCenter. */
    final String storedKeys;
    /** Removes the rows of some VMs from a snapshot: time, vCenter, the keys. */
    final String deleteKeys;
    private final String touch;
    private final String existingKeys;

    PgDialect(PgOptions.Ingestion ingestion, HourlyLayout layout) {
        this.ingestion = ingestion;
        this.layout = layout;
        this.copyHourly = sql("COPY vm_hourly_stats (" + COLUMNS + ") FROM STDIN (FORMAT text)");
        this.copyStaging = sql("COPY vm_hourly_staging (" + COLUMNS + ") FROM STDIN (FORMAT text)");
        this.upsertFromStaging = sql("""
                INSERT INTO vm_hourly_stats (%s)
                SELECT %s
                  FROM vm_hourly_staging
                %s""".formatted(COLUMNS, COLUMNS, CONFLICT_UPDATE));
        // both by the primary key's prefix, whatever the statistics of the partition say: a partition that has
        // just been filled has none yet (the first capture of a store or of a month), and an anti-join of the
        // snapshot's rows with the staging table planned on none ran as a nested loop, n x n (decision 0121)
        this.storedKeys = sql("""
                SELECT "VmKey"
                  FROM vm_hourly_stats
                 WHERE "SnapshotTime" = ? AND "Vcenter" = ?""");
        this.deleteKeys = sql("""
                DELETE FROM vm_hourly_stats
                 WHERE "SnapshotTime" = ? AND "Vcenter" = ?
                   AND "VmKey" = ANY (?)""");
        // LastSeen of many entries in one statement: each is a HOT update (no indexed column changes)
        this.touch = sql("""
                UPDATE vm_lifecycle_cache AS l
                   SET "LastSeen" = s.last_seen
                  FROM unnest(?::text[], ?::text[], ?::bigint[]) AS s(vcenter, vm_key, last_seen)
                 WHERE l."Vcenter" = s.vcenter AND l."VmKey" = s.vm_key""");
        this.existingKeys = sql("""
                SELECT l."Vcenter", l."VmKey"
                  FROM vm_lifecycle_cache AS l
                  JOIN unnest(?::text[], ?::text[]) AS s(vcenter, vm_key)
                    ON l."Vcenter" = s.vcenter AND l."VmKey" = s.vm_key""");
    }

    /** The collation of the key columns. */
    private static final Set<String> OWN_IDENTIFIERS = Set.of("C");

    @Override
    public Set<String> ownIdentifiers() {
        return OWN_IDENTIFIERS;
    }

    /** {@link #sql} for the plugin's constant statements. */
    static String checked(String sql) {
        return CanonicalSchema.checkIdentifiers(sql, OWN_IDENTIFIERS);
    }

    HourlyLayout layout() {
        return layout;
    }

    /**
     * A cursor of {@code fetchSize} rows per round trip, with binary results from the first execution
     * (numbers arrive as bytes, not text to parse); that costs a round trip to describe the statement, which
     * pays off over a run's thousands of rows but not for a page or a trace, so only merge runs use it.
     */
    @Override
    public PreparedStatement prepareRun(Connection c, String sql, int fetchSize) throws SQLException {
        PreparedStatement ps = prepareRead(c, sql, fetchSize);
        ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
        return ps;
    }

    /** {@code COPY} in text format. */
    @Override
    public <T> void insert(Connection c, String table, RowCodec<T> codec, List<T> rows, int batchSize)
            throws SQLException {
        CopyText.copy(c, sql("COPY " + table + " (" + CanonicalSchema.quotedList(codec.columnNames())
                + ") FROM STDIN (FORMAT text)"), codec, rows);
    }

    /**
     * A new snapshot, the case of every hourly capture, is one {@code COPY} into {@code vm_hourly_stats} (or
     * multi-row inserts). A snapshot stored before is upserted rather than deleted and inserted, so its rows
     * are updated in place: by {@code COPY} into the session's staging table and one upsert from it (the
     * default), or by multi-row {@code INSERT ... ON CONFLICT} statements; then the rows of VMs that are gone
     * are deleted by key. The caller holds the snapshot's lock, so no other writer adds rows meanwhile.
     */
    @Override
    public void replaceSnapshot(Connection c, String vcenter, long time, List<VmSample> rows, int batchSize)
            throws SQLException {
        Set<String> stored = storedKeys(c, vcenter, time);
        if (ingestion == PgOptions.Ingestion.COPY && stored.isEmpty()) {
            CopyText.copy(c, copyHourly, HourlyRows.CODEC, rows);
            return;
        }
        if (ingestion == PgOptions.Ingestion.COPY) {
            // empty here: its rows vanish at every commit, and a failed transaction rolls them back
            Sql.exec(c, CREATE_STAGING);
            CopyText.copy(c, copyStaging, HourlyRows.CODEC, rows);
            Sql.exec(c, upsertFromStaging);
        } else {
            insertBatches(c, rows, batchSize);
        }
        for (VmSample row : rows) {
            stored.remove(row.key());
        }
        if (!stored.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(deleteKeys)) {
                ps.setLong(1, time);
                ps.setString(2, vcenter);
                ps.setArray(3, c.createArrayOf("text", stored.toArray()));
                ps.executeUpdate();
            }
        }
    }

    private Set<String> storedKeys(Connection c, String vcenter, long time) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(storedKeys)) {
            ps.setLong(1, time);
            ps.setString(2, vcenter);
            return new HashSet<>(Sql.strings(ps));
        }
    }

    private void insertBatches(Connection c, List<VmSample> rows, int batchSize) throws SQLException {
        int perStatement = Math.min(batchSize, MAX_ROWS_PER_INSERT);
        int columns = CanonicalSchema.HOURLY_COLUMNS.size();
        PreparedStatement full = null;
        try {
            for (int from = 0; from < rows.size(); from += perStatement) {
                int n = Math.min(perStatement, rows.size() - from);
                boolean isFull = n == perStatement;
                if (isFull && full == null) {
                    full = c.prepareStatement(multiRowInsert(perStatement));
                }
                PreparedStatement ps = isFull ? full : c.prepareStatement(multiRowInsert(n));
                try {
                    Parameters p = new Parameters(ps);
                    for (int i = 0; i < n; i++) {
                        p.bind(HourlyRows.CODEC, rows.get(from + i), 1 + i * columns);
                    }
                    ps.executeUpdate();
                } finally {
                    if (!isFull) {
                        ps.close();
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    /** {@code INSERT INTO vm_hourly_stats (...) VALUES (?, ...), ... ON CONFLICT ...} for {@code rows} rows. */
    String multiRowInsert(int rows) {
        String tuple = "(" + CanonicalSchema.placeholders(CanonicalSchema.HOURLY_COLUMNS) + ")";
        return sql("INSERT INTO vm_hourly_stats (" + COLUMNS + ")\nVALUES "
                + String.join(",\n       ", Collections.nCopies(rows, tuple)) + "\n" + CONFLICT_UPDATE);
    }

    /** An identity column keeps its own sequence: set it to the largest value now in the table. */
    @Override
    public void identityInserted(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("""
                SELECT setval(pg_get_serial_sequence(?, ?), (SELECT max("%s") FROM %s))""".formatted(column, table)))) {
            ps.setString(1, table);
            ps.setString(2, column);
            ps.execute();
        }
    }

    /** A transaction-scoped advisory lock on the name's 64-bit hash: other processes' writers wait. */
    @Override
    public void lock(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setString(1, name);
            ps.execute();
        }
    }

    /** The tables of the store's schema (the connection's current one). */
    @Override
    public String tablesQuery() {
        return "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, ?)";
    }

    /** {@code LIKE} copies the names, types, collations and NOT NULL constraints of the template's columns. */
    @Override
    public void createTableLike(Connection c, String table, String template, List<String> key) throws SQLException {
        Sql.exec(c, sql("CREATE TABLE IF NOT EXISTS " + table + " (LIKE " + template + ", PRIMARY KEY ("
                + CanonicalSchema.quotedList(key) + "))"));
    }

    /** One statement over arrays instead of a statement per entry. */
    @Override
    public List<LifecycleEntry> updateLastSeen(Connection c, List<LifecycleEntry> seen, int batchSize)
            throws SQLException {
        int n = seen.size();
        String[] vcenters = new String[n];
        String[] keys = new String[n];
        Long[] lastSeen = new Long[n];
        for (int i = 0; i < n; i++) {
            LifecycleEntry e = seen.get(i);
            vcenters[i] = e.vcenter();
            keys[i] = e.vmKey();
            lastSeen[i] = e.lastSeen();
        }
        int updated;
        try (PreparedStatement ps = c.prepareStatement(touch)) {
            ps.setArray(1, c.createArrayOf("text", vcenters));
            ps.setArray(2, c.createArrayOf("text", keys));
            ps.setArray(3, c.createArrayOf("bigint", lastSeen));
            updated = ps.executeUpdate();
        }
        if (updated >= n) {
            return List.of();
        }
        // rare: some entries do not exist; find which
        Set<List<String>> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(existingKeys)) {
            ps.setArray(1, c.createArrayOf("text", vcenters));
            ps.setArray(2, c.createArrayOf("text", keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(List.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        List<LifecycleEntry> missing = new ArrayList<>();
        for (LifecycleEntry e : seen) {
            if (!found.contains(List.of(e.vcenter(), e.vmKey()))) {
                missing.add(e);
            }
        }
        return missing;
    }

    @Override
    public void beforeHourlyWrite(long from, long to) {
        layout.ensurePartitions(from, to);
    }

    @Override
    public boolean recoverHourlyWrite(RuntimeException failure, long time) {
        return layout.recover(failure, time);
    }

    /**
     * On a partitioned table every partition that ends at or before {@code time} is dropped whole; only the
     * rows of a partition that straddles {@code time} are deleted one by one.
     */
    @Override
    public long deleteHourlyBefore(Connection c, long time) throws SQLException {
        long n = 0;
        if (layout.partitioned()) {
            for (HourlyPartitions.Partition p : HourlyPartitions.list(c)) {
                if (p.to() <= time) {
                    n += Sql.longs(c, sql("""
                            SELECT coalesce(sum("RowCount"), 0)
                              FROM vm_hourly_snapshots
                             WHERE "SnapshotTime" >= ? AND "SnapshotTime" < ?"""), p.from(), p.to())[0];
                    // the name comes from the catalog of our own partitions, quoted as an identifier
                    Sql.exec(c, "DROP TABLE " + quoteIdent(p.name()));
                    layout.forget(p);
                }
            }
        }
        return n + Dialect.super.deleteHourlyBefore(c, time);
    }

    /** The start of the UTC month of {@code time} when the table is partitioned, else {@code time}. */
    @Override
    public long retentionBoundary(long time) {
        return layout.partitioned() ? HourlyPartitions.startOf(HourlyPartitions.monthOf(time)) : time;
    }

    static String quoteIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
