package io.vmledger.storage.jdbc;

import io.vmledger.storage.spi.StoreTables;

import java.sql.SQLException;
import java.util.List;

/**
 * The rows of any ledger table as {@code Object[]} of plain values ({@link StoreTables}): a {@link RowCodec} over
 * the table's typed columns, so they travel the way the stores' own rows do (SQLite's packed reads and multi-row
 * inserts, PostgreSQL's {@code COPY}).
 */
final class TableRows implements RowCodec<Object[]> {
    private final StoreTables.Table table;
    private final List<Column> columns;
    private final RowCodec.Type[] types;

    TableRows(StoreTables.Table table) {
        this.table = table;
        this.columns = LedgerTables.codecColumns(table);
        this.types = columns.stream().map(Column::type).toArray(RowCodec.Type[]::new);
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public void write(Object[] row, ColumnSink out) throws SQLException {
        if (row.length != types.length) {
            throw new IllegalArgumentException("a row of " + table.name() + " has " + types.length + " values, got "
                    + row.length);
        }
        for (int i = 0; i < types.length; i++) {
            Object v = row[i];
            switch (types[i]) {
                case INTEGER -> out.nullableInteger((Long) v);
                case REAL -> out.real(notNull(v, i, Double.class));
                case TEXT -> out.text((String) v);
                case BOOLEAN -> out.bool(notNull(v, i, Boolean.class));
            }
        }
    }

    @Override
    public Object[] read(ColumnSource in) throws SQLException {
        Object[] row = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            row[i] = switch (types[i]) {
                case INTEGER -> in.nullableInteger();
                case REAL -> in.real();
                case TEXT -> in.text(Repeats.NONE);
                case BOOLEAN -> in.bool();
            };
        }
        return row;
    }

    private <V> V notNull(Object v, int column, Class<V> type) {
        if (v == null) {
            throw new IllegalArgumentException(table.name() + "." + columns.get(column).name() + " cannot be NULL");
        }
        return type.cast(v);
    }
}
