package io.vmledger.storage.postgres;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Moves {@link VmSample}s in and out of rows with the columns of {@link PgSchema#HOURLY_COLUMNS}, in
 * that order: JDBC parameters, result sets and the text format of {@code COPY}.
 */
final class HourlyRows {
    /** {@code "SnapshotTime", "Vcenter", ...} in table order. */
    static final String COLUMNS = PgSchema.quotedList(PgSchema.HOURLY_COLUMNS);
    static final int COLUMN_COUNT = PgSchema.HOURLY_COLUMNS.size();

    private HourlyRows() {
    }

    /** Binds the row's columns to parameters {@code first .. first + COLUMN_COUNT - 1}. */
    static void bind(PreparedStatement ps, int first, VmSample s) throws SQLException {
        int i = first;
        ps.setLong(i++, s.snapshotTime());
        ps.setString(i++, s.vcenter());
        ps.setString(i++, s.key());
        ps.setString(i++, s.vmId());
        ps.setString(i++, s.vmUuid());
        ps.setString(i++, s.name());
        setLong(ps, i++, s.creationTime());
        setLong(ps, i++, s.deletionTime());
        ps.setString(i++, s.resourcePool());
        ps.setString(i++, s.datacenter());
        ps.setString(i++, s.cluster());
        ps.setString(i++, s.folder());
        ps.setInt(i++, s.vcpuCount());
        ps.setDouble(i++, s.ramGb());
        ps.setDouble(i++, s.provisionedDiskGb());
        ps.setString(i++, s.powerState().wire());
        ps.setBoolean(i, s.template());
    }

    /** Reads a row selected as {@link #COLUMNS} starting at column {@code first}. */
    static VmSample read(ResultSet rs, int first) throws SQLException {
        return read(rs, first, new TextDecoder());
    }

    /** Reads a row selected as {@link #COLUMNS}; {@code text} shares the repeated values of a long read. */
    static VmSample read(ResultSet rs, int first, TextDecoder text) throws SQLException {
        int i = first;
        long time = rs.getLong(i++);
        String vcenter = text.repeated(rs, i++);
        i++; // VmKey: derived from the identity columns
        return new VmSample(time, vcenter,
                text.identity(rs, i++), text.identity(rs, i++), text.identity(rs, i++),
                getLong(rs, i++), getLong(rs, i++),
                text.repeated(rs, i++), text.repeated(rs, i++), text.repeated(rs, i++), text.repeated(rs, i++),
                rs.getInt(i++), rs.getDouble(i++), rs.getDouble(i++),
                powerState(text.repeated(rs, i++)), rs.getBoolean(i));
    }

    /** The stored spelling without allocating; {@link PowerState#fromWire} for anything else. */
    static PowerState powerState(String wire) {
        return switch (wire) {
            case "poweredOn" -> PowerState.POWERED_ON;
            case "poweredOff" -> PowerState.POWERED_OFF;
            case "suspended" -> PowerState.SUSPENDED;
            default -> PowerState.fromWire(wire);
        };
    }

    /** Appends the row as one line of {@code COPY ... (FORMAT text)}. */
    static void appendCopyLine(StringBuilder sb, VmSample s) {
        sb.append(s.snapshotTime()).append('\t');
        text(sb, s.vcenter()).append('\t');
        text(sb, s.key()).append('\t');
        text(sb, s.vmId()).append('\t');
        text(sb, s.vmUuid()).append('\t');
        text(sb, s.name()).append('\t');
        number(sb, s.creationTime()).append('\t');
        number(sb, s.deletionTime()).append('\t');
        text(sb, s.resourcePool()).append('\t');
        text(sb, s.datacenter()).append('\t');
        text(sb, s.cluster()).append('\t');
        text(sb, s.folder()).append('\t');
        sb.append(s.vcpuCount()).append('\t');
        // Double.toString is the shortest text that reads back to the same double; PostgreSQL's
        // float8 input is exact, so the stored value is bit-identical to the captured one.
        doubleText(sb, s.ramGb()).append('\t');
        doubleText(sb, s.provisionedDiskGb()).append('\t');
        text(sb, s.powerState().wire()).append('\t');
        sb.append(s.template() ? 't' : 'f').append('\n');
    }

    static StringBuilder doubleText(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            return sb.append("NaN");
        }
        if (Double.isInfinite(v)) {
            return sb.append(v > 0 ? "Infinity" : "-Infinity");
        }
        return sb.append(v);
    }

    static StringBuilder number(StringBuilder sb, Long v) {
        return v == null ? sb.append("\\N") : sb.append(v.longValue());
    }

    /** COPY text escaping: backslash, tab, newline and carriage return; null is {@code \N}. */
    static StringBuilder text(StringBuilder sb, String v) {
        if (v == null) {
            return sb.append("\\N");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\0' -> throw new IllegalArgumentException("text values cannot contain NUL characters: " + v.replace('\0', '?'));
                default -> sb.append(c);
            }
        }
        return sb;
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }
}
