package io.vmledger.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** Small JDBC helpers of the stores. */
public final class Sql {

    private Sql() {
    }

    /** Runs a statement without parameters. */
    /** Binds one row's parameters. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    /** Runs {@code ps} once per row, sent as JDBC batches of {@code batchSize} rows. */
    public static <T> void batches(PreparedStatement ps, Iterable<T> rows, int batchSize, Binder<T> binder)
            throws SQLException {
        int pending = 0;
        for (T row : rows) {
            binder.bind(ps, row);
            ps.addBatch();
            if (++pending == batchSize) {
                ps.executeBatch();
                pending = 0;
            }
        }
        if (pending > 0) {
            ps.executeBatch();
        }
    }

    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first column of every row of {@code sql} run with long parameters {@code params}, as longs. */
    public static long[] longs(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                long[] out = new long[16];
                int n = 0;
                while (rs.next()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = rs.getLong(1);
                }
                return Arrays.copyOf(out, n);
            }
        }
    }

    /** The first column of every row of a prepared and bound query, as strings. */
    public static List<String> strings(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The long in the first column of the first row, empty when there is no row or it is NULL. */
    public static OptionalLong optionalLong(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                long v = rs.getLong(1);
                if (!rs.wasNull()) {
                    return OptionalLong.of(v);
                }
            }
            return OptionalLong.empty();
        }
    }

    /** A nullable long column. */
    public static Long nullableLong(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return v == 0 && rs.wasNull() ? null : v;
    }

    /**
     * Compares strings in Unicode code point order, which is how SQLite's BINARY collation and PostgreSQL's
     * {@code "C"} collation order the UTF-8 key columns ({@link String#compareTo} orders by UTF-16 unit and
     * differs for characters beyond the BMP).
     */
    public static int compareCodePoints(String a, String b) {
        if (a == b || a.length() == b.length() && a.equals(b)) {
            return 0; // readers share most equal keys; equals() is an intrinsic for the others
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
                    return fixUp(x) - fixUp(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    // moves surrogates above U+E000..U+FFFF so that UTF-16 units sort like code points
    private static int fixUp(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
