package io.vmledger.storage.jdbc;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.VmSample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one database does differently, and nothing else. The generic stores of this package write
 * their SQL in the subset both SQLite and PostgreSQL understand ({@code ON CONFLICT ... DO UPDATE},
 * {@code CAST(? AS TEXT)}, {@code IS NOT DISTINCT FROM}, aggregate {@code FILTER}, recursive CTEs) and ask
 * the dialect only for:
 * <ul>
 *   <li>fast reads: the select list and row reader of a codec (SQLite packs a row into one value,
 *       PostgreSQL decodes text through a dictionary) and how a long read's statement is prepared;</li>
 *   <li>bulk ingestion: how many rows go into a table (batched or multi-row {@code INSERT}, {@code COPY})
 *       and how a snapshot of {@code vm_hourly_stats} is replaced;</li>
 *   <li>locks that serialise writers of one object across processes;</li>
 *   <li>the catalog: which tables exist, and a new table shaped like a canonical one;</li>
 *   <li>index hints, the bulk update of {@code LastSeen}, and the partitions of {@code vm_hourly_stats}.</li>
 * </ul>
 * Every method has the plain JDBC behaviour as its default except the catalog ones, which no
 * standard covers. A dialect object belongs to one store and may keep state (PostgreSQL's partitions).
 */
public interface Dialect {

    /** The default of {@link #deleteHourlyBefore}: rows older than a time. */
    String DELETE_HOURLY_BEFORE = """
            DELETE FROM vm_hourly_stats
             WHERE "SnapshotTime" < ?""";

    /** Quoted identifiers the dialect's SQL may use besides the canonical columns (e.g. a collation). */
    default Set<String> ownIdentifiers() {
        return Set.of();
    }

    /** Returns {@code sql} after checking that every quoted identifier is a canonical column or one of ours. */
    default String sql(String sql) {
        return CanonicalSchema.checkIdentifiers(sql, ownIdentifiers());
    }

    // ---- fast reads

    /** What a query selects to read {@code codec}'s rows with {@link #reader}; {@code alias} qualifies the columns. */
    default <T> String selectList(RowCodec<T> codec, String alias) {
        return CanonicalSchema.quotedList(alias, codec.readColumnNames());
    }

    /** A reader of rows selected with {@link #selectList}, for one thread. */
    default <T> RowReader<T> reader(RowCodec<T> codec) {
        return ResultColumns.reader(codec);
    }

    /**
     * Prepares a statement that reads many rows once: a page, a snapshot, a trace. {@code fetchSize} is the
     * rows the caller would like per round trip.
     */
    default PreparedStatement prepareRead(Connection c, String sql, int fetchSize) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setFetchSize(fetchSize);
        return ps;
    }

    /**
     * Prepares one run of an ordered merge: a statement executed once per run value and streamed, where
     * per-row decoding costs most (PostgreSQL: binary results from the first execution). The default is
     * {@link #prepareRead}.
     */
    default PreparedStatement prepareRun(Connection c, String sql, int fetchSize) throws SQLException {
        return prepareRead(c, sql, fetchSize);
    }

    // ---- bulk ingestion

    /** Inserts {@code rows} into {@code table} (whose columns are {@code codec}'s): batches of {@code batchSize}. */
    default <T> void insert(Connection c, String table, RowCodec<T> codec, List<T> rows, int batchSize)
            throws SQLException {
        String sql = "INSERT INTO " + table + " (" + CanonicalSchema.quotedList(codec.columnNames()) + ")\nVALUES ("
                + CanonicalSchema.placeholders(codec.columnNames()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql(sql))) {
            Parameters p = new Parameters(ps);
            Sql.batches(ps, rows, batchSize, (s, row) -> p.bind(codec, row, 1));
        }
    }

    /**
     * Makes the rows of snapshot {@code (vcenter, time)} in {@code vm_hourly_stats} exactly {@code rows}
     * (checked: each of that snapshot, keys unique, sorted by key), inside the caller's transaction. The
     * default deletes the snapshot's rows and inserts the new ones.
     */
    default void replaceSnapshot(Connection c, String vcenter, long time, List<VmSample> rows, int batchSize)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("""
                DELETE FROM vm_hourly_stats
                 WHERE "SnapshotTime" = ? AND "Vcenter" = ?"""))) {
            ps.setLong(1, time);
            ps.setString(2, vcenter);
            ps.executeUpdate();
        }
        insert(c, CanonicalSchema.VM_HOURLY_STATS, HourlyRows.CODEC, rows, batchSize);
    }

    /**
     * Rows were inserted into {@code table} with explicit values of its identity column {@code column} (a copy of
     * another store's job runs): moves the column's generator past them, so the next id the store assigns is new.
     * Nothing by default: SQLite's {@code AUTOINCREMENT} follows explicit values by itself.
     */
    default void identityInserted(Connection c, String table, String column) throws SQLException {
    }

    // ---- locks

    /**
     * Holds a lock named {@code name} until the transaction of {@code c} ends, so that writers of one object
     * (a snapshot, a compatibility table, a period's outputs) in other processes wait for each other. The
     * default does nothing: right for a store with one writer at a time.
     */
    default void lock(Connection c, String name) throws SQLException {
    }

    // ---- the catalog

    /** A query of the names of the store's tables that start with its one parameter (from the catalog). */
    String tablesQuery();

    /** The names of the tables of the store that start with {@code prefix}. */
    default List<String> tables(Connection c, String prefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(tablesQuery())) {
            ps.setString(1, prefix);
            return Sql.strings(ps);
        }
    }

    /** Whether table {@code table} exists in the store. */
    default boolean exists(Connection c, String table) throws SQLException {
        return tables(c, table).contains(table);
    }

    /**
     * Creates table {@code table}, unless it exists, with the columns of canonical table {@code template}
     * (names, types, nullability) and the primary key {@code key}: the compatibility tables, which are
     * defined this way only, by the canonical tables of the migrations.
     */
    void createTableLike(Connection c, String table, String template, List<String> key) throws SQLException;

    // ---- index hints and bulk updates

    /** An index hint to write after a table name, e.g. SQLite's {@code INDEXED BY}; none by default. */
    default String indexedBy(String index) {
        return "";
    }

    /**
     * Sets {@code "LastSeen"} of existing lifecycle entries; returns those that do not exist. The default
     * runs one batched {@code UPDATE} per entry.
     */
    default List<LifecycleEntry> updateLastSeen(Connection c, List<LifecycleEntry> seen, int batchSize)
            throws SQLException {
        List<LifecycleEntry> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql("""
                UPDATE vm_lifecycle_cache
                   SET "LastSeen" = ?
                 WHERE "Vcenter" = ? AND "VmKey" = ?"""))) {
            for (int from = 0; from < seen.size(); from += batchSize) {
                List<LifecycleEntry> batch = seen.subList(from, Math.min(seen.size(), from + batchSize));
                for (LifecycleEntry e : batch) {
                    ps.setLong(1, e.lastSeen());
                    ps.setString(2, e.vcenter());
                    ps.setString(3, e.vmKey());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        missing.add(batch.get(i));
                    }
                }
            }
        }
        return missing;
    }

    // ---- partitions of vm_hourly_stats

    /** Called before rows of {@code [from, to]} are written, outside the write's transaction (create partitions). */
    default void beforeHourlyWrite(long from, long to) {
    }

    /**
     * Whether an hourly write that failed with {@code failure} may be tried once more, after the dialect
     * repaired what it found (a partition dropped by another process, say); false by default.
     */
    default boolean recoverHourlyWrite(RuntimeException failure, long time) {
        return false;
    }

    /**
     * Removes {@code vm_hourly_stats} rows older than {@code time} inside the caller's transaction; returns
     * the rows removed. The default deletes them; a partitioned store drops whole partitions first.
     */
    default long deleteHourlyBefore(Connection c, long time) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(DELETE_HOURLY_BEFORE))) {
            ps.setLong(1, time);
            return ps.executeLargeUpdate();
        }
    }

    /** See {@link io.vmledger.storage.spi.HourlyStore#retentionBoundary}; {@code time} by default. */
    default long retentionBoundary(long time) {
        return time;
    }
}
