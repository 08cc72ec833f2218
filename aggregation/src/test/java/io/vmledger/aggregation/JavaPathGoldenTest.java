package io.vmledger.aggregation;

import io.vmledger.storage.spi.golden.GoldenDataset;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PoolTiers;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.vmledger.storage.spi.golden.GoldenAssert.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java aggregators against the golden dataset, without a database. */
class JavaPathGoldenTest {
    private static final ReportCalendar UTC = ReportCalendar.utc();

    @Test
    void dailyRowsOfTheDayMatchTheHandComputedRows() {
        assertRows("daily " + GoldenDataset.DAY, GoldenDataset.expectedDay(), daily(UTC.day(GoldenDataset.DAY)));
    }

    @Test
    void dailyRowsOfTheNextDayMatchTheHandComputedRows() {
        assertRows("daily " + GoldenDataset.NEXT_DAY, GoldenDataset.expectedNextDay(),
                daily(UTC.day(GoldenDataset.NEXT_DAY)));
    }

    @Test
    void dailyRowsOfTheThirdDayMatchTheHandComputedRows() {
        assertRows("daily " + GoldenDataset.THIRD_DAY, GoldenDataset.expectedThirdDay(),
                daily(UTC.day(GoldenDataset.THIRD_DAY)));
    }

    /**
     * The 14th as the scheduled run computed it, right after the 15th's first capture (no later rows,
     * the lifecycle cache of that moment), gives the same rows as computing it now.
     */
    @Test
    void dailyRowsOfTheDayAreTheSameWhenComputedOnSchedule() {
        TimeWindow day = UTC.day(GoldenDataset.DAY);
        List<VmSample> rows = GoldenDataset.hourlyRows().stream()
                .filter(s -> s.snapshotTime() <= GoldenDataset.next(0)).toList();
        assertRows("daily " + GoldenDataset.DAY + " on schedule", GoldenDataset.expectedDay(),
                daily(day, rows, GoldenDataset.lifecycleAtScheduledRun()));
    }

    @Test
    void monthlyFromDailyRowsMatchesTheHandComputedRows() {
        TimeWindow month = UTC.month(GoldenDataset.MONTH);
        List<VmSummary> days = Stream.of(GoldenDataset.expectedDay(), GoldenDataset.expectedNextDay(),
                        GoldenDataset.expectedThirdDay())
                .flatMap(List::stream)
                .sorted(Comparator.comparing(VmSummary::vcenter).thenComparing(VmSummary::vmKey)
                        .thenComparingLong(VmSummary::periodStart))
                .toList();
        List<VmSummary> out = new ArrayList<>();
        MonthlyFromDailyAggregator agg = new MonthlyFromDailyAggregator(month,
                List.of(GoldenDataset.D0, GoldenDataset.D1, GoldenDataset.D2), out::add);
        days.forEach(agg);
        long emitted = agg.finish();
        assertEquals(out.size(), emitted);
        assertRows("monthly from daily", GoldenDataset.expectedMonth(), out);
        assertKeyOrder(out);
    }

    @Test
    void monthlyFromHourlyRowsMatchesTheHandComputedRows() {
        TimeWindow month = UTC.month(GoldenDataset.MONTH);
        List<TimeWindow> days = UTC.daysOf(GoldenDataset.MONTH).stream().map(UTC::day).toList();
        List<VmSummary> out = new ArrayList<>();
        MonthlyFromHourlyAggregator agg = new MonthlyFromHourlyAggregator(month, days, PoolTiers.defaults(),
                contexts(month, GoldenDataset.hourlyRows(), GoldenDataset.lifecycle()), out::add);
        GoldenDataset.hourlyRows().forEach(agg);
        agg.finish();
        assertRows("monthly from hourly", GoldenDataset.expectedMonth(), out);
    }

    /** Rows in the same (vCenter, VM key) order as the input, which is what writers and readers expect. */
    private static void assertKeyOrder(List<VmSummary> rows) {
        List<String> keys = rows.stream().map(r -> r.vcenter() + "/" + r.vmKey()).toList();
        assertEquals(keys.stream().sorted().toList(), keys);
    }

    static List<VmSummary> daily(TimeWindow day) {
        return daily(day, GoldenDataset.hourlyRows(), GoldenDataset.lifecycle());
    }

    /** The day's rows from the dataset's rows {@code stored} so far and a lifecycle cache. */
    static List<VmSummary> daily(TimeWindow day, List<VmSample> stored, List<LifecycleEntry> lifecycle) {
        List<VmSummary> out = new ArrayList<>();
        DailyAggregator agg = new DailyAggregator(day, PoolTiers.defaults(), contexts(day, stored, lifecycle), out::add);
        stored.stream().filter(s -> day.contains(s.snapshotTime())).forEach(agg);
        long emitted = agg.finish();
        assertEquals(out.size(), emitted);
        assertKeyOrder(out);
        return out;
    }

    /**
     * The vCenter contexts of a period as the stores would give them when they hold {@code stored} rows:
     * the period's snapshots, the first one after it with its VM keys, and the lifecycle entries.
     */
    static Function<String, VcenterContext> contexts(TimeWindow window, List<VmSample> stored,
                                                     List<LifecycleEntry> lifecycleEntries) {
        long last = stored.stream().mapToLong(VmSample::snapshotTime).max().orElseThrow();
        Map<String, List<Long>> times = GoldenDataset.snapshotTimes();
        Map<String, Map<String, LifecycleEntry>> lifecycle = lifecycleEntries.stream()
                .collect(Collectors.groupingBy(LifecycleEntry::vcenter,
                        Collectors.toMap(LifecycleEntry::vmKey, e -> e)));
        return v -> {
            long next = times.get(v).stream().filter(t -> t >= window.end() && t <= last).findFirst().orElse(-1L);
            return new VcenterContext(
                    VcenterSnapshots.of(v, times.get(v).stream().filter(window::contains).toList()),
                    lifecycle.getOrDefault(v, Map.of()),
                    next < 0 ? NextSnapshot.NONE : NextSnapshot.of(next, () -> stored.stream()
                            .filter(s -> s.vcenter().equals(v) && s.snapshotTime() == next).map(VmSample::key).toList()));
        };
    }

    static List<VmSample> rowsIn(TimeWindow w) {
        return GoldenDataset.hourlyRows().stream().filter(s -> w.contains(s.snapshotTime())).toList();
    }
}
