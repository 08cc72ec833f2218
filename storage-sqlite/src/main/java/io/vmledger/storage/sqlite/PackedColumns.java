package io.vmledger.storage.sqlite;

import io.vmledger.storage.spi.StorageException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The packing shared by {@link PackedHourlyRow} and {@link PackedRollupRow}: SQLite concatenates the
 * integer and text columns of a row into one value with {@code concat()} and Java splits it, because
 * through sqlite-jdbc every column getter is a synchronised JNI call (about 0.1 us of CPU each, measured),
 * which costs more than SQLite's own work (docs/decisions/0010 and 0012).
 *
 * <p>Encoding, in field order: a text column is {@code octet_length ':' bytes} (NULL gives {@code ':'}
 * alone, since {@code concat} turns NULL into an empty string), so any content, separators and NUL
 * characters included, round-trips; an integer column is {@code digits ';'} (NULL gives {@code ';'}).
 * REAL columns are read with their own getters: SQLite's text form of a REAL costs as much to produce and
 * parse as the getter does.
 */
final class PackedColumns {

    enum Kind { TEXT, INTEGER }

    /** A column of the packed value. */
    record Field(String column, Kind kind) {
        static Field text(String column) {
            return new Field(column, Kind.TEXT);
        }

        static Field integer(String column) {
            return new Field(column, Kind.INTEGER);
        }
    }

    private PackedColumns() {
    }

    /**
     * The {@code concat(...)} expression packing {@code fields}, one field per line.
     *
     * @param alias  table alias to qualify the columns with, or null
     * @param indent what starts each continuation line
     */
    static String concat(List<Field> fields, String alias, String indent) {
        String p = alias == null ? "" : alias + ".";
        StringBuilder sb = new StringBuilder("concat(");
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            String col = p + '"' + f.column() + '"';
            sb.append(i == 0 ? "" : ",\n" + indent);
            if (f.kind() == Kind.TEXT) {
                sb.append("octet_length(").append(col).append("), ':', ").append(col);
            } else {
                sb.append(col).append(", ';'");
            }
        }
        return sb.append(')').toString();
    }

    /** A small direct-mapped cache of decoded strings, for columns with few distinct values. */
    static final class StringDedup {
        private static final int SIZE = 256;
        private final byte[][] keys = new byte[SIZE][];
        private final String[] values = new String[SIZE];

        String get(byte[] b, int off, int len) {
            int h = 1;
            for (int i = off; i < off + len; i++) {
                h = 31 * h + b[i];
            }
            int slot = (h ^ (h >>> 16)) & (SIZE - 1);
            byte[] k = keys[slot];
            if (k != null && Arrays.equals(k, 0, k.length, b, off, off + len)) {
                return values[slot];
            }
            // interned, so that the readers of a parallel read share it too and its merge compares by identity
            String s = new String(b, off, len, StandardCharsets.UTF_8).intern();
            keys[slot] = Arrays.copyOfRange(b, off, off + len);
            values[slot] = s;
            return s;
        }
    }

    /**
     * The last value of one text field that a reader decoded. An ordered merge reads the runs of a VM one
     * after the other, so the next row usually repeats the VM's key, id, UUID and name: reusing the String
     * saves decoding and allocation, and equal keys then compare by identity in the merge.
     */
    static final class LastValue {
        private byte[] buf;
        private int off;
        private int len;
        private String value;
    }

    /** Splits one packed value, field by field, in the order it was packed. */
    static final class Parser {
        private final byte[] b;
        private final StringDedup dedup;
        private final String what;
        private int pos;
        // the bytes of the last text field read, so that an equal next field can reuse its String
        private int lastStart = -1;
        private int lastLength;
        private String last;

        /**
         * @param what  what the value is, for error messages ("hourly row")
         * @param dedup cache for {@link #shared()} fields, or null
         */
        Parser(byte[] b, String what, StringDedup dedup) {
            if (b == null) {
                throw new StorageException("malformed packed " + what + ": NULL");
            }
            this.b = b;
            this.what = what;
            this.dedup = dedup;
        }

        /** A text field; NULL gives null. */
        String text() {
            return text(false, false);
        }

        /** A text field of few distinct values, shared through the dedup cache when there is one. */
        String shared() {
            return text(dedup != null, false);
        }

        /** A text field that often equals the previous text field (a VM id equal to its key): shares its String then. */
        String textLikePrevious() {
            return text(false, true);
        }

        /** A text field that the previous row often repeats: reuses {@code last}'s String when the bytes are equal. */
        String repeated(LastValue last) {
            if (last == null) {
                return text();
            }
            int len = length();
            if (len < 0) {
                return null;
            }
            String s;
            if (last.value != null && last.len == len && Arrays.equals(last.buf, last.off, last.off + len, b, pos, pos + len)) {
                s = last.value;
            } else {
                s = new String(b, pos, len, StandardCharsets.UTF_8);
                last.buf = b;
                last.off = pos;
                last.len = len;
                last.value = s;
            }
            remember(pos, len, s);
            pos += len;
            return s;
        }

        private String text(boolean shared, boolean likePrevious) {
            int len = length();
            if (len < 0) {
                return null;
            }
            String s;
            if (likePrevious && last != null && lastLength == len
                    && Arrays.equals(b, lastStart, lastStart + len, b, pos, pos + len)) {
                s = last;
            } else {
                s = shared ? dedup.get(b, pos, len) : new String(b, pos, len, StandardCharsets.UTF_8);
            }
            remember(pos, len, s);
            pos += len;
            return s;
        }

        /** Reads a text field's length prefix and its ':'; -1 for NULL. */
        private int length() {
            int len = 0;
            int start = pos;
            byte c;
            while ((c = at(pos++)) != ':') {
                if (c < '0' || c > '9' || len > (Integer.MAX_VALUE - 9) / 10) {
                    throw malformed();
                }
                len = len * 10 + (c - '0');
            }
            if (pos - 1 == start) {
                return -1;
            }
            if (len > b.length - pos) {
                throw malformed();
            }
            return len;
        }

        private void remember(int start, int len, String s) {
            lastStart = start;
            lastLength = len;
            last = s;
        }

        /** An integer field; NULL gives null. */
        Long integer() {
            int start = pos;
            boolean negative = at(pos) == '-';
            if (negative) {
                pos++;
            }
            long v = 0;
            int digits = 0;
            byte c;
            while ((c = at(pos++)) != ';') {
                int d = c - '0';
                // accumulated negatively so that Long.MIN_VALUE fits
                if (d < 0 || d > 9 || v < Long.MIN_VALUE / 10 || v * 10 < Long.MIN_VALUE + d) {
                    throw malformed();
                }
                v = v * 10 - d;
                digits++;
            }
            if (pos - 1 == start) {
                return null;
            }
            if (digits == 0) {
                throw malformed();
            }
            if (!negative) {
                if (v == Long.MIN_VALUE) {
                    throw malformed();
                }
                v = -v;
            }
            return v;
        }

        long integerNotNull() {
            Long v = integer();
            if (v == null) {
                throw malformed();
            }
            return v;
        }

        /** Checks that the whole value was consumed. */
        void end() {
            if (pos != b.length) {
                throw malformed();
            }
        }

        private byte at(int i) {
            if (i >= b.length) {
                throw malformed();
            }
            return b[i];
        }

        private StorageException malformed() {
            return new StorageException("malformed packed " + what + " at byte " + pos + ": "
                    + new String(b, StandardCharsets.UTF_8));
        }
    }
}
