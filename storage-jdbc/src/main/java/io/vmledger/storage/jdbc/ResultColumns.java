package io.vmledger.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The plain JDBC {@link ColumnSource}: the getters of a result set, column after column, with text read
 * as bytes through a {@link TextDecoder}. This is the default read of every dialect; one per thread.
 */
public final class ResultColumns implements ColumnSource {
    private final TextDecoder text = new TextDecoder();
    private ResultSet rs;
    private int next;

    /** A reader of {@code codec}'s rows selected with the default select list, starting at column 1. */
    public static <T> RowReader<T> reader(RowCodec<T> codec) {
        ResultColumns in = new ResultColumns();
        return rs -> codec.read(in.at(rs, 1));
    }

    /** Reads the following values from column {@code first} (1-based) of the current row of {@code rs}. */
    public ResultColumns at(ResultSet rs, int first) {
        this.rs = rs;
        this.next = first;
        return this;
    }

    @Override
    public long integer() throws SQLException {
        return rs.getLong(next++);
    }

    @Override
    public Long nullableInteger() throws SQLException {
        long v = rs.getLong(next++);
        return v == 0 && rs.wasNull() ? null : v;
    }

    @Override
    public double real() throws SQLException {
        return rs.getDouble(next++);
    }

    @Override
    public String text(RowCodec.Repeats repeats) throws SQLException {
        return text.decode(rs.getBytes(next++), repeats);
    }

    @Override
    public boolean bool() throws SQLException {
        return rs.getBoolean(next++);
    }
}
