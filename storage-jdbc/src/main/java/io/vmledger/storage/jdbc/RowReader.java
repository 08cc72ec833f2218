package io.vmledger.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the current row of a result set selected with a dialect's select list. A reader belongs to one
 * thread and may keep state between rows (shared strings, the previous row's values).
 */
@FunctionalInterface
public interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
}
