package io.vmledger.storage.jdbc;

import java.sql.SQLException;

/** Where a {@link RowCodec} reads a row's values, one column after the other in table order. */
public interface ColumnSource {

    long integer() throws SQLException;

    /** An integer column that may be NULL. */
    Long nullableInteger() throws SQLException;

    /** A REAL column; NULL reads as 0. */
    double real() throws SQLException;

    /** A text column; {@code repeats} says which values a reader may share between rows. */
    String text(RowCodec.Repeats repeats) throws SQLException;

    boolean bool() throws SQLException;
}
