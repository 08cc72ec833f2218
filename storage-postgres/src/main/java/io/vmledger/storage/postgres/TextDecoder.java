package io.vmledger.storage.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Reads text columns of large result sets. It takes the raw bytes of a value (the server's UTF-8)
 * and builds the String with the JDK's decoder, which is about twice as fast for ASCII as the
 * driver's own; for columns with few distinct values (vCenter, pool, datacenter, cluster, folder,
 * power state) it hands out one String per distinct value from a small dictionary instead of a
 * new one per row. Measured on a day of 15,000 VMs (352,800 rows): docs/decisions/0052.
 * One instance per reader thread; not thread-safe.
 */
final class TextDecoder {
    /** Past this many distinct values a column is decoded without the dictionary. */
    private static final int MAX_ENTRIES = 4_096;
    private static final int SLOTS = 8_192; // power of two, twice MAX_ENTRIES

    private byte[][] keys = new byte[SLOTS][];
    private String[] values = new String[SLOTS];
    private int size;

    /** A column value, decoded anew. */
    static String text(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A column value of a low-cardinality column, shared with earlier equal values. */
    String repeated(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        if (b == null) {
            return null;
        }
        if (size >= MAX_ENTRIES) {
            return new String(b, StandardCharsets.UTF_8);
        }
        int h = Arrays.hashCode(b) * 0x9E3779B9;
        int i = (h ^ (h >>> 16)) & (SLOTS - 1);
        while (keys[i] != null) {
            if (Arrays.equals(keys[i], b)) {
                return values[i];
            }
            i = (i + 1) & (SLOTS - 1);
        }
        String s = new String(b, StandardCharsets.UTF_8);
        keys[i] = b;
        values[i] = s;
        size++;
        return s;
    }
}
