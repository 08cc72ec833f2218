package io.vmledger.aggregation;

import io.vmledger.api.PoolTiers;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Java monthly aggregation of semantics section 5 from {@code vm_daily_rollup} rows ordered by
 * vCenter, VM key and day (as {@code RollupStore.forEachDailyOrdered} streams them).
 *
 * <p>{@code TotalSamples(V,M)} is the sum of {@code TotalSamples(V,d)} over the days on which V has
 * rollups, and every rollup row of V on day d carries {@code TotalSamples(V,d)}. So the sum is known as
 * soon as the VMs read so far cover every day of the month that has rollups, which is normally the
 * first VM of the vCenter (most VMs live the whole month). Rows finished before that point wait in a
 * small buffer; only a vCenter that has no snapshot at all on some rollup day keeps its rows buffered
 * until its last VM (then the days seen are exactly its days).
 */
public final class MonthlyFromDailyAggregator implements Consumer<VmSummary> {
    private final TimeWindow month;
    private final long[] rollupDays;
    private final Consumer<? super VmSummary> sink;
    private final GroupOrder order = new GroupOrder("daily rollup rows");
    private final Group group = new Group();
    private final Map<Long, Long> dayTotals = new HashMap<>();
    private final List<VmSummary> waiting = new ArrayList<>();
    private int rollupDaysCovered;
    private long vcenterTotal = -1;
    private long rowsIn;
    private long rowsOut;
    private boolean finished;

