package io.vmledger.storage.jdbc;

import java.util.List;

/**
 * How the records of one table map onto its columns, in table order, whatever carries the values: JDBC
 * parameters and result sets, PostgreSQL's {@code COPY} text, SQLite's packed reads. A store writes a
 * record through a {@link ColumnSink} and reads one from a {@link ColumnSource}; a dialect supplies fast
 * sinks and sources without knowing the tables.
 *
 * @param <T> the record
 */
public interface RowCodec<T> {

    /** A column's value type. */
    enum Type { INTEGER, REAL, TEXT, BOOLEAN }

    /** How often a text column repeats its values in a long read, which tells a reader what to share. */
    enum Repeats {
        /** Not a text column, or nothing worth sharing. */
        NONE,
        /** A handful of values over the whole read (vCenter, pool, datacenter, cluster, folder, power state). */
        FEW,
        /** One value per VM, repeated in the VM's consecutive rows of an ordered read (key, id, UUID, name). */
        PER_VM
    }

    /**
     * One column.
     *
     * @param name    the canonical name
     * @param type    its type
     * @param repeats for text columns: how values repeat
     * @param read    whether {@link #read} reads it (false for a column derived from others)
     */
    record Column(String name, Type type, Repeats repeats, boolean read) {
        public static Column integer(String name) {
            return new Column(name, Type.INTEGER, Repeats.NONE, true);
        }

        public static Column real(String name) {
            return new Column(name, Type.REAL, Repeats.NONE, true);
        }

        public static Column bool(String name) {
            return new Column(name, Type.BOOLEAN, Repeats.NONE, true);
        }

        public static Column text(String name, Repeats repeats) {
            return new Column(name, Type.TEXT, repeats, true);
        }

        /** The same column, written but not read (derived from other columns). */
        public Column derived() {
            return new Column(name, type, repeats, false);
        }
    }

    /** {@code columns}, when their names are {@code table}'s canonical columns in order; fails otherwise. */
    static List<Column> ofTable(List<Column> columns, List<String> table) {
        if (!columns.stream().map(Column::name).toList().equals(table)) {
            throw new IllegalStateException("a row codec's columns must be its table's, in order: " + table);
        }
        return columns;
    }

    /** Every column, in table order: what {@link #write} writes. */
    List<Column> columns();

    /** The columns {@link #read} reads, in table order. */
    default List<Column> readColumns() {
        return columns().stream().filter(Column::read).toList();
    }

    /** The names of {@link #columns()}. */
    default List<String> columnNames() {
        return columns().stream().map(Column::name).toList();
    }

    /** The names of {@link #readColumns()}. */
    default List<String> readColumnNames() {
        return readColumns().stream().map(Column::name).toList();
    }

    /** Writes every column of {@code row}, in table order. */
    void write(T row, ColumnSink out) throws java.sql.SQLException;

    /** Reads a record from the {@link #readColumns()}, in table order. */
    T read(ColumnSource in) throws java.sql.SQLException;
}
