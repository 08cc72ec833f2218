package io.vmledger.reports;

import io.vmledger.api.ChargeBasis;
import io.vmledger.api.Chargeable;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.reports.Column.CellType;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the data sheets. Headers are the data contract's column names (those of the
 * compatibility tables), in the tables' order, without the internal {@code VmKey}; the summaries add
 * the chargeable amounts after the averages they come from.
 */
final class ReportColumns {
    static final String VCPU_DAYS = "VcpuDays";
    static final String RAM_GB_DAYS = "RamGBDays";
    static final String DISK_GB_DAYS = "DiskGBDays";
    static final String DAYS_CAPTURED = "DaysCaptured";

    private ReportColumns() {
    }

    /** Columns of an hourly snapshot: the rows of {@code vm_hourly_stats}. */
    static final List<Column<VmSample>> HOURLY = List.of(
            new Column<>("SnapshotTime", CellType.DATE_TIME, VmSample::snapshotTime),
            new Column<>("Vcenter", CellType.TEXT, VmSample::vcenter),
            new Column<>("VmId", CellType.TEXT, VmSample::vmId),
            new Column<>("VmUuid", CellType.TEXT, VmSample::vmUuid),
            new Column<>("Name", CellType.TEXT, VmSample::name),
            new Column<>("CreationTime", CellType.DATE_TIME, VmSample::creationTime),
            new Column<>("DeletionTime", CellType.DATE_TIME, VmSample::deletionTime),
            new Column<>("ResourcePool", CellType.TEXT, VmSample::resourcePool),
            new Column<>("Datacenter", CellType.TEXT, VmSample::datacenter),
            new Column<>("Cluster", CellType.TEXT, VmSample::cluster),
            new Column<>("Folder", CellType.TEXT, VmSample::folder),
            new Column<>("VcpuCount", CellType.INTEGER, VmSample::vcpuCount),
            new Column<>("RamGB", CellType.DECIMAL, VmSample::ramGb),
            new Column<>("ProvisionedDisk", CellType.DECIMAL, VmSample::provisionedDiskGb),
            new Column<>("PowerState", CellType.TEXT, s -> s.powerState().wire()),
            new Column<>("IsTemplate", CellType.BOOLEAN, VmSample::template));

    /**
     * A summary row with its chargeable amounts ({@link ChargeBasis#of}) and the days they span: 1 for a day;
     * for a month, the days of the month on which its vCenter was captured.
     */
    record SummaryRow(VmSummary s, int days, Chargeable amounts) {
    }

    /** Columns of a daily ({@code withDate}) or monthly summary. */
    static List<Column<SummaryRow>> summary(boolean daily) {
        List<Column<SummaryRow>> c = new ArrayList<>(32);
        if (daily) {
            c.add(new Column<>("Date", CellType.DATE, r -> r.s().periodStart()));
        }
        c.add(new Column<>("Vcenter", CellType.TEXT, r -> r.s().vcenter()));
        c.add(new Column<>("VmId", CellType.TEXT, r -> r.s().vmId()));
        c.add(new Column<>("VmUuid", CellType.TEXT, r -> r.s().vmUuid()));
        c.add(new Column<>("Name", CellType.TEXT, r -> r.s().name()));
        c.add(new Column<>("SamplesPresent", CellType.INTEGER, r -> r.s().samplesPresent()));
        c.add(new Column<>("TotalSamples", CellType.INTEGER, r -> r.s().totalSamples()));
        c.add(new Column<>("AvgIsPresent", CellType.RATIO, r -> r.s().avgIsPresent()));
        c.add(new Column<>("AvgVcpuCount", CellType.DECIMAL, r -> r.s().avgVcpuCount()));
        c.add(new Column<>("AvgRamGB", CellType.DECIMAL, r -> r.s().avgRamGb()));
        c.add(new Column<>("AvgProvisionedDisk", CellType.DECIMAL, r -> r.s().avgProvisionedDisk()));
        if (!daily) {
            c.add(new Column<>(DAYS_CAPTURED, CellType.INTEGER, SummaryRow::days));
        }
        c.add(new Column<>(VCPU_DAYS, CellType.DECIMAL, r -> r.amounts().vcpuDays()));
        c.add(new Column<>(RAM_GB_DAYS, CellType.DECIMAL, r -> r.amounts().ramGbDays()));
        c.add(new Column<>(DISK_GB_DAYS, CellType.DECIMAL, r -> r.amounts().diskGbDays()));
        c.add(new Column<>("PoolTinPct", CellType.DECIMAL, r -> r.s().poolTinPct()));
        c.add(new Column<>("PoolBronzePct", CellType.DECIMAL, r -> r.s().poolBronzePct()));
        c.add(new Column<>("PoolSilverPct", CellType.DECIMAL, r -> r.s().poolSilverPct()));
        c.add(new Column<>("PoolGoldPct", CellType.DECIMAL, r -> r.s().poolGoldPct()));
        c.add(new Column<>("PoolOtherPct", CellType.DECIMAL, r -> r.s().poolOtherPct()));
        c.add(new Column<>("FirstSample", CellType.DATE_TIME, r -> r.s().firstSample()));
        c.add(new Column<>("LastSample", CellType.DATE_TIME, r -> r.s().lastSample()));
        c.add(new Column<>("ResourcePool", CellType.TEXT, r -> r.s().resourcePool()));
        c.add(new Column<>("VcpuCount", CellType.INTEGER, r -> r.s().vcpuCount()));
        c.add(new Column<>("RamGB", CellType.DECIMAL, r -> r.s().ramGb()));
        c.add(new Column<>("ProvisionedDisk", CellType.DECIMAL, r -> r.s().provisionedDisk()));
        c.add(new Column<>("PowerState", CellType.TEXT, r -> r.s().powerState() == null ? null : r.s().powerState().wire()));
        c.add(new Column<>("Datacenter", CellType.TEXT, r -> r.s().datacenter()));
        c.add(new Column<>("Cluster", CellType.TEXT, r -> r.s().cluster()));
        c.add(new Column<>("Folder", CellType.TEXT, r -> r.s().folder()));
        c.add(new Column<>("CreationTime", CellType.DATE_TIME, r -> r.s().creationTime()));
        c.add(new Column<>("DeletionTime", CellType.DATE_TIME, r -> r.s().deletionTime()));
        return List.copyOf(c);
    }
}