    /**
     * @param month      the month's window; every row's day must start in it
     * @param rollupDays start of every day of the month that has rollup rows ({@code RollupStore.dailyRollupDays})
     * @param sink       receives the monthly rows, ordered by vCenter and VM key
     */
    public MonthlyFromDailyAggregator(TimeWindow month, List<Long> rollupDays, Consumer<? super VmSummary> sink) {
        this.month = Objects.requireNonNull(month, "month");
        this.rollupDays = rollupDays.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void accept(VmSummary d) {
        if (finished) {
            throw new IllegalStateException("the aggregator is finished");
        }
        if (!month.contains(d.periodStart())) {
            throw new AggregationException("daily rollup " + d.vcenter() + "/" + d.vmKey() + " of day " + d.periodStart()
                    + " lies outside the month [" + month.start() + ", " + month.end() + ")");
        }
        if (d.samplesPresent() <= 0 || d.totalSamples() < d.samplesPresent()) {
            throw new AggregationException("daily rollup " + d.vcenter() + "/" + d.vmKey() + " of day " + d.periodStart()
                    + " has SamplesPresent " + d.samplesPresent() + " of TotalSamples " + d.totalSamples());
        }
        rowsIn++;
        switch (order.next(d.vcenter(), d.vmKey())) {
            case SAME_GROUP -> {
                if (d.periodStart() <= group.last.periodStart()) {
                    throw new AggregationException("daily rollups of " + d.vcenter() + "/" + d.vmKey()
                            + " are not in ascending day order at " + d.periodStart());
                }
            }
            case NEW_GROUP -> endGroup();
            case NEW_VCENTER -> {
                endGroup();
                endVcenter();
            }
        }
        noteDayTotal(d);
        group.add(d);
    }

    /** Emits everything still held; returns the number of monthly rows emitted. */
    public long finish() {
        if (!finished) {
            endGroup();
            endVcenter();
            finished = true;
        }
        return rowsOut;
    }

    /** Daily rows consumed. */
    public long rowsIn() {
        return rowsIn;
    }

    private void noteDayTotal(VmSummary d) {
        Long known = dayTotals.putIfAbsent(d.periodStart(), d.totalSamples());
        if (known == null) {
            if (vcenterTotal >= 0) {
                // the total was declared final because every listed day was covered: the input changed
                throw new AggregationException("daily rollups of vCenter " + d.vcenter() + " changed during the monthly"
                        + " aggregation (day " + d.periodStart() + " appeared); re-run it");
            }
            if (Arrays.binarySearch(rollupDays, d.periodStart()) >= 0) {
                rollupDaysCovered++;
            }
        } else if (known != d.totalSamples()) {
            throw new AggregationException("daily rollups of vCenter " + d.vcenter() + " on day " + d.periodStart()
                    + " disagree on TotalSamples (" + known + " and " + d.totalSamples() + "); re-run that day");
        }
    }

    private void endGroup() {
        if (group.days == 0) {
            return;
        }
        VmSummary partial = group.summary(month.start());
        group.days = 0;
        if (vcenterTotal < 0 && rollupDaysCovered == rollupDays.length) {
            // no later VM of this vCenter can bring a day not seen yet: the month's total is final
            vcenterTotal = sumDayTotals();
            flushWaiting();
        }
        if (vcenterTotal >= 0) {
            emit(partial);
        } else {
            waiting.add(partial);
        }
    }

    private void endVcenter() {
        if (!waiting.isEmpty() || vcenterTotal >= 0) {
            if (vcenterTotal < 0) {
                vcenterTotal = sumDayTotals();
            }
            flushWaiting();
        }
        dayTotals.clear();
        rollupDaysCovered = 0;
        vcenterTotal = -1;
    }

    private long sumDayTotals() {
        long sum = 0;
        for (long t : dayTotals.values()) {
            sum += t;
        }
        return sum;
    }

    private void flushWaiting() {
        for (VmSummary s : waiting) {
            emit(s);
        }
        waiting.clear();
    }

    private void emit(VmSummary s) {
        sink.accept(new VmSummary(s.periodStart(), s.vcenter(), s.vmKey(), s.vmId(), s.vmUuid(), s.name(),
                s.samplesPresent(), vcenterTotal, (double) s.samplesPresent() / vcenterTotal,
                s.avgVcpuCount(), s.avgRamGb(), s.avgProvisionedDisk(),
                s.poolTinPct(), s.poolBronzePct(), s.poolSilverPct(), s.poolGoldPct(), s.poolOtherPct(),
                s.firstSample(), s.lastSample(), s.resourcePool(), s.vcpuCount(), s.ramGb(), s.provisionedDisk(),
                s.powerState(), s.datacenter(), s.cluster(), s.folder(), s.creationTime(), s.deletionTime()));
        rowsOut++;
    }

    /** One VM's sample-weighted sums over its days. */
    private static final class Group {
        int days;
        long samples;
        double vcpu;
        double ram;
        double disk;
        final double[] pools = new double[PoolTiers.TIER_COUNT + 1];
        long firstSample;
        Long minCreation;
        VmSummary last;

        void add(VmSummary d) {
            if (days == 0) {
                samples = 0;
                vcpu = 0;
                ram = 0;
                disk = 0;
                Arrays.fill(pools, 0);
                firstSample = d.firstSample();
                minCreation = null;
            }
            days++;
            long n = d.samplesPresent();
            samples += n;
            vcpu += d.avgVcpuCount() * n;
            ram += d.avgRamGb() * n;
            disk += d.avgProvisionedDisk() * n;
            for (int t = 0; t < pools.length; t++) {
                pools[t] += d.poolPct(t) * n;
            }
            firstSample = Math.min(firstSample, d.firstSample());
            Long c = d.creationTime();
            if (c != null && (minCreation == null || c < minCreation)) {
                minCreation = c;
            }
            last = d;
        }

        /** The monthly row with every column but TotalSamples and AvgIsPresent final. */
        VmSummary summary(long monthStart) {
            VmSummary l = last;
            return new VmSummary(monthStart, l.vcenter(), l.vmKey(), l.vmId(), l.vmUuid(), l.name(),
                    samples, 0, 0, vcpu / samples, ram / samples, disk / samples,
                    pools[0] / samples, pools[1] / samples, pools[2] / samples, pools[3] / samples, pools[4] / samples,
                    firstSample, l.lastSample(), l.resourcePool(), l.vcpuCount(), l.ramGb(), l.provisionedDisk(),
                    l.powerState(), l.datacenter(), l.cluster(), l.folder(), minCreation, l.deletionTime());
        }
    }
}
