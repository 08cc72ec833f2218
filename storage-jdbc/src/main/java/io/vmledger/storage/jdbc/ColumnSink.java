package io.vmledger.storage.jdbc;

import java.sql.SQLException;

/** Where a {@link RowCodec} writes a row's values, one column after the other in table order. */
public interface ColumnSink {

    void integer(long value) throws SQLException;

    void nullableInteger(Long value) throws SQLException;

    void real(double value) throws SQLException;

    void text(String value) throws SQLException;

    void bool(boolean value) throws SQLException;
}
