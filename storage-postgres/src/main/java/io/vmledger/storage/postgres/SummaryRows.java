package io.vmledger.storage.postgres;

import io.vmledger.api.VmSummary;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Moves {@link VmSummary}s in and out of rows with the columns of {@link PgSchema#SUMMARY_COLUMNS}
 * ({@code vm_daily_rollup} and the summary compatibility tables), in that order.
 */
final class SummaryRows {
    static final String COLUMNS = PgSchema.quotedList(PgSchema.SUMMARY_COLUMNS);

    private SummaryRows() {
    }

    /** Reads a row selected as {@link #COLUMNS} starting at column {@code first}. */
    static VmSummary read(ResultSet rs, int first) throws SQLException {
        return read(rs, first, new TextDecoder());
    }

    /** Reads a row selected as {@link #COLUMNS}; {@code text} shares the repeated values of a long read. */
    static VmSummary read(ResultSet rs, int first, TextDecoder text) throws SQLException {
        int i = first;
        long period = rs.getLong(i++);
        String vcenter = text.repeated(rs, i++);
        String vmKey = text.identity(rs, i++);
        String vmId = text.identity(rs, i++);
        String vmUuid = text.identity(rs, i++);
        String name = text.identity(rs, i++);
        long present = rs.getLong(i++);
        long total = rs.getLong(i++);
        double avgPresent = rs.getDouble(i++);
        double avgVcpu = rs.getDouble(i++);
        double avgRam = rs.getDouble(i++);
        double avgDisk = rs.getDouble(i++);
        double tin = rs.getDouble(i++);
        double bronze = rs.getDouble(i++);
        double silver = rs.getDouble(i++);
        double gold = rs.getDouble(i++);
        double other = rs.getDouble(i++);
        long firstSample = rs.getLong(i++);
        long lastSample = rs.getLong(i++);
        String pool = text.repeated(rs, i++);
        int vcpu = rs.getInt(i++);
        double ram = rs.getDouble(i++);
        double disk = rs.getDouble(i++);
        String power = text.repeated(rs, i++);
        String datacenter = text.repeated(rs, i++);
        String cluster = text.repeated(rs, i++);
        String folder = text.repeated(rs, i++);
        Long creation = HourlyRows.getLong(rs, i++);
        Long deletion = HourlyRows.getLong(rs, i);
        return new VmSummary(period, vcenter, vmKey, vmId, vmUuid, name, present, total, avgPresent, avgVcpu, avgRam,
                avgDisk, tin, bronze, silver, gold, other, firstSample, lastSample, pool, vcpu, ram, disk,
                power == null ? null : HourlyRows.powerState(power), datacenter, cluster, folder, creation, deletion);
    }

    /** Appends the row as one line of {@code COPY ... (FORMAT text)}. */
    static void appendCopyLine(StringBuilder sb, VmSummary s) {
        sb.append(s.periodStart()).append('\t');
        HourlyRows.text(sb, s.vcenter()).append('\t');
        HourlyRows.text(sb, s.vmKey()).append('\t');
        HourlyRows.text(sb, s.vmId()).append('\t');
        HourlyRows.text(sb, s.vmUuid()).append('\t');
        HourlyRows.text(sb, s.name()).append('\t');
        sb.append(s.samplesPresent()).append('\t');
        sb.append(s.totalSamples()).append('\t');
        HourlyRows.doubleText(sb, s.avgIsPresent()).append('\t');
        HourlyRows.doubleText(sb, s.avgVcpuCount()).append('\t');
        HourlyRows.doubleText(sb, s.avgRamGb()).append('\t');
        HourlyRows.doubleText(sb, s.avgProvisionedDisk()).append('\t');
        HourlyRows.doubleText(sb, s.poolTinPct()).append('\t');
        HourlyRows.doubleText(sb, s.poolBronzePct()).append('\t');
        HourlyRows.doubleText(sb, s.poolSilverPct()).append('\t');
        HourlyRows.doubleText(sb, s.poolGoldPct()).append('\t');
        HourlyRows.doubleText(sb, s.poolOtherPct()).append('\t');
        sb.append(s.firstSample()).append('\t');
        sb.append(s.lastSample()).append('\t');
        HourlyRows.text(sb, s.resourcePool()).append('\t');
        sb.append(s.vcpuCount()).append('\t');
        HourlyRows.doubleText(sb, s.ramGb()).append('\t');
        HourlyRows.doubleText(sb, s.provisionedDisk()).append('\t');
        HourlyRows.text(sb, s.powerState() == null ? null : s.powerState().wire()).append('\t');
        HourlyRows.text(sb, s.datacenter()).append('\t');
        HourlyRows.text(sb, s.cluster()).append('\t');
        HourlyRows.text(sb, s.folder()).append('\t');
        HourlyRows.number(sb, s.creationTime()).append('\t');
        HourlyRows.number(sb, s.deletionTime()).append('\n');
    }
}
