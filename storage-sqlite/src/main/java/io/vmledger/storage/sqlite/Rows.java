package io.vmledger.storage.sqlite;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Binding and reading of the hourly and summary rows, in the column order of
 * {@link SqliteSchema#HOURLY_COLUMNS} and {@link SqliteSchema#SUMMARY_COLUMNS}.
 */
final class Rows {

    private Rows() {
    }

    /** Binds {@code s} to parameters {@code 1..17} in {@link SqliteSchema#HOURLY_COLUMNS} order. */
    static void bindHourly(PreparedStatement ps, VmSample s) throws SQLException {
        ps.setLong(1, s.snapshotTime());
        ps.setString(2, s.vcenter());
        ps.setString(3, s.key());
        ps.setString(4, s.vmId());
        ps.setString(5, s.vmUuid());
        ps.setString(6, s.name());
        setLong(ps, 7, s.creationTime());
        setLong(ps, 8, s.deletionTime());
        ps.setString(9, s.resourcePool());
        ps.setString(10, s.datacenter());
        ps.setString(11, s.cluster());
        ps.setString(12, s.folder());
        ps.setInt(13, s.vcpuCount());
        ps.setDouble(14, s.ramGb());
        ps.setDouble(15, s.provisionedDiskGb());
        ps.setString(16, s.powerState().wire());
        ps.setInt(17, s.template() ? 1 : 0);
    }

    /**
     * Binds {@code s} to parameters {@code base+1..base+29} in {@link SqliteSchema#SUMMARY_COLUMNS} order
     * ({@code base} 0 for a one-row statement, {@code 29 * i} for row {@code i} of a multi-row one).
     */
    static void bindSummary(PreparedStatement ps, int base, VmSummary s) throws SQLException {
        ps.setLong(base + 1, s.periodStart());
        ps.setString(base + 2, s.vcenter());
        ps.setString(base + 3, s.vmKey());
        ps.setString(base + 4, s.vmId());
        ps.setString(base + 5, s.vmUuid());
        ps.setString(base + 6, s.name());
        ps.setLong(base + 7, s.samplesPresent());
        ps.setLong(base + 8, s.totalSamples());
        ps.setDouble(base + 9, s.avgIsPresent());
        ps.setDouble(base + 10, s.avgVcpuCount());
        ps.setDouble(base + 11, s.avgRamGb());
        ps.setDouble(base + 12, s.avgProvisionedDisk());
        ps.setDouble(base + 13, s.poolTinPct());
        ps.setDouble(base + 14, s.poolBronzePct());
        ps.setDouble(base + 15, s.poolSilverPct());
        ps.setDouble(base + 16, s.poolGoldPct());
        ps.setDouble(base + 17, s.poolOtherPct());
        ps.setLong(base + 18, s.firstSample());
        ps.setLong(base + 19, s.lastSample());
        ps.setString(base + 20, s.resourcePool());
        ps.setInt(base + 21, s.vcpuCount());
        ps.setDouble(base + 22, s.ramGb());
        ps.setDouble(base + 23, s.provisionedDisk());
        ps.setString(base + 24, s.powerState() == null ? null : s.powerState().wire());
        ps.setString(base + 25, s.datacenter());
        ps.setString(base + 26, s.cluster());
        ps.setString(base + 27, s.folder());
        setLong(ps, base + 28, s.creationTime());
        setLong(ps, base + 29, s.deletionTime());
    }

    static PowerState powerState(String wire) {
        // fast path for the stored spelling; fromWire accepts any case and names the allowed values
        return switch (wire) {
            case "poweredOn" -> PowerState.POWERED_ON;
            case "poweredOff" -> PowerState.POWERED_OFF;
            case "suspended" -> PowerState.SUSPENDED;
            default -> PowerState.fromWire(wire);
        };
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    static Long getLong(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return v == 0 && rs.wasNull() ? null : v;
    }

    static Integer getInt(ResultSet rs, int index) throws SQLException {
        int v = rs.getInt(index);
        return v == 0 && rs.wasNull() ? null : v;
    }

    /**
     * Compares strings in Unicode code point order, which is SQLite's BINARY collation of UTF-8 text
     * (String.compareTo orders by UTF-16 unit and differs for characters beyond the BMP).
     */
    static int compareCodePoints(String a, String b) {
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
