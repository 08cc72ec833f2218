package io.vmledger.reports;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Chargeable;
import io.vmledger.api.VmSample;
import io.vmledger.reports.Column.CellType;
import io.vmledger.reports.ReportColumns.SummaryRow;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a report's "vCenter totals" sheet, summed while the data sheet is written; the last line,
 * "All vCenters", sums the others. Hourly lines follow {@code vcenter_totals} (templates excluded, and
 * counted apart); summary lines sum the chargeable amounts and show the period's
 * {@code vcenter_aggregate_totals}.
 */
final class VcenterTotalsRow {
    static final String ALL = "All vCenters";

    final String vcenter;
    long vms;
    long templates;
    long poweredOn;
    long vcpu;
    double ramGb;
    double diskGb;
    Long snapshots;
    Integer daysCaptured;
    Chargeable amounts = Chargeable.ZERO;
    /** The period's {@code vcenter_aggregate_totals} figures; null where the vCenter has none. */
    Double avgVmCount;
    Double avgPoweredOnCount;
    Double avgVcpuTotal;
    Double avgRamTotalGb;
    Double avgDiskTotalGb;
    Integer maxVmCount;

    VcenterTotalsRow(String vcenter) {
        this.vcenter = vcenter;
    }

    void addHourly(VmSample s) {
        if (s.template()) {
            templates++;
            return;
        }
        vms++;
        poweredOn += s.poweredOn() ? 1 : 0;
        vcpu += s.vcpuCount();
        ramGb += s.ramGb();
        diskGb += s.provisionedDiskGb();
    }

    void aggregate(AggregateTotals a) {
        avgVmCount = a.avgVmCount();
        avgPoweredOnCount = a.avgPoweredOnCount();
        avgVcpuTotal = a.avgVcpuTotal();
        avgRamTotalGb = a.avgRamTotalGb();
        avgDiskTotalGb = a.avgDiskTotalGb();
        maxVmCount = a.maxVmCount();
    }

    void addSummary(SummaryRow r) {
        vms++;
        snapshots = r.s().totalSamples();
        daysCaptured = r.days();
        amounts = amounts.plus(r.amounts());
    }

    /** The "All vCenters" line: sums of what sums meaningfully (not snapshot counts, days or maxima). */
    static VcenterTotalsRow all(List<VcenterTotalsRow> rows) {
        VcenterTotalsRow all = new VcenterTotalsRow(ALL);
        for (VcenterTotalsRow r : rows) {
            all.vms += r.vms;
            all.templates += r.templates;
            all.poweredOn += r.poweredOn;
            all.vcpu += r.vcpu;
            all.ramGb += r.ramGb;
            all.diskGb += r.diskGb;
            all.amounts = all.amounts.plus(r.amounts);
            all.avgVmCount = sum(all.avgVmCount, r.avgVmCount);
            all.avgPoweredOnCount = sum(all.avgPoweredOnCount, r.avgPoweredOnCount);
            all.avgVcpuTotal = sum(all.avgVcpuTotal, r.avgVcpuTotal);
            all.avgRamTotalGb = sum(all.avgRamTotalGb, r.avgRamTotalGb);
            all.avgDiskTotalGb = sum(all.avgDiskTotalGb, r.avgDiskTotalGb);
        }
        return all;
    }

    private static Double sum(Double a, Double b) {
        if (b == null) {
            return a;
        }
        return a == null ? b : Double.valueOf(a + b);
    }

    static final List<Column<VcenterTotalsRow>> HOURLY = List.of(
            new Column<>("Vcenter", CellType.TEXT, r -> r.vcenter),
            new Column<>("VmCount", CellType.INTEGER, r -> r.vms),
            new Column<>("PoweredOnCount", CellType.INTEGER, r -> r.poweredOn),
            new Column<>("VcpuTotal", CellType.INTEGER, r -> r.vcpu),
            new Column<>("RamTotalGB", CellType.DECIMAL, r -> r.ramGb),
            new Column<>("DiskTotalGB", CellType.DECIMAL, r -> r.diskGb),
            new Column<>("Templates", CellType.INTEGER, r -> r.templates));

    static List<Column<VcenterTotalsRow>> summary(boolean monthly) {
        List<Column<VcenterTotalsRow>> c = new ArrayList<>();
        c.add(new Column<>("Vcenter", CellType.TEXT, r -> r.vcenter));
        c.add(new Column<>("VMs", CellType.INTEGER, r -> r.vms));
        c.add(new Column<>("TotalSamples", CellType.INTEGER, r -> r.snapshots));
        if (monthly) {
            c.add(new Column<>(ReportColumns.DAYS_CAPTURED, CellType.INTEGER, r -> r.daysCaptured));
        }
        c.add(new Column<>(ReportColumns.VCPU_DAYS, CellType.DECIMAL, r -> r.amounts.vcpuDays()));
        c.add(new Column<>(ReportColumns.RAM_GB_DAYS, CellType.DECIMAL, r -> r.amounts.ramGbDays()));
        c.add(new Column<>(ReportColumns.DISK_GB_DAYS, CellType.DECIMAL, r -> r.amounts.diskGbDays()));
        c.add(new Column<>("AvgVmCount", CellType.DECIMAL, r -> r.avgVmCount));
        c.add(new Column<>("AvgPoweredOnCount", CellType.DECIMAL,
                r -> r.avgPoweredOnCount));
        c.add(new Column<>("AvgVcpuTotal", CellType.DECIMAL, r -> r.avgVcpuTotal));
        c.add(new Column<>("AvgRamTotalGB", CellType.DECIMAL, r -> r.avgRamTotalGb));
        c.add(new Column<>("AvgDiskTotalGB", CellType.DECIMAL,
                r -> r.avgDiskTotalGb));
        c.add(new Column<>("MaxVmCount", CellType.INTEGER,
                r -> r.maxVmCount));
        return List.copyOf(c);
    }
}
