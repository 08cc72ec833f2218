package io.vmledger.web.api.ops;

import io.vmledger.aggregation.AggregationHandoff;
import io.vmledger.aggregation.AggregationResult;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.AggregationPath;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.maintenance.OperationResult;
import io.vmledger.maintenance.Operations;
import io.vmledger.maintenance.SnapshotRepair;
import io.vmledger.maintenance.TotalsCacheRebuild;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.http.BadRequestException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The operations an admin may ask for, from the API ({@code POST /api/...}) or from the UI's admin
 * forms alike: each request is checked here (no future period, something to work on), then queued on
 * the one {@link Operations} queue as a recorded job run.
 */
public final class AdminOperations implements AutoCloseable {
    public static final String TYPE_AGGREGATE = "aggregate";
    public static final String TYPE_REPAIR = "repair";
    public static final String TYPE_REPAIR_ALL = "repair-all";
    public static final String TYPE_REGENERATE_REPORTS = "regenerate-hourly-reports";
    public static final String TYPE_CACHE_REBUILD = "vcenter-cache-rebuild";

    private final Storage storage;
    private final Settings settings;
    private final ReportService reports;
    private final AggregationHandoff aggregated;
    private final Clock clock;
    private final Operations operations;

    /**
     * @param reports report generation: aggregations hand their periods to it, repairs and the totals
     *                rebuild regenerate the reports of what they rebuilt
     * @param aggregated what an aggregation hands its committed period to (the application: its report)
     */
    public AdminOperations(Storage storage, Settings settings, ReportService reports, AggregationHandoff aggregated,
                           Clock clock) {
        this.storage = storage;
        this.settings = settings;
        this.reports = reports;
        this.aggregated = aggregated;
        this.clock = clock;
        this.operations = new Operations(storage.jobs(), clock);
    }

    /** A valid request with nothing to work on (no input for the period); the API answers 404. */
    public static final class NothingToDo extends RuntimeException {
        NothingToDo(String message) {
            super(message);
        }
    }

    /** The input of monthly aggregation when a request names none: {@code settings.monthly_aggregation_granularity}. */
    public MonthlyGranularity defaultMonthlySource() {
        return settings.monthlyAggregationGranularity();
    }

    /** Days and months of the report time zone, as every operation counts them. */
    public ReportCalendar calendar() {
        return settings.calendar();
    }

    /**
     * Queues the daily aggregation of a day by {@code path}, or, when it is empty, by the path of
     * {@code settings.aggregation_path} (falling back to Java when the SQL path fails).
     *
     * @throws BadRequestException for a future day or a path the storage plugin lacks
     * @throws NothingToDo         when the day has no hourly input
     * @throws Operations.Busy     when the queue is full
     */
    public Operations.Submitted aggregateDaily(LocalDate day, Optional<AggregationPath> path, String caller) {
        path.ifPresent(this::checkPath);
        notFuture(day);
        DailyAggregationJob job = new DailyAggregationJob(storage, settings, clock, aggregated);
        AggregationPath input = path.orElse(AggregationPath.JAVA);
        if (!job.hasInput(day, input)) {
            throw new NothingToDo("no hourly " + (input == AggregationPath.LEGACY ? "tables" : "snapshots") + " on "
                    + day + " (" + settings.reportTimeZone() + "); nothing to aggregate");
        }
        return operations.submit(TYPE_AGGREGATE, "daily " + day, caller, () -> done(path.isPresent()
                ? job.run(day, path.get()) : job.runConfigured(day)));
    }

