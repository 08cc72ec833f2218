package io.vmledger.storage.sqlite;

import org.sqlite.core.CoreStatement;
import org.sqlite.core.SafeStmtPtr;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fetches a packed row's values: the packed value (result column 1) and the REAL columns after it. A JDBC
 * {@code getDouble} in sqlite-jdbc makes two JNI calls (column type, then value), each through a lambda and
 * the statement's lock; for the 11 REAL columns of a summary row that was a quarter of the CPU of a monthly
 * read. This fetch goes through the driver's statement pointer once per row ({@code org.sqlite.core}, public
 * classes of the driver that its JDBC classes use themselves) and makes one JNI call per value: 0.2 s less
 * CPU for a month of 482,000 rollup rows (docs/decisions/0012-sqlite-rollup-read.md). A statement that is
 * not sqlite-jdbc's own (a wrapper) is read through the JDBC getters; {@code PackedReadTest} checks that
 * the plugin's reads take the direct path and that both paths give the same values.
 *
 * <p>One instance per reading thread: it holds the values of the last row fetched.
 */
final class PackedFetch {
    private final double[] reals;
    private final SafeStmtPtr.SafePtrConsumer<SQLException> direct;
    private byte[] packed;
    private long directRows;

    /** @param realColumns REAL columns following the packed value */
    PackedFetch(int realColumns) {
        this.reals = new double[realColumns];
        // native column indexes start at 0: the packed value is 0, the REAL columns 1..n
        this.direct = (db, stmt) -> {
            packed = db.column_blob(stmt, 0);
            for (int i = 0; i < reals.length; i++) {
                reals[i] = db.column_double(stmt, i + 1);
            }
        };
    }

    /** Fetches the current row of {@code rs}. */
    void fetch(ResultSet rs) throws SQLException {
        Statement st = rs.getStatement();
        if (st instanceof CoreStatement core) {
            core.pointer.safeRunConsume(direct);
            directRows++;
            return;
        }
        packed = rs.getBytes(1);
        for (int i = 0; i < reals.length; i++) {
            reals[i] = rs.getDouble(i + 2);
        }
    }

    /** The packed value of the row fetched last. */
    byte[] packed() {
        return packed;
    }

    /** REAL column {@code i} (0-based, in select-list order) of the row fetched last; NULL reads as 0. */
    double real(int i) {
        return reals[i];
    }

    /** Rows fetched through the driver's statement pointer (for tests). */
    long directRows() {
        return directRows;
    }
}
