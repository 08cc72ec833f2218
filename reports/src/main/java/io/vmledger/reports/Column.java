package io.vmledger.reports;

import java.util.function.Function;

/**
 * One column of a report sheet: its header, how its cells are typed and formatted, and how a value is
 * read from a row.
 *
 * @param header the header cell (the data contract's column name, e.g. {@code AvgVcpuCount})
 * @param type   how the cell is typed and formatted
 * @param value  the value of a row: {@code String}, a {@code Number}, a {@code Boolean}, epoch seconds
 *               ({@code Long}) for {@link CellType#DATE_TIME} and {@link CellType#DATE}; null leaves the
 *               cell empty
 * @param <T>    row type
 */
public record Column<T>(String header, CellType type, Function<T, Object> value) {

    /** Cell typing and display format. */
    public enum CellType {
        /** A string cell; formula-like text gets the quote-prefix style. */
        TEXT,
        /** A whole number. */
        INTEGER,
        /** A number shown with two decimals (the stored value keeps full precision). */
        DECIMAL,
        /** A ratio shown with four decimals. */
        RATIO,
        /** Epoch seconds shown as a date and time in the report time zone. */
        DATE_TIME,
        /** Epoch seconds shown as a date in the report time zone. */
        DATE,
        /** A boolean cell. */
        BOOLEAN
    }
}