    /**
     * Queues the monthly aggregation of a month from its daily rollups or its hourly rows, by {@code path} or,
     * when it is empty, by the path of {@code settings.aggregation_path}.
     */
    public Operations.Submitted aggregateMonthly(YearMonth month, Optional<AggregationPath> path,
                                                 MonthlyGranularity source, String caller) {
        path.ifPresent(this::checkPath);
        if (path.orElse(AggregationPath.JAVA) == AggregationPath.LEGACY) {
            throw new BadRequestException("path", "the legacy path aggregates days only; use java or sql");
        }
        if (month.isAfter(YearMonth.from(today()))) {
            throw new BadRequestException("month", "month " + month + " is in the future");
        }
        MonthlyAggregationJob job = new MonthlyAggregationJob(storage, settings, clock, aggregated);
        if (!job.hasInput(month, source)) {
            throw new NothingToDo(source == MonthlyGranularity.DAILY
                    ? "no daily rollups in " + month + "; aggregate its days first"
                    : "no hourly snapshots in " + month + "; nothing to aggregate");
        }
        return operations.submit(TYPE_AGGREGATE, "monthly " + month, caller, () -> done(path.isPresent()
                ? job.run(month, path.get(), source) : job.runConfigured(month, source)));
    }

    /** An aggregation's job-run record: its rows and its one-line description (which names any fallback). */
    private static OperationResult done(AggregationResult r) {
        return new OperationResult(r.rows(), r.describe());
    }

    /** Queues the repair of one day from the canonical hourly rows. */
    public Operations.Submitted repairDay(LocalDate day, String caller) {
        notFuture(day);
        SnapshotRepair repair = new SnapshotRepair(storage, settings, clock, reports);
        if (!repair.hasHourlyRows(day)) {
            throw new NothingToDo("no hourly rows on " + day + " (" + settings.reportTimeZone()
                    + "); nothing to repair from");
        }
        return operations.submit(TYPE_REPAIR, day.toString(), caller, () -> repair.repairDay(day));
    }

    /** Queues the repair of every day and month with hourly rows. */
    public Operations.Submitted repairAll(String caller) {
        SnapshotRepair repair = new SnapshotRepair(storage, settings, clock, reports);
        return operations.submit(TYPE_REPAIR_ALL, "all", caller, repair::repairAll);
    }

    /** Queues the rebuild of the vCenter totals caches from the hourly rows, then of the summary reports. */
    public Operations.Submitted rebuildTotals(String caller) {
        TotalsCacheRebuild rebuild = new TotalsCacheRebuild(storage, settings.calendar());
        return operations.submit(TYPE_CACHE_REBUILD, "all", caller, () -> rebuild.rebuildWithReports(reports));
    }

    /**
     * Queues the regeneration of the hourly reports of the snapshots in a window, from the canonical tables.
     *
     * @param target how the job record names the window
     * @throws NothingToDo when the window holds no hourly snapshot
     */
    public Operations.Submitted regenerateHourlyReports(TimeWindow window, String target, String caller) {
        List<ReportId> ids = reports.hourlyReports(window);
        if (ids.isEmpty()) {
            throw new NothingToDo("no hourly snapshots in " + target + "; nothing to regenerate");
        }
        return operations.submit(TYPE_REGENERATE_REPORTS, target, caller, () -> {
            ReportService.Regeneration r = reports.regenerate(ids);
            if (!r.failures().isEmpty() && r.generated() == 0) {
                throw new IllegalStateException(r.describe());
            }
            return new OperationResult(r.rows(), "hourly reports " + target + ": " + r.describe());
        });
    }

    private void checkPath(AggregationPath path) {
        if (path != AggregationPath.JAVA && storage.sqlAggregation().isEmpty()) {
            throw new BadRequestException("path", "the " + storage.providerName()
                    + " storage plugin has no SQL aggregation; use path java");
        }
    }

    /** The day, when it is not in the future of the report time zone; else a 400 naming {@code date}. */
    public LocalDate notFuture(LocalDate day) {
        if (day.isAfter(today())) {
            throw new BadRequestException("date", "date " + day + " is in the future");
        }
        return day;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(settings.reportTimeZone()));
    }

    @Override
    public void close() {
        operations.close();
    }
}
