package io.vmledger.aggregation;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;

import java.util.Collection;

/** Combining {@code vcenter_aggregate_totals} rows of shorter periods into a longer one. */
public final class AggregateTotalsMath {

    private AggregateTotalsMath() {
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
