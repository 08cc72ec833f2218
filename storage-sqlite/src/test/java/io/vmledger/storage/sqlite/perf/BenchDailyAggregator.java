package io.vmledger.storage.sqlite.perf;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.PoolTiers;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.jdbc.CompatTableNames;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.Storage;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain daily aggregation for measuring the storage side of the daily job: one pass over the ordered
 * stream holding one VM group at a time, and the outputs written through a period writer. It follows
 * semantics section 4 closely enough for timing (deletion time from the next snapshot, creation time
 * from the day's rows); the real aggregation lives in the aggregation module.
 */
final class BenchDailyAggregator {
    private final PoolTiers tiers = PoolTiers.defaults();
    private final java.util.function.Consumer<VmSummary> writer;
    private final long dayStart;
    private final Map<String, List<Long>> times = new HashMap<>();
    private VmSample last;
    private VmSample first;
    private long present;
    private double vcpu;
    private double ram;
    private double disk;
    private final long[] pools = new long[PoolTiers.TIER_COUNT + 1];
    private Long creation;
    private long rows;

    private BenchDailyAggregator(java.util.function.Consumer<VmSummary> writer, long dayStart) {
        this.writer = writer;
        this.dayStart = dayStart;
    }

    /**
     * Reads, computes and writes one day as the aggregation job does: the period writer is open during
     * the read and rows are added from the stream's sink. Prints the read-and-compute and the commit
     * durations.
     */
    static long run(Storage storage, TimeWindow day, ReportCalendar cal) {
        LocalDate date = cal.dateOf(day.start());
        try (PeriodWriter w = storage.rollups().beginDaily(date, day.start(), true)) {
            BenchDailyAggregator agg = new BenchDailyAggregator(w::add, day.start());
            long a = System.nanoTime();
            for (String vc : storage.hourly().vcenters()) {
                agg.times.put(vc, storage.hourly().snapshotTimes(vc, day));
            }
            storage.hourly().forEachOrdered(day, agg::accept);
            agg.flush();
            long b = System.nanoTime();
            for (Map.Entry<String, List<Long>> e : agg.times.entrySet()) {
                List<VcenterTotals> series = storage.totals().series(e.getKey(), day);
                if (!series.isEmpty()) {
                    w.addTotals(AggregateTotals.of(e.getKey(), Granularity.DAILY, day.start(), series));
                }
            }
            w.register(new SnapshotRecord(Granularity.DAILY, day.start(), SnapshotRecord.ALL_VCENTERS, agg.rows,
                    CompatTableNames.dailySummary(date)));
            long n = w.commit();
            System.out.printf("  read + compute (+ adds) %d ms, totals + commit %d ms%n", (b - a) / 1_000_000,
                    (System.nanoTime() - b) / 1_000_000);
            return n;
        }
    }

    private void accept(VmSample s) {
        if (s.template()) {
            return;
        }
        if (last != null && (!last.vcenter().equals(s.vcenter()) || !last.key().equals(s.key()))) {
            flush();
        }
        if (present == 0) {
            first = s;
        }
        present++;
        vcpu += s.vcpuCount();
        ram += s.ramGb();
        disk += s.provisionedDiskGb();
        pools[tiers.classify(s.resourcePool())]++;
        if (s.creationTime() != null && (creation == null || s.creationTime() < creation)) {
            creation = s.creationTime();
        }
        last = s;
    }

    private void flush() {
        if (present == 0) {
            return;
        }
        List<Long> dayTimes = times.get(last.vcenter());
        long total = dayTimes.size();
        Long deletion = null;
        if (last.snapshotTime() != dayTimes.get(dayTimes.size() - 1)) {
            int i = dayTimes.indexOf(last.snapshotTime());
            deletion = dayTimes.get(i + 1);
        }
        double p = present;
        writer.accept(new VmSummary(dayStart, last.vcenter(), last.key(), last.vmId(), last.vmUuid(), last.name(),
                present, total, p / total, vcpu / p, ram / p, disk / p,
                100 * pools[0] / p, 100 * pools[1] / p, 100 * pools[2] / p, 100 * pools[3] / p, 100 * pools[4] / p,
                first.snapshotTime(), last.snapshotTime(), last.resourcePool(), last.vcpuCount(), last.ramGb(),
                last.provisionedDiskGb(), last.powerState(), last.datacenter(), last.cluster(), last.folder(),
                creation, deletion));
        rows++;
        present = 0;
        vcpu = 0;
        ram = 0;
        disk = 0;
        java.util.Arrays.fill(pools, 0);
        creation = null;
    }
}
