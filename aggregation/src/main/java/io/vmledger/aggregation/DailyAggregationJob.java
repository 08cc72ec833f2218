package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.JobRecorder;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.SqlAggregation;
import io.vmledger.storage.spi.Storage;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Daily aggregation of one day (semantics section 4): computes the VM rows by the chosen path and
 * writes {@code vm_daily_rollup}, {@code inventory_daily_summary_YYYYMMDD} (compatibility mode), the
 * {@code snapshot_registry} daily record and the day's {@code vcenter_aggregate_totals} rows in one
 * transaction, so a re-run replaces the day's outputs. Each run is recorded as a job run.
 *
 * <p>The Java and SQL paths read {@code vm_hourly_stats} (plus the lifecycle cache); only the legacy
 * path reads the day's {@code inventory_hourly_*} tables.
 */
public final class DailyAggregationJob {
    public static final String JOB_TYPE = "daily-aggregation";
    private static final System.Logger LOG = System.getLogger(DailyAggregationJob.class.getName());

    private final Storage storage;
    private final Settings settings;
    private final ReportCalendar calendar;
    private final Clock clock;
    private final AggregationHandoff handoff;

    /** A job whose committed periods are handed to report generation through {@code handoff}. */
    public DailyAggregationJob(Storage storage, Settings settings, Clock clock, AggregationHandoff handoff) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calendar = settings.calendar();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
    }

    public DailyAggregationJob(Storage storage, Settings settings, Clock clock) {
        this(storage, settings, clock, AggregationHandoff.NONE);
    }

    public DailyAggregationJob(Storage storage, Settings settings) {
        this(storage, settings, Clock.systemUTC());
    }

    /**
     * Aggregates {@code day} by {@code path} and writes all its outputs in one transaction.
     *
     * @throws AggregationException when the day has no input for the path or the path is unavailable;
     *                              nothing is written then
     */
    public AggregationResult run(LocalDate day, AggregationPath path) {
        return run(day, path, false);
    }

    /**
     * Aggregates {@code day} by the path {@code settings.aggregation_path} gives ({@link AggregationPaths}),
     * as scheduled runs and manual runs that name no path do. When that is the SQL path and it fails, the
     * Java path does the run and the job run records the fallback.
     */
    public AggregationResult runConfigured(LocalDate day) {
        return run(day, AggregationPaths.configured(settings, storage), true);
    }

    private AggregationResult run(LocalDate day, AggregationPath path, boolean fallback) {
        AggregationResult result = JobRecorder.run(storage.jobs(), clock::millis, JOB_TYPE, day.toString(), () -> {
            requireInput(day, path);
            return fallback ? AggregationPaths.withFallback(JOB_TYPE + " " + day, path, p -> write(day, p))
                    : write(day, path);
        }, r -> new JobRecorder.Outcome(r.rows(), r.describe()));
        AggregationHandoff.safely(JOB_TYPE + " " + day, () -> handoff.dayAggregated(day));
        return result;
    }

    /** Whether {@code day} has input for {@code path} (hourly snapshots, or hourly tables for the legacy path). */
    public boolean hasInput(LocalDate day, AggregationPath path) {
        TimeWindow w = calendar.day(day);
        if (path == AggregationPath.LEGACY) {
            return !storage.compatibility().hourlyTableTimes(w).isEmpty();
        }
        return !vcentersWithSnapshots(w).isEmpty();
    }

    /**
     * Computes the day's rows by {@code path} without writing anything (benchmarks, parity checks).
     *
     * @return rows emitted to {@code sink}
     */
    public long compute(LocalDate day, AggregationPath path, Consumer<VmSummary> sink) {
        TimeWindow w = calendar.day(day);
        long[] rows = {0};
        Consumer<VmSummary> counting = s -> {
            rows[0]++;
            sink.accept(s);
        };
        switch (path) {
            case JAVA -> {
                DailyAggregator aggregator = new DailyAggregator(w, settings.poolTiers(),
                        v -> VcenterContext.read(storage, v, w), counting);
                storage.hourly().forEachOrdered(w, aggregator);
                aggregator.finish();
            }
            case SQL -> sql(path).dailyCanonical(w, settings.poolTiers(), counting);
            case LEGACY -> sql(path).dailyLegacyUnion(w, settings.poolTiers(), counting);
        }
        return rows[0];
    }

    private AggregationResult write(LocalDate day, AggregationPath path) {
        long t0 = System.nanoTime();
        TimeWindow w = calendar.day(day);
        List<AggregateTotals> totals = dailyTotals(w);
        long t1 = System.nanoTime();
        boolean compat = settings.snapshotTableCompatMode();
        long rows;
        long t2;
        try (PeriodWriter out = storage.rollups().beginDaily(day, w.start(), compat)) {
            long computed = compute(day, path, out::add);
            t2 = System.nanoTime();
            totals.forEach(out::addTotals);
            out.register(new SnapshotRecord(Granularity.DAILY, w.start(), SnapshotRecord.ALL_VCENTERS, computed,
                    compat ? storage.rollups().dailySummaryTableName(day) : null));
            rows = out.commit();
        }
        long t3 = System.nanoTime();
        AggregationResult result = new AggregationResult(Granularity.DAILY, day.toString(), path, source(path), rows,
                totals.size(), (t3 - t0) / 1_000_000);
        LOG.log(System.Logger.Level.INFO, "daily {0} path={1}: totals read {2} ms ({3} vCenters); rows computed and"
                        + " written {4} ms ({5} rows); commit {6} ms; total {7} ms", day, path.wire(),
                (t1 - t0) / 1_000_000, totals.size(), (t2 - t1) / 1_000_000, rows, (t3 - t2) / 1_000_000,
                result.millis());
        return result;
    }

    private void requireInput(LocalDate day, AggregationPath path) {
        if (!hasInput(day, path)) {
            throw new AggregationException("no hourly " + (path == AggregationPath.LEGACY ? "tables" : "snapshots")
                    + " in " + day + " (" + settings.reportTimeZone() + "); nothing to aggregate");
        }
    }

    /** The day's {@code vcenter_aggregate_totals}: the mean of each vCenter's {@code vcenter_totals} (section 6). */
    private List<AggregateTotals> dailyTotals(TimeWindow w) {
        List<AggregateTotals> out = new ArrayList<>();
        for (String v : storage.hourly().vcenters()) {
            List<VcenterTotals> series = storage.totals().series(v, w);
            if (!series.isEmpty()) {
                out.add(AggregateTotals.of(v, Granularity.DAILY, w.start(), series));
            }
        }
        return out;
    }

    private List<String> vcentersWithSnapshots(TimeWindow w) {
        List<String> out = new ArrayList<>();
        for (String v : storage.hourly().vcenters()) {
            if (!storage.hourly().snapshotTimes(v, w).isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    private SqlAggregation sql(AggregationPath path) {
        return storage.sqlAggregation().orElseThrow(() -> new AggregationException("the " + storage.providerName()
                + " storage plugin has no SQL aggregation, so path " + path.wire() + " is unavailable; use java"));
    }

    static String source(AggregationPath path) {
        return path == AggregationPath.LEGACY ? "inventory_hourly_*" : "vm_hourly_stats";
    }
}
