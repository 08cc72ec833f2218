package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.storage.spi.JobRecorder;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.SqlAggregation;
import io.vmledger.storage.spi.Storage;

import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Monthly aggregation of one month (semantics section 5): computes the VM rows from the month's
 * {@code vm_daily_rollup} rows (the scheduled input) or, for manual rebuilds and validation, straight
 * from its {@code vm_hourly_stats} rows; writes {@code inventory_monthly_summary_YYYYMM}, the registry
 * monthly record and the month's {@code vcenter_aggregate_totals} rows in one transaction. Each run is
 * recorded as a job run.
 */
public final class MonthlyAggregationJob {
    public static final String JOB_TYPE = "monthly-aggregation";
    private static final System.Logger LOG = System.getLogger(MonthlyAggregationJob.class.getName());

    private final Storage storage;
    private final Settings settings;
    private final ReportCalendar calendar;
    private final Clock clock;
    private final AggregationHandoff handoff;

    /** A job whose committed periods are handed to report generation through {@code handoff}. */
    public MonthlyAggregationJob(Storage storage, Settings settings, Clock clock, AggregationHandoff handoff) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calendar = settings.calendar();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
    }

    public MonthlyAggregationJob(Storage storage, Settings settings, Clock clock) {
        this(storage, settings, clock, AggregationHandoff.NONE);
    }

    public MonthlyAggregationJob(Storage storage, Settings settings) {
        this(storage, settings, Clock.systemUTC());
    }

    /**
     * Aggregates {@code month} by {@code path} from {@code source} and writes all its outputs in one transaction.
     *
     * @throws AggregationException when the month has no input or the path is unavailable; nothing is written then
     */
    public AggregationResult run(YearMonth month, AggregationPath path, MonthlyGranularity source) {
        return run(month, path, source, false);
    }

    /**
     * Aggregates {@code month} from {@code source} by the path {@code settings.aggregation_path} gives
     * ({@link AggregationPaths}), as scheduled runs and manual runs that name no path do. When that is the SQL
     * path and it fails, the Java path does the run and the job run records the fallback.
     */
    public AggregationResult runConfigured(YearMonth month, MonthlyGranularity source) {
        return run(month, AggregationPaths.configured(settings, storage), source, true);
    }

    private AggregationResult run(YearMonth month, AggregationPath path, MonthlyGranularity source, boolean fallback) {
        AggregationResult result = JobRecorder.run(storage.jobs(), clock::millis, JOB_TYPE, month.toString(), () -> {
            requireInput(month, path, source);
            return fallback ? AggregationPaths.withFallback(JOB_TYPE + " " + month, path, p -> write(month, p, source))
                    : write(month, path, source);
        }, r -> new JobRecorder.Outcome(r.rows(), r.describe()));
        AggregationHandoff.safely(JOB_TYPE + " " + month, () -> handoff.monthAggregated(month));
        return result;
    }

    /** Whether the month has input: daily rollups, or hourly snapshots for the hourly source. */
    public boolean hasInput(YearMonth month, MonthlyGranularity source) {
        TimeWindow w = calendar.month(month);
        if (source == MonthlyGranularity.DAILY) {
            return !storage.rollups().dailyRollupDays(w).isEmpty();
        }
        for (String v : storage.hourly().vcenters()) {
            if (!storage.hourly().snapshotTimes(v, w).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Computes the month's rows without writing anything (benchmarks, validation).
     *
     * @return rows emitted to {@code sink}
     */
    public long compute(YearMonth month, AggregationPath path, MonthlyGranularity source, Consumer<VmSummary> sink) {
        TimeWindow w = calendar.month(month);
        long[] rows = {0};
        Consumer<VmSummary> counting = s -> {
            rows[0]++;
            sink.accept(s);
        };
        List<TimeWindow> days = calendar.daysOf(month).stream().map(calendar::day).toList();
        switch (path) {
            case JAVA -> {
                if (source == MonthlyGranularity.DAILY) {
                    MonthlyFromDailyAggregator aggregator = new MonthlyFromDailyAggregator(w,
                            storage.rollups().dailyRollupDays(w), counting);
                    storage.rollups().forEachDailyOrdered(w, aggregator);
                    aggregator.finish();
                } else {
                    MonthlyFromHourlyAggregator aggregator = new MonthlyFromHourlyAggregator(w, days,
                            settings.poolTiers(), v -> VcenterContext.read(storage, v, w), counting);
                    storage.hourly().forEachOrdered(w, aggregator);
                    aggregator.finish();
                }
            }
            case SQL -> {
                if (source == MonthlyGranularity.DAILY) {
                    sql().monthlyFromDaily(w, counting);
                } else {
                    sql().monthlyFromHourly(w, days, settings.poolTiers(), counting);
                }
            }
            case LEGACY -> throw new AggregationException(
                    "the legacy path aggregates days only; aggregate a month with path java or sql");
        }
        return rows[0];
    }

    private AggregationResult write(YearMonth month, AggregationPath path, MonthlyGranularity source) {
        long t0 = System.nanoTime();
        TimeWindow w = calendar.month(month);
        Set<String> vcenters = new TreeSet<>();
        long rows;
        long t1;
        List<AggregateTotals> totals;
        try (PeriodWriter out = storage.rollups().beginMonthly(month, w.start())) {
            long computed = compute(month, path, source, s -> {
                vcenters.add(s.vcenter());
                out.add(s);
            });
            t1 = System.nanoTime();
            totals = monthlyTotals(w, vcenters);
            totals.forEach(out::addTotals);
            out.register(new SnapshotRecord(Granularity.MONTHLY, w.start(), SnapshotRecord.ALL_VCENTERS, computed,
                    storage.rollups().monthlySummaryTableName(month)));
            rows = out.commit();
        }
        long t2 = System.nanoTime();
        AggregationResult result = new AggregationResult(Granularity.MONTHLY, month.toString(), path,
                source == MonthlyGranularity.DAILY ? "vm_daily_rollup" : "vm_hourly_stats", rows, totals.size(),
                (t2 - t0) / 1_000_000);
        LOG.log(System.Logger.Level.INFO, "monthly {0} path={1} source={2}: rows computed and written {3} ms ({4} rows);"
                        + " totals and commit {5} ms ({6} vCenters); total {7} ms", month, path.wire(), result.source(),
                (t1 - t0) / 1_000_000, rows, (t2 - t1) / 1_000_000, totals.size(), result.millis());
        return result;
    }

    private void requireInput(YearMonth month, AggregationPath path, MonthlyGranularity source) {
        if (path == AggregationPath.LEGACY) {
            throw new AggregationException("the legacy path aggregates days only; aggregate a month with path java or sql");
        }
        if (!hasInput(month, source)) {
            throw new AggregationException(source == MonthlyGranularity.DAILY
                    ? "no daily rollups in " + month + "; aggregate its days first"
                    : "no hourly snapshots in " + month + "; nothing to aggregate");
        }
    }

    /**
     * The month's {@code vcenter_aggregate_totals}: combined from the daily rows, which weights each day by
     * its snapshot count and so equals the mean over the month's snapshots.
     */
    private List<AggregateTotals> monthlyTotals(TimeWindow w, Set<String> fromRows) {
        Set<String> all = new TreeSet<>(fromRows);
        all.addAll(storage.hourly().vcenters());
        List<AggregateTotals> out = new ArrayList<>();
        for (String v : all) {
            List<AggregateTotals> days = storage.totals().aggregates(v, Granularity.DAILY, w);
            if (!days.isEmpty()) {
                out.add(AggregateTotals.combine(v, Granularity.MONTHLY, w.start(), days));
            }
        }
        return out;
    }

    private SqlAggregation sql() {
        return storage.sqlAggregation().orElseThrow(() -> new AggregationException("the " + storage.providerName()
                + " storage plugin has no SQL aggregation, so path sql is unavailable; use java"));
    }
}
