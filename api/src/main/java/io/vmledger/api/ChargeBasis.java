package io.vmledger.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * The definition of the chargeable amounts of summary rows (semantics section 4; decision 0070, section 6),
 * for a day and for a month alike, in days of use:
 * <pre>
 *   VcpuDays   = AvgVcpuCount       x AvgIsPresent x DaysCaptured
 *   RamGBDays  = AvgRamGB           x AvgIsPresent x DaysCaptured
 *   DiskGBDays = AvgProvisionedDisk x AvgIsPresent x DaysCaptured
 * </pre>
 * {@code DaysCaptured} is 1 for a day. For a month it is the number of days of the month on which the row's
 * vCenter was captured: a month's {@code AvgIsPresent} is a share of the samples of those days, so the
 * product is days of use, and a month's amount equals the sum of its days' amounts when every captured day
 * has the same number of snapshots. A month's basis learns each vCenter's days from the store the first
 * time it is asked (storage-spi's {@code ChargeableAmounts}), once per vCenter.
 */
public final class ChargeBasis {
    /** A day's basis: every vCenter counts one day. */
    public static final ChargeBasis DAY = new ChargeBasis(Granularity.DAILY, v -> 1);

    private final Granularity period;
    private final ToIntFunction<String> daysOf;
    private final Map<String, Integer> days = new ConcurrentHashMap<>();

    private ChargeBasis(Granularity period, ToIntFunction<String> daysOf) {
        this.period = period;
        this.daysOf = daysOf;
    }

    /** A month's basis, asking {@code daysCaptured} for a vCenter's days captured the first time they are needed. */
    public static ChargeBasis month(ToIntFunction<String> daysCaptured) {
        return new ChargeBasis(Granularity.MONTHLY, Objects.requireNonNull(daysCaptured, "daysCaptured"));
    }

    /** {@link Granularity#DAILY} or {@link Granularity#MONTHLY}. */
    public Granularity period() {
        return period;
    }

    /** The days captured of {@code vcenter}'s rows: 1 for a day. */
    public int daysCaptured(String vcenter) {
        return period == Granularity.DAILY ? 1 : days.computeIfAbsent(vcenter, daysOf::applyAsInt);
    }

    /** The days captured of each of {@code vcenters}, in their order. */
    public Map<String, Integer> daysCaptured(Collection<String> vcenters) {
        Map<String, Integer> out = new LinkedHashMap<>();
        vcenters.forEach(v -> out.put(v, daysCaptured(v)));
        return out;
    }

    /** A summary row's chargeable amounts. */
    public Chargeable of(VmSummary row) {
        int d = daysCaptured(row.vcenter());
        return new Chargeable(row.avgVcpuCount() * row.avgIsPresent() * d, row.avgRamGb() * row.avgIsPresent() * d,
                row.avgProvisionedDisk() * row.avgIsPresent() * d);
    }

    /** The totals of the rows summed per vCenter in {@code perVcenter}: each vCenter's sums times its days captured. */
    public SummaryTotals totals(List<ChargeSums> perVcenter) {
        long rows = 0;
        Chargeable sum = Chargeable.ZERO;
        Map<String, Integer> days = new LinkedHashMap<>();
        for (ChargeSums s : perVcenter) {
            int d = daysCaptured(s.vcenter());
            days.put(s.vcenter(), d);
            rows += s.rows();
            sum = sum.plus(new Chargeable(s.vcpu() * d, s.ramGb() * d, s.diskGb() * d));
        }
        return new SummaryTotals(rows, sum, days);
    }
}
