package io.vmledger.storage.jdbc;

import io.vmledger.api.VmSummary;

import java.sql.SQLException;
import java.util.List;

import static io.vmledger.storage.jdbc.RowCodec.Column.integer;
import static io.vmledger.storage.jdbc.RowCodec.Column.real;
import static io.vmledger.storage.jdbc.RowCodec.Column.text;
import static io.vmledger.storage.jdbc.RowCodec.Repeats.FEW;
import static io.vmledger.storage.jdbc.RowCodec.Repeats.PER_VM;

/**
 * {@link VmSummary}s as rows of {@code vm_daily_rollup} and of the summary compatibility tables
 * ({@link CanonicalSchema#SUMMARY_COLUMNS}).
 */
public final class SummaryRows implements RowCodec<VmSummary> {
    public static final SummaryRows CODEC = new SummaryRows();

    private static final List<Column> COLUMNS = RowCodec.ofTable(List.of(
            integer(CanonicalSchema.DATE),
            text(CanonicalSchema.VCENTER, FEW),
            text(CanonicalSchema.VM_KEY, PER_VM),
            text(CanonicalSchema.VM_ID, PER_VM),
            text(CanonicalSchema.VM_UUID, PER_VM),
            text(CanonicalSchema.NAME, PER_VM),
            integer(CanonicalSchema.SAMPLES_PRESENT),
            integer(CanonicalSchema.TOTAL_SAMPLES),
            real(CanonicalSchema.AVG_IS_PRESENT),
            real(CanonicalSchema.AVG_VCPU_COUNT),
            real(CanonicalSchema.AVG_RAM_GB),
            real(CanonicalSchema.AVG_PROVISIONED_DISK),
            real(CanonicalSchema.POOL_TIN_PCT),
            real(CanonicalSchema.POOL_BRONZE_PCT),
            real(CanonicalSchema.POOL_SILVER_PCT),
            real(CanonicalSchema.POOL_GOLD_PCT),
            real(CanonicalSchema.POOL_OTHER_PCT),
            integer(CanonicalSchema.FIRST_SAMPLE),
            integer(CanonicalSchema.LAST_SAMPLE),
            text(CanonicalSchema.RESOURCE_POOL, FEW),
            integer(CanonicalSchema.VCPU_COUNT),
            real(CanonicalSchema.RAM_GB),
            real(CanonicalSchema.PROVISIONED_DISK),
            text(CanonicalSchema.POWER_STATE, FEW),
            text(CanonicalSchema.DATACENTER, FEW),
            text(CanonicalSchema.CLUSTER, FEW),
            text(CanonicalSchema.FOLDER, FEW),
            integer(CanonicalSchema.CREATION_TIME),
            integer(CanonicalSchema.DELETION_TIME)), CanonicalSchema.SUMMARY_COLUMNS);

    private SummaryRows() {
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public void write(VmSummary s, ColumnSink out) throws SQLException {
        out.integer(s.periodStart());
        out.text(s.vcenter());
        out.text(s.vmKey());
        out.text(s.vmId());
        out.text(s.vmUuid());
        out.text(s.name());
        out.integer(s.samplesPresent());
        out.integer(s.totalSamples());
        out.real(s.avgIsPresent());
        out.real(s.avgVcpuCount());
        out.real(s.avgRamGb());
        out.real(s.avgProvisionedDisk());
        out.real(s.poolTinPct());
        out.real(s.poolBronzePct());
        out.real(s.poolSilverPct());
        out.real(s.poolGoldPct());
        out.real(s.poolOtherPct());
        out.integer(s.firstSample());
        out.integer(s.lastSample());
        out.text(s.resourcePool());
        out.integer(s.vcpuCount());
        out.real(s.ramGb());
        out.real(s.provisionedDisk());
        out.text(s.powerState() == null ? null : s.powerState().wire());
        out.text(s.datacenter());
        out.text(s.cluster());
        out.text(s.folder());
        out.nullableInteger(s.creationTime());
        out.nullableInteger(s.deletionTime());
    }

    @Override
    public VmSummary read(ColumnSource in) throws SQLException {
        long period = in.integer();
        String vcenter = in.text(FEW);
        String vmKey = in.text(PER_VM);
        String vmId = in.text(PER_VM);
        String vmUuid = in.text(PER_VM);
        String name = in.text(PER_VM);
        long present = in.integer();
        long total = in.integer();
        double avgPresent = in.real();
        double avgVcpu = in.real();
        double avgRam = in.real();
        double avgDisk = in.real();
        double tin = in.real();
        double bronze = in.real();
        double silver = in.real();
        double gold = in.real();
        double other = in.real();
        long firstSample = in.integer();
        long lastSample = in.integer();
        String pool = in.text(FEW);
        int vcpu = Math.toIntExact(in.integer());
        double ram = in.real();
        double disk = in.real();
        String power = in.text(FEW);
        String datacenter = in.text(FEW);
        String cluster = in.text(FEW);
        String folder = in.text(FEW);
        Long creation = in.nullableInteger();
        Long deletion = in.nullableInteger();
        return new VmSummary(period, vcenter, vmKey, vmId, vmUuid, name, present, total, avgPresent, avgVcpu, avgRam,
                avgDisk, tin, bronze, silver, gold, other, firstSample, lastSample, pool, vcpu, ram, disk,
                HourlyRows.powerState(power), datacenter, cluster, folder, creation, deletion);
    }
}
