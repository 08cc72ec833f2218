package io.vmledger.storage.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Reads the text columns of long ordered reads. It takes the raw bytes of a value (the server's
 * UTF-8) and hands out one String per distinct value from a dictionary instead of decoding a new
 * String for every row: an ordered read returns each VM once per run (24 times for a day of hourly
 * rows, up to 31 times for a month of daily rollups), and columns such as vCenter, pool, datacenter,
 * cluster, folder and power state have a handful of values. Strings the driver would build
 * (decode, allocate, collect) were the largest single cost of the Java aggregation path's reads
 * (docs/decisions/0052). Two dictionaries: a small one for the few-valued columns and a large one
 * for the identities (VM key, id, UUID, name), which share it, so a VmId equal to its VmKey is one
 * String. Each stops growing when full and then decodes as usual. One instance per reading thread.
 */
final class TextDecoder {
    private final Dictionary few = new Dictionary(1 << 13, 1 << 12);
    private final Dictionary many = new Dictionary(1 << 17, 1 << 16);

    /** A value of a column with few distinct values (vCenter, pool, datacenter, cluster, folder, power state). */
    String repeated(ResultSet rs, int column) throws SQLException {
        return few.get(rs.getBytes(column));
    }

    /** A value of an identity column (VM key, id, UUID, name), repeated once per run. */
    String identity(ResultSet rs, int column) throws SQLException {
        return many.get(rs.getBytes(column));
    }

    /** Open addressing from UTF-8 bytes to their String. */
    private static final class Dictionary {
        private final byte[][] keys;
        private final String[] values;
        private final int mask;
        private final int capacity;
        private int size;

        Dictionary(int slots, int capacity) {
            this.keys = new byte[slots][];
            this.values = new String[slots];
            this.mask = slots - 1;
            this.capacity = capacity;
        }

        String get(byte[] b) {
            if (b == null) {
                return null;
            }
            int h = Arrays.hashCode(b) * 0x9E3779B9;
            int i = (h ^ (h >>> 15)) & mask;
            while (keys[i] != null) {
                if (Arrays.equals(keys[i], b)) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            String s = new String(b, StandardCharsets.UTF_8);
            if (size < capacity) {
                keys[i] = b;
                values[i] = s;
                size++;
            }
            return s;
        }
    }
}
