package io.vmledger.storage.sqlite;

import io.vmledger.storage.jdbc.CanonicalSchema;
import io.vmledger.storage.jdbc.Dialect;
import io.vmledger.storage.jdbc.Parameters;
import io.vmledger.storage.jdbc.RowCodec;
import io.vmledger.storage.jdbc.RowReader;
import io.vmledger.storage.jdbc.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What SQLite does differently: packed reads ({@link PackedColumns}), multi-row inserts, the
 * {@code sqlite_schema} catalog, {@code INDEXED BY}. One writer at a time, so no locks.
 */
final class SqliteDialect implements Dialect {
    /** SQLite's limit on bound parameters per statement. */
    private static final int MAX_PARAMETERS = 32_766;
    /**
     * Rows per multi-row insert: SQLite runs one statement per 64 rows instead of one per row, which took a
     * tenth off the monthly writer's insert time (docs/decisions/0012).
     */
    static final int ROWS_PER_INSERT = 64;

    /** The tables whose names start with the parameter, from {@code sqlite_schema}. */
    @Override
    public String tablesQuery() {
        return "SELECT name FROM sqlite_schema WHERE type = 'table' AND substr(name, 1, length(?1)) = ?1";
    }

    @Override
    public <T> String selectList(RowCodec<T> codec, String alias) {
        return PackedColumns.selectList(codec, alias);
    }

    @Override
    public <T> RowReader<T> reader(RowCodec<T> codec) {
        return PackedColumns.reader(codec, "row");
    }

    /** Inserts {@value #ROWS_PER_INSERT} rows per statement, the rest one by one in a batch. */
    @Override
    public <T> void insert(Connection c, String table, RowCodec<T> codec, List<T> rows, int batchSize)
            throws SQLException {
        List<String> columns = codec.columnNames();
        String tuple = "(" + CanonicalSchema.placeholders(columns) + ")";
        String head = "INSERT INTO " + table + " (" + CanonicalSchema.quotedList(columns) + ")\nVALUES ";
        int perStatement = Math.min(ROWS_PER_INSERT, MAX_PARAMETERS / columns.size());
        int i = 0;
        if (rows.size() >= perStatement) {
            String many = head + String.join(",\n       ", Collections.nCopies(perStatement, tuple));
            try (PreparedStatement ps = c.prepareStatement(sql(many))) {
                Parameters p = new Parameters(ps);
                for (; i + perStatement <= rows.size(); i += perStatement) {
                    for (int k = 0; k < perStatement; k++) {
                        p.bind(codec, rows.get(i + k), 1 + k * columns.size());
                    }
                    ps.executeUpdate();
                }
            }
        }
        if (i < rows.size()) {
            try (PreparedStatement ps = c.prepareStatement(sql(head + tuple))) {
                Parameters p = new Parameters(ps);
                for (; i < rows.size(); i++) {
                    p.bind(codec, rows.get(i), 1);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** The template's columns as {@code pragma_table_info} lists them (declared type, NOT NULL), keyed anew. */
    @Override
    public void createTableLike(Connection c, String table, String template, List<String> key) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT name, type, "notnull"
                  FROM pragma_table_info(?)
                 ORDER BY cid""")) {
            ps.setString(1, template);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add("    \"" + rs.getString(1) + "\" " + rs.getString(2) + (rs.getBoolean(3) ? " NOT NULL" : ""));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("no table " + template + " to shape " + table + " after");
        }
        columns.add("    PRIMARY KEY (" + CanonicalSchema.quotedList(key) + ")");
        Sql.exec(c, sql("CREATE TABLE IF NOT EXISTS " + table + " (\n" + String.join(",\n", columns) + "\n) WITHOUT ROWID"));
    }

    /**
     * Without statistics SQLite's planner prefers scanning a vCenter's primary-key range of the lifecycle
     * table, which reads every deletion ever recorded; naming the index keeps the cost proportional to the
     * live VMs as deletions accumulate.
     */
    @Override
    public String indexedBy(String index) {
        return " INDEXED BY " + index;
    }
}
