package io.vmledger.storage.sqlite;

import io.vmledger.storage.jdbc.CanonicalSchema;
import io.vmledger.storage.jdbc.ColumnSource;
import io.vmledger.storage.jdbc.RowCodec;
import io.vmledger.storage.jdbc.RowCodec.Column;
import io.vmledger.storage.jdbc.RowReader;
import io.vmledger.storage.spi.StorageException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The SQLite plugin's fast reads: SQLite concatenates the integer and text columns of a row into one value
 * with {@code concat()} and Java splits it, because through sqlite-jdbc every column getter is a
 * synchronised JNI call (about 0.1 us of CPU each, measured), which costs more than SQLite's own work; the
 * REAL columns follow the packed value and are fetched with it by {@link PackedFetch}. An ordered day read
 * costs half as much this way (docs/decisions/0010 and 0012). Any {@link RowCodec} reads through it: the
 * select list is made from the codec's columns.
 *
 * <p>Encoding, in column order: a text column is {@code octet_length ':' bytes} (NULL gives {@code ':'}
 * alone, since {@code concat} turns NULL into an empty string), so any content, separators and NUL
 * characters included, round-trips; an integer or boolean column is {@code digits ';'} (NULL gives
 * {@code ';'}). REAL columns are read with their own values: SQLite's text form of a REAL costs as much to
 * produce and parse as the getter does.
 */
final class PackedColumns {

    private PackedColumns() {
    }

    /**
     * The select list reading {@code codec}'s rows: the packed value of its integer, boolean and text columns
     * (in table order), then its REAL columns.
     *
     * @param alias table alias to qualify the columns with, or null
     */
    static String selectList(RowCodec<?> codec, String alias) {
        String p = alias == null ? "" : alias + ".";
        StringBuilder sb = new StringBuilder("concat(");
        boolean first = true;
        for (Column c : codec.readColumns()) {
            if (c.type() == RowCodec.Type.REAL) {
                continue;
            }
            String col = p + '"' + c.name() + '"';
            sb.append(first ? "" : ",\n              ");
            first = false;
            if (c.type() == RowCodec.Type.TEXT) {
                sb.append("octet_length(").append(col).append("), ':', ").append(col);
            } else {
                sb.append(col).append(", ';'");
            }
        }
        sb.append(')');
        List<String> reals = reals(codec);
        if (!reals.isEmpty()) {
            sb.append(",\n       ").append(CanonicalSchema.quotedList(alias, reals));
        }
        return sb.toString();
    }

    private static List<String> reals(RowCodec<?> codec) {
        return codec.readColumns().stream().filter(c -> c.type() == RowCodec.Type.REAL).map(Column::name).toList();
    }

    /**
     * A reader of rows selected with {@link #selectList}, for one thread: it shares the String instances of
     * the few-valued columns (vCenter, pool, datacenter, cluster, folder, power state) between rows, and
     * those of a VM's key, id, UUID and name between its consecutive rows, which saves allocation and lets
     * the ordered merge compare vCenters and most equal keys by identity.
     */
    static <T> RowReader<T> reader(RowCodec<T> codec, String what) {
        Source source = new Source(new PackedFetch(reals(codec).size()), codec.readColumns().size(), what);
        return rs -> {
            source.fetch.fetch(rs);
            source.start();
            T row = codec.read(source);
            source.end();
            return row;
        };
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
     * The last value of one text column that a reader decoded. An ordered merge reads the runs of a VM one
     * after the other, so the next row usually repeats the VM's key, id, UUID and name: reusing the String
     * saves decoding and allocation, and equal keys then compare by identity in the merge.
     */
    static final class LastValue {
        private byte[] buf;
        private int off;
        private int len;
        private String value;
    }

    /** Splits the packed value of the current row, column by column, in the order it was packed. */
    static final class Source implements ColumnSource {
        final PackedFetch fetch;
        private final StringDedup dedup = new StringDedup();
        private final LastValue[] lastValues;
        private final String what;
        private byte[] b;
        private int pos;
        private int column;
        private int real;
        // the bytes of the last text column read, so that an equal next column can reuse its String
        private int lastStart;
        private int lastLength;
        private String last;

        Source(PackedFetch fetch, int columns, String what) {
            this.fetch = fetch;
            this.lastValues = new LastValue[columns];
            for (int i = 0; i < columns; i++) {
                lastValues[i] = new LastValue();
            }
            this.what = what;
        }

        /** Starts on the row {@link #fetch} fetched last. */
        void start() {
            start(fetch.packed());
        }

        /** Starts on a packed value (REAL columns, if any, from {@link #fetch}). */
        void start(byte[] packed) {
            b = packed;
            if (b == null) {
                throw new StorageException("malformed packed " + what + ": NULL");
            }
            pos = 0;
            column = 0;
            real = 0;
            last = null;
        }

        /** Checks that the whole value was consumed. */
        void end() {
            if (pos != b.length) {
                throw malformed();
            }
        }

        @Override
        public long integer() {
            Long v = nullableInteger();
            if (v == null) {
                throw malformed();
            }
            return v;
        }

        @Override
        public Long nullableInteger() {
            column++;
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

        @Override
        public boolean bool() {
            return integer() != 0;
        }

        @Override
        public double real() {
            column++;
            return fetch.real(real++);
        }

        @Override
        public String text(RowCodec.Repeats repeats) {
            LastValue lastValue = lastValues[column++];
            int len = length();
            if (len < 0) {
                return null;
            }
            String s = switch (repeats) {
                case FEW -> dedup.get(b, pos, len);
                case PER_VM -> perVm(lastValue, len);
                case NONE -> new String(b, pos, len, StandardCharsets.UTF_8);
            };
            lastStart = pos;
            lastLength = len;
            last = s;
            pos += len;
            return s;
        }

        /** A VM's value: often the previous column's (an id equal to its key) or this column's in the previous row. */
        private String perVm(LastValue lastValue, int len) {
            if (last != null && lastLength == len && Arrays.equals(b, lastStart, lastStart + len, b, pos, pos + len)) {
                return last;
            }
            if (lastValue.value != null && lastValue.len == len
                    && Arrays.equals(lastValue.buf, lastValue.off, lastValue.off + len, b, pos, pos + len)) {
                return lastValue.value;
            }
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            lastValue.buf = b;
            lastValue.off = pos;
            lastValue.len = len;
            lastValue.value = s;
            return s;
        }

        /** Reads a text column's length prefix and its ':'; -1 for NULL. */
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
