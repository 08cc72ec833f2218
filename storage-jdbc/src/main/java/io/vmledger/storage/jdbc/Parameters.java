package io.vmledger.storage.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** A {@link ColumnSink} that binds the values to a statement's parameters, from a given index on. */
public final class Parameters implements ColumnSink {
    private final PreparedStatement ps;
    private int next;

    public Parameters(PreparedStatement ps) {
        this.ps = ps;
        this.next = 1;
    }

    /** Binds the following values from parameter {@code index} (1-based) on. */
    public Parameters at(int index) {
        next = index;
        return this;
    }

    /** Binds a whole row from parameter {@code first} on. */
    public <T> Parameters bind(RowCodec<T> codec, T row, int first) throws SQLException {
        next = first;
        codec.write(row, this);
        return this;
    }

    @Override
    public void integer(long value) throws SQLException {
        ps.setLong(next++, value);
    }

    @Override
    public void nullableInteger(Long value) throws SQLException {
        setLong(ps, next++, value);
    }

    @Override
    public void real(double value) throws SQLException {
        ps.setDouble(next++, value);
    }

    @Override
    public void text(String value) throws SQLException {
        ps.setString(next++, value);
    }

    @Override
    public void bool(boolean value) throws SQLException {
        ps.setBoolean(next++, value);
    }

    /** Binds a nullable integer. */
    public static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
