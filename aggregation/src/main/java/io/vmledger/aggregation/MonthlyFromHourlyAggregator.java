package io.vmledger.aggregation;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PoolTiers;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Monthly rows straight from a month's hourly rows (manual rebuilds, repair, validation): the columns
 * of semantics section 5 without going through {@code vm_daily_rollup}. Means are taken over all the
 * month's present samples; {@code CreationTime} is the earliest of the per-day creation times and
 * {@code DeletionTime} that of the VM's last day present, each by the daily rules, so the result
 * equals the monthly-from-daily rows up to floating-point rounding.
 */
public final class MonthlyFromHourlyAggregator implements Consumer<VmSample> {
    private final TimeWindow month;
    private final long[] dayStarts;
    private final long[] dayEnds;
    private final PoolTiers tiers;
    private final Function<String, VcenterContext> contexts;
    private final Consumer<? super VmSummary> sink;
    private final GroupOrder order = new GroupOrder("hourly rows");
    private final Group group = new Group();
    private VcenterContext context;
    private long rowsIn;
    private long rowsOut;
    private boolean finished;

    /**
     * @param month    the month's window
     * @param days     the month's days in the report time zone, ascending, covering the month
     * @param tiers    pool tiers
     * @param contexts a vCenter's snapshots in the month and its lifecycle entries
     * @param sink     receives the monthly rows, ordered by vCenter and VM key
     */
    public MonthlyFromHourlyAggregator(TimeWindow month, List<TimeWindow> days, PoolTiers tiers,
                                       Function<String, VcenterContext> contexts, Consumer<? super VmSummary> sink) {
        this.month = Objects.requireNonNull(month, "month");
        this.dayStarts = days.stream().mapToLong(TimeWindow::start).toArray();
        this.dayEnds = days.stream().mapToLong(TimeWindow::end).toArray();
        for (int i = 0; i < dayStarts.length; i++) {
            boolean contiguous = i == 0 ? dayStarts[0] == month.start() : dayStarts[i] == dayEnds[i - 1];
            if (!contiguous) {
                throw new IllegalArgumentException("the days must cover the month contiguously from its start");
            }
        }
        if (dayEnds.length == 0 || dayEnds[dayEnds.length - 1] != month.end()) {
            throw new IllegalArgumentException("the days must end where the month ends");
        }
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void accept(VmSample s) {
        if (finished) {
            throw new IllegalStateException("the aggregator is finished");
        }
        if (!month.contains(s.snapshotTime())) {
            throw new AggregationException("hourly row " + s.vcenter() + "/" + s.key() + " at " + s.snapshotTime()
                    + " lies outside the month [" + month.start() + ", " + month.end() + ")");
        }
        rowsIn++;
        if (s.template()) {
            return;
        }
        String key = s.key();
        switch (order.next(s.vcenter(), key)) {
            case SAME_GROUP -> {
                if (s.snapshotTime() <= group.lastTime) {
                    throw new AggregationException("hourly rows of " + s.vcenter() + "/" + key
                            + " are not in ascending time order at " + s.snapshotTime());
                }
            }
            case NEW_GROUP -> {
                emit();
                group.start(key);
            }
            case NEW_VCENTER -> {
                emit();
                context = contexts.apply(s.vcenter());
                if (context == null || context.snapshots().isEmpty()) {
                    throw new AggregationException("no snapshot of vCenter " + s.vcenter()
                            + " is recorded in the month although it has hourly rows");
                }
                group.start(key);
            }
        }
        if (!context.snapshots().contains(s.snapshotTime())) {
            throw new AggregationException("hourly row " + s.vcenter() + "/" + key + " at " + s.snapshotTime()
                    + " belongs to no recorded snapshot of its vCenter (hourly data changed during aggregation?)");
        }
        int day = dayOf(s.snapshotTime());
        if (day != group.day) {
            group.endDay(context.lifecycle().get(key), dayStarts);
            group.day = day;
            group.dayFirst = s.snapshotTime();
            group.dayMinCreation = null;
        }
        group.add(s, tiers.classify(s.resourcePool()));
    }

    /** Emits the last group; returns the number of monthly rows emitted. */
    public long finish() {
        if (!finished) {
            emit();
            finished = true;
        }
        return rowsOut;
    }

    public long rowsIn() {
        return rowsIn;
    }

    private int dayOf(long time) {
        int i = Arrays.binarySearch(dayStarts, time);
        return i >= 0 ? i : -i - 2;
    }

    private void emit() {
        if (group.samples == 0) {
            return;
        }
        LifecycleEntry lc = context.lifecycle().get(group.key);
        group.endDay(lc, dayStarts);
        VmSample last = group.last;
        int total = context.snapshots().countIn(month.start(), month.end());
        long n = group.samples;
        double pct = 100.0;
        sink.accept(new VmSummary(
                month.start(), last.vcenter(), group.key, last.vmId(), last.vmUuid(), last.name(),
                n, total, (double) n / total,
                (double) group.vcpuSum / n, group.ramSum / n, group.diskSum / n,
                pct * group.pools[0] / n, pct * group.pools[1] / n, pct * group.pools[2] / n,
                pct * group.pools[3] / n, pct * group.pools[4] / n,
                group.firstTime, group.lastTime,
                last.resourcePool(), last.vcpuCount(), last.ramGb(), last.provisionedDiskGb(), last.powerState(),
                last.datacenter(), last.cluster(), last.folder(),
                group.creation,
                // the daily rule on the VM's last day present; within the month the VM has no row after
                // its last sample, so only a snapshot after the month needs looking at
                context.deletionTime(group.key, LifecycleRules.applicable(lc, dayStarts[group.day]), group.lastTime,
                        month.end())));
        rowsOut++;
        group.samples = 0;
    }

    private static final class Group {
        String key;
        long samples;
        long vcpuSum;
        double ramSum;
        double diskSum;
        final long[] pools = new long[PoolTiers.TIER_COUNT + 1];
        long firstTime;
        long lastTime;
        VmSample last;
        int day;
        long dayFirst;
        Long dayMinCreation;
        Long creation;

        void start(String vmKey) {
            key = vmKey;
            samples = 0;
            vcpuSum = 0;
            ramSum = 0;
            diskSum = 0;
            Arrays.fill(pools, 0);
            last = null;
            day = -1;
            dayMinCreation = null;
            creation = null;
        }

        /** Folds the finished day's creation time (the daily rule) into the month's minimum. */
        void endDay(LifecycleEntry lc, long[] dayStarts) {
            if (day < 0) {
                return;
            }
            long c = LifecycleRules.creationTime(LifecycleRules.applicable(lc, dayStarts[day]), dayMinCreation,
                    dayFirst);
            creation = creation == null ? c : Math.min(creation, c);
        }

        void add(VmSample s, int tier) {
            if (samples == 0) {
                firstTime = s.snapshotTime();
            }
            samples++;
            vcpuSum += s.vcpuCount();
            ramSum += s.ramGb();
            diskSum += s.provisionedDiskGb();
            pools[tier]++;
            Long c = s.creationTime();
            if (c != null && (dayMinCreation == null || c < dayMinCreation)) {
                dayMinCreation = c;
            }
            lastTime = s.snapshotTime();
            last = s;
        }
    }
}
