package io.vmledger.api;

import java.util.Collection;

/**
 * A row of {@code vcenter_aggregate_totals}: the mean over a period's snapshots of each
 * {@link VcenterTotals} figure, plus the snapshot count and the largest VM count.
 */
public record AggregateTotals(
        String vcenter,
        Granularity granularity,
        long periodStart,
        int snapshotCount,
        double avgVmCount,
        double avgPoweredOnCount,
        double avgVcpuTotal,
        double avgRamTotalGb,
        double avgDiskTotalGb,
        int maxVmCount) {

    /** Averages the given snapshot totals (all of one vCenter and period); empty input is an error. */
    public static AggregateTotals of(String vcenter, Granularity granularity, long periodStart,
                                     Collection<VcenterTotals> totals) {
        if (totals.isEmpty()) {
            throw new IllegalArgumentException("no snapshot totals for " + vcenter + " " + granularity.wire()
                    + " period " + periodStart);
        }
        double vms = 0;
        double on = 0;
        double vcpu = 0;
        double ram = 0;
        double disk = 0;
        int max = 0;
        for (VcenterTotals t : totals) {
            vms += t.vmCount();
            on += t.poweredOnCount();
            vcpu += t.vcpuTotal();
            ram += t.ramTotalGb();
            disk += t.diskTotalGb();
            max = Math.max(max, t.vmCount());
        }
        int n = totals.size();
        return new AggregateTotals(vcenter, granularity, periodStart, n, vms / n, on / n, vcpu / n, ram / n,
                disk / n, max);
    }
}
