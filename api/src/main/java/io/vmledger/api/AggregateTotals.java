package io.vmledger.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

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

    /**
     * One row per period of one vCenter's snapshot totals, ascending; {@code periodOf} maps a snapshot time to
     * the start of its period (for example {@link ReportCalendar#hourStart}).
     */
    public static List<AggregateTotals> perPeriod(String vcenter, Granularity granularity,
                                                  Collection<VcenterTotals> series, LongUnaryOperator periodOf) {
        Map<Long, List<VcenterTotals>> byPeriod = new TreeMap<>();
        for (VcenterTotals t : series) {
            byPeriod.computeIfAbsent(periodOf.applyAsLong(t.snapshotTime()), k -> new ArrayList<>()).add(t);
        }
        List<AggregateTotals> out = new ArrayList<>(byPeriod.size());
        byPeriod.forEach((start, list) -> out.add(of(vcenter, granularity, start, list)));
        return out;
    }

    /**
     * The totals of a period from those of its parts (for example a month from its days): means weighted
     * by each part's snapshot count, which equals the mean over all the period's snapshots, and the
     * largest VM count. Monthly totals come from the daily rows so that they survive hourly retention.
     */
    public static AggregateTotals combine(String vcenter, Granularity granularity, long periodStart,
                                          Collection<AggregateTotals> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no totals to combine for " + vcenter);
        }
        long n = 0;
        double vms = 0;
        double on = 0;
        double vcpu = 0;
        double ram = 0;
        double disk = 0;
        int max = 0;
        for (AggregateTotals p : parts) {
            if (!p.vcenter().equals(vcenter)) {
                throw new IllegalArgumentException("totals of " + p.vcenter() + " cannot be combined into " + vcenter);
            }
            int w = p.snapshotCount();
            n += w;
            vms += p.avgVmCount() * w;
            on += p.avgPoweredOnCount() * w;
            vcpu += p.avgVcpuTotal() * w;
            ram += p.avgRamTotalGb() * w;
            disk += p.avgDiskTotalGb() * w;
            max = Math.max(max, p.maxVmCount());
        }
        if (n == 0) {
            throw new IllegalArgumentException("the totals of " + vcenter + " have no snapshots");
        }
        return new AggregateTotals(vcenter, granularity, periodStart, Math.toIntExact(n), vms / n, on / n, vcpu / n,
                ram / n, disk / n, max);
    }
}
