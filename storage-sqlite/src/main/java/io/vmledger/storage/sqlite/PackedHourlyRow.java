package io.vmledger.storage.sqlite;

import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.StorageException;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads hourly rows as one packed text value plus the two REAL columns. Through sqlite-jdbc every
 * column getter is a synchronised JNI call (about 0.1 us of CPU each, measured), so reading 17 columns
 * costs more than SQLite's own work; SQLite packs the integer and text columns of a row into one value
 * with {@code concat()} and Java splits it, which halves the cost of an ordered day read
 * (docs/decisions/0010-sqlite-hourly-layout.md).
 *
 * <p>Encoding, in {@link #FIELDS} order: a text column is {@code octet_length ':' bytes} (NULL gives
 * {@code ':'} alone, since {@code concat} turns NULL into an empty string), so any content, separators
 * included, round-trips; an integer column is {@code digits ';'} (NULL gives {@code ';'}). REAL columns
 * are read with their own getters: their text form would lose precision.
 */
final class PackedHourlyRow {

    private enum Kind { TEXT, INTEGER }

    private record Field(String column, Kind kind) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field(SqliteSchema.SNAPSHOT_TIME, Kind.INTEGER),
            new Field(SqliteSchema.VCENTER, Kind.TEXT),
            new Field(SqliteSchema.VM_ID, Kind.TEXT),
            new Field(SqliteSchema.VM_UUID, Kind.TEXT),
            new Field(SqliteSchema.NAME, Kind.TEXT),
            new Field(SqliteSchema.CREATION_TIME, Kind.INTEGER),
            new Field(SqliteSchema.DELETION_TIME, Kind.INTEGER),
            new Field(SqliteSchema.RESOURCE_POOL, Kind.TEXT),
            new Field(SqliteSchema.DATACENTER, Kind.TEXT),
            new Field(SqliteSchema.CLUSTER, Kind.TEXT),
            new Field(SqliteSchema.FOLDER, Kind.TEXT),
            new Field(SqliteSchema.VCPU_COUNT, Kind.INTEGER),
            new Field(SqliteSchema.POWER_STATE, Kind.TEXT),
            new Field(SqliteSchema.IS_TEMPLATE, Kind.INTEGER));

    private PackedHourlyRow() {
    }

    /**
     * The select list reading one hourly row: the packed value, {@code "RamGB"}, {@code "ProvisionedDisk"}.
     *
     * @param alias table alias to qualify the columns with, or null
     */
    static String selectList(String alias) {
        String p = alias == null ? "" : alias + ".";
        StringBuilder sb = new StringBuilder("concat(");
        for (int i = 0; i < FIELDS.size(); i++) {
            Field f = FIELDS.get(i);
            String col = p + '"' + f.column() + '"';
            sb.append(i == 0 ? "" : ",\n              ");
            if (f.kind() == Kind.TEXT) {
                sb.append("octet_length(").append(col).append("), ':', ").append(col);
            } else {
                sb.append(col).append(", ';'");
            }
        }
        sb.append("),\n       ").append(p).append("\"RamGB\", ").append(p).append("\"ProvisionedDisk\"");
        return sb.toString();
    }

    /** Reads the current row selected with {@link #selectList}, starting at column 1. */
    static VmSample read(ResultSet rs) throws SQLException {
        return read(rs, null);
    }

    /**
     * A reader for many rows: it shares the String instances of the low-cardinality columns (vCenter,
     * pool, datacenter, cluster, folder, power state) between rows, which saves allocation and lets the
     * merge compare vCenters by identity.
     */
    static OrderedRuns.RowReader<VmSample> reader() {
        StringDedup dedup = new StringDedup();
        return rs -> read(rs, dedup);
    }

    private static VmSample read(ResultSet rs, StringDedup dedup) throws SQLException {
        byte[] b = rs.getBytes(1);
        Parser p = new Parser(b, dedup);
        long time = p.integerNotNull();
        String vcenter = p.shared();
        String vmId = p.text();
        String vmUuid = p.text();
        String name = p.text();
        Long creation = p.integer();
        Long deletion = p.integer();
        String pool = p.shared();
        String datacenter = p.shared();
        String cluster = p.shared();
        String folder = p.shared();
        long vcpu = p.integerNotNull();
        String power = p.shared();
        long template = p.integerNotNull();
        p.end();
        return new VmSample(time, vcenter, vmId, vmUuid, name, creation, deletion, pool, datacenter, cluster, folder,
                Math.toIntExact(vcpu), rs.getDouble(2), rs.getDouble(3), Rows.powerState(power), template != 0);
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
            String s = new String(b, off, len, StandardCharsets.UTF_8);
            keys[slot] = Arrays.copyOfRange(b, off, off + len);
            values[slot] = s;
            return s;
        }
    }

    /** Splits one packed value. */
    private static final class Parser {
        private final byte[] b;
        private final StringDedup dedup;
        private int pos;

        Parser(byte[] b, StringDedup dedup) {
            if (b == null) {
                throw new StorageException("malformed packed hourly row: NULL");
            }
            this.b = b;
            this.dedup = dedup;
        }

        String text() {
            return text(false);
        }

        /** A text field of few distinct values, shared through the dedup cache when there is one. */
        String shared() {
            return text(dedup != null);
        }

        private String text(boolean shared) {
            int len = 0;
            int start = pos;
            byte c;
            while ((c = at(pos++)) != ':') {
                if (c < '0' || c > '9') {
                    throw malformed();
                }
                len = len * 10 + (c - '0');
            }
            if (pos - 1 == start) {
                return null;
            }
            if (pos + len > b.length) {
                throw malformed();
            }
            String s = shared ? dedup.get(b, pos, len) : new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        Long integer() {
            int start = pos;
            boolean negative = at(pos) == '-';
            if (negative) {
                pos++;
            }
            long v = 0;
            byte c;
            while ((c = at(pos++)) != ';') {
                if (c < '0' || c > '9') {
                    throw malformed();
                }
                v = v * 10 + (c - '0');
            }
            if (pos - 1 == start) {
                return null;
            }
            return negative ? -v : v;
        }

        long integerNotNull() {
            Long v = integer();
            if (v == null) {
                throw malformed();
            }
            return v;
        }

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
            return new StorageException("malformed packed hourly row at byte " + pos + ": "
                    + new String(b, StandardCharsets.UTF_8));
        }
    }
}
