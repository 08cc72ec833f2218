package io.vmledger.api;

/**
 * The chargeable totals of a set of summary rows (semantics section 4): their count and the sums of
 * {@link VmSummary#chargeableVcpu()}, {@link VmSummary#chargeableRamGb()} and
 * {@link VmSummary#chargeableDiskGb()}. Over a day's rows the sums are vCPU-days, RAM GB-days and disk
 * GB-days; over a month's rows they are the same in months.
 *
 * @param rows   rows summed
 * @param vcpu   sum of {@code AvgVcpuCount x AvgIsPresent}
 * @param ramGb  sum of {@code AvgRamGB x AvgIsPresent}
 * @param diskGb sum of {@code AvgProvisionedDisk x AvgIsPresent}
 */
public record SummaryTotals(long rows, double vcpu, double ramGb, double diskGb) {

    public static final SummaryTotals NONE = new SummaryTotals(0, 0, 0, 0);

    /** The totals of the given rows. */
    public static SummaryTotals of(Iterable<VmSummary> rows) {
        long n = 0;
        double vcpu = 0;
        double ram = 0;
        double disk = 0;
        for (VmSummary r : rows) {
            n++;
            vcpu += r.chargeableVcpu();
            ram += r.chargeableRamGb();
            disk += r.chargeableDiskGb();
        }
        return new SummaryTotals(n, vcpu, ram, disk);
    }
}
