package io.vmledger.aggregation;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PoolTiers;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Java daily aggregation of semantics section 4. It consumes a day's hourly rows ordered by
 * vCenter, VM key and time (as {@code HourlyStore.forEachOrdered} streams them) and emits one summary
 * row per VM as soon as the VM's group ends, so it holds one VM group at a time. The facts it needs
 * about a vCenter (its snapshots in the day, its lifecycle entries) come from {@code contexts} when
 * the vCenter's first row arrives.
 */
public final class DailyAggregator implements Consumer<VmSample> {
    private final TimeWindow day;
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
     * @param day      the day's window; every row must lie in it
     * @param tiers    pool tiers for the {@code Pool*Pct} columns
     * @param contexts the context of a vCenter, asked once per vCenter of the input
     * @param sink     receives the summary rows, ordered by vCenter and VM key
     */
    public DailyAggregator(TimeWindow day, PoolTiers tiers, Function<String, VcenterContext> contexts,
                           Consumer<? super VmSummary> sink) {
        this.day = Objects.requireNonNull(day, "day");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void accept(VmSample s) {
        if (finished) {
            throw new IllegalStateException("the aggregator is finished");
        }
        if (!day.contains(s.snapshotTime())) {
            throw new AggregationException("hourly row " + s.vcenter() + "/" + s.key() + " at " + s.snapshotTime()
                    + " lies outside the day [" + day.start() + ", " + day.end() + ")");
        }
        rowsIn++;
        if (s.template()) {
            // templates are not summarised; their snapshots still count through the vCenter's snapshot list
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
                if (context == null || context.snapshots().countIn(day.start(), day.end()) == 0) {
                    throw new AggregationException("no snapshot of vCenter " + s.vcenter() + " is recorded in the day ["
                            + day.start() + ", " + day.end() + ") although it has hourly rows");
                }
                group.start(key);
            }
        }
        if (!context.snapshots().contains(s.snapshotTime())) {
            throw new AggregationException("hourly row " + s.vcenter() + "/" + key + " at " + s.snapshotTime()
                    + " belongs to no recorded snapshot of its vCenter (hourly data changed during aggregation?)");
        }
        group.add(s, tiers.classify(s.resourcePool()));
    }

    /** Emits the last group; returns the number of summary rows emitted. */
    public long finish() {
        if (!finished) {
            emit();
            finished = true;
        }
        return rowsOut;
    }

    /** Hourly rows consumed, templates included. */
    public long rowsIn() {
        return rowsIn;
    }

    private void emit() {
        if (group.samples == 0) {
            return;
        }
        VmSample last = group.last;
        LifecycleEntry lc = LifecycleRules.applicable(context.lifecycle().get(group.key), day.start());
        int total = context.snapshots().countIn(day.start(), day.end());
        long n = group.samples;
        double pct = 100.0;
        sink.accept(new VmSummary(
                day.start(), last.vcenter(), group.key, last.vmId(), last.vmUuid(), last.name(),
                n, total, (double) n / total,
                (double) group.vcpuSum / n, group.ramSum / n, group.diskSum / n,
                pct * group.pools[0] / n, pct * group.pools[1] / n, pct * group.pools[2] / n,
                pct * group.pools[3] / n, pct * group.pools[4] / n,
                group.firstTime, group.lastTime,
                last.resourcePool(), last.vcpuCount(), last.ramGb(), last.provisionedDiskGb(), last.powerState(),
                last.datacenter(), last.cluster(), last.folder(),
                LifecycleRules.creationTime(lc, group.minCreation, group.firstTime),
                context.deletionTime(group.key, lc, group.lastTime, day.end())));
        rowsOut++;
        group.samples = 0;
    }

    /** One VM's running sums; reused from group to group. */
    private static final class Group {
        String key;
        long samples;
        long vcpuSum;
        double ramSum;
        double diskSum;
        final long[] pools = new long[PoolTiers.TIER_COUNT + 1];
        long firstTime;
        long lastTime;
        Long minCreation;
        VmSample last;

        void start(String vmKey) {
            key = vmKey;
            samples = 0;
            vcpuSum = 0;
            ramSum = 0;
            diskSum = 0;
            java.util.Arrays.fill(pools, 0);
            minCreation = null;
            last = null;
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
            if (c != null && (minCreation == null || c < minCreation)) {
                minCreation = c;
            }
            lastTime = s.snapshotTime();
            last = s;
        }
    }
}
