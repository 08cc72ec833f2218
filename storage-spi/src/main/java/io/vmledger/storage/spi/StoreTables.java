package io.vmledger.storage.spi;

import java.util.List;
import java.util.Map;

/**
 * Every table of a store as rows of plain values: what moving a store to another plugin ({@code migrate-store})
 * reads and writes, and what comparing two stores reads. Offered by {@link Storage#tables()}.
 *
 * <p>A row is an {@code Object[]} of the table's columns in table order, each a {@link Long} (integers and
 * times), a {@link Double}, a {@link String}, a {@link Boolean} or null. Rows are read in the order of the
 * table's key one page at a time, so a reader holds one page in memory and can go on after the last row it has,
 * in this process or the next. Rows are written together with a <em>marker</em> (a name and a value kept in the
 * store) in one transaction, so a copy that stops at any point finds in the target exactly the rows its markers
 * say it wrote.
 */
public interface StoreTables {

    /** A column's value type. */
    enum ColumnType { INTEGER, REAL, TEXT, BOOLEAN }

    /** One column: its canonical name and type. */
    record Column(String name, ColumnType type) {
    }

    /** What a table is part of. */
    enum Kind {
        /** A table of the canonical schema: every store has it, made by the plugin's migrations. */
        CANONICAL,
        /** A month's summary, {@code inventory_monthly_summary_YYYYMM}, made by monthly aggregation. */
        MONTHLY_SUMMARY,
        /** A compatibility table, {@code inventory_hourly_<T>} or {@code inventory_daily_summary_YYYYMMDD}. */
        COMPATIBILITY,
        /**
         * The store's own record of the processes that open it ({@code service_instances}): described like the
         * others, never moved to another store, which keeps its own (a copied instance would look alive there).
         */
        PROCESSES
    }

    /**
     * One table.
     *
     * @param name       its name
     * @param kind       what it is part of
     * @param columns    its columns, in table order
     * @param key        its primary key's columns, the order rows are read in
     * @param timeColumn the column that dates a row (the month a row belongs to)
     * @param millis     whether {@code timeColumn} holds epoch milliseconds rather than seconds
     */
    record Table(String name, Kind kind, List<Column> columns, List<String> key, String timeColumn, boolean millis) {

        public Table {
            columns = List.copyOf(columns);
            key = List.copyOf(key);
        }

        /** The position of a column in a row. */
        public int index(String column) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(column)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("table " + name + " has no column " + column);
        }
    }

    /**
     * The tables the store holds, in the order a copy writes them: the canonical ones, the monthly summaries, and
     * with {@code compatibility} the compatibility tables; last the store's own {@link Kind#PROCESSES} tables, which a
     * copy leaves out.
     */
    List<Table> tables(boolean compatibility);

    /** The rows of a table; 0 when the store has no such table. */
    long count(Table table);

    /**
     * Up to {@code limit} rows of a table in key order: from the first, or those after {@code after} (a row of this
     * table, of this store or another). Empty when the store has no such table.
     */
    List<Object[]> read(Table table, Object[] after, int limit);

    /**
     * Adds rows to a table and sets marker {@code marker} to {@code value}, in one transaction. A table that is not
     * canonical is created (shaped like its canonical template) when absent. The rows' keys must be new to the table.
     */
    void append(Table table, List<Object[]> rows, String marker, String value);

    /** Removes every row of a canonical table; drops any other. */
    void clear(Table table);

    /** The markers set so far, by name; empty when none. */
    Map<String, String> markers();

    /** Sets one marker, or removes it when {@code value} is null. */
    void mark(String marker, String value);

    /** Removes every marker, and the place the store kept them. */
    void clearMarkers();
}
