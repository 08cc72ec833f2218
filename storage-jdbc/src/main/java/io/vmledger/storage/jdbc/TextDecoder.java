package io.vmledger.storage.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the UTF-8 bytes of text values into Strings, one String per distinct value from a dictionary
 * instead of a new String for every row: an ordered read returns each VM once per run (24 times for a
 * day of hourly rows, up to 31 times for a month of daily rollups), and columns such as vCenter, pool,
 * datacenter, cluster, folder and power state have a handful of values. Strings a driver builds
 * (decode, allocate, collect) were the largest single cost of the Java aggregation path's reads on
 * PostgreSQL (docs/decisions/0052). Two dictionaries: a small one for the few-valued columns and a large
 * one for the per-VM values (key, id, UUID, name), which share it, so a VmId equal to its VmKey is one
 * String. Each stops growing when full and then decodes as usual. One instance per reading thread.
 */
public final class TextDecoder {
    private final Dictionary few = new Dictionary(1 << 13, 1 << 12);
    private final Dictionary many = new Dictionary(1 << 17, 1 << 16);

    /** The String of {@code utf8} (null for null), shared as {@code repeats} allows. */
    public String decode(byte[] utf8, RowCodec.Repeats repeats) {
        return switch (repeats) {
            case FEW -> few.get(utf8);
            case PER_VM -> many.get(utf8);
            case NONE -> utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
        };
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
