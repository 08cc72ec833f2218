package io.vmledger.web.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.aggregation.AggregationPath;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.JobRun;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.api.TimeWindow;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.web.app.ReportWiring;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.api.ops.OperationResult;
import io.vmledger.web.api.ops.Operations;
import io.vmledger.web.api.ops.SnapshotRepair;
import io.vmledger.web.api.ops.TotalsCacheRebuild;
import io.vmledger.web.auth.BearerTokenFilter;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Problem;
import io.vmledger.web.http.QueryParams;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The operational endpoints (admin only, enforced by {@link BearerTokenFilter} for every POST):
 * <ul>
 *   <li>{@code POST /api/snapshots/aggregate}: daily or monthly aggregation of one period;</li>
 *   <li>{@code POST /api/snapshots/repair} (one day) and {@code /api/snapshots/repair/all};</li>
 *   <li>{@code POST /api/snapshots/regenerate-hourly-reports}: the hourly XLSX reports of a time range;</li>
 *   <li>{@code POST /api/vcenters/cache/rebuild}: the vCenter totals caches (then the summary reports,
 *       whose totals sheets show them).</li>
 * </ul>
 * Each call is recorded as a job run and answers {@code 202 Accepted} with its id and a
 * {@code Location: /api/jobs/{id}} to poll; {@code ?wait=N} waits up to N seconds and answers
 * {@code 200} with the finished run when it ends in time.
 */
public final class OperationsApi implements HttpService {
    public static final String TYPE_AGGREGATE = "aggregate";
    public static final String TYPE_REPAIR = "repair";
    public static final String TYPE_REPAIR_ALL = "repair-all";
    public static final String TYPE_REGENERATE_REPORTS = "regenerate-hourly-reports";
    public static final String TYPE_CACHE_REBUILD = "vcenter-cache-rebuild";
    static final int MAX_WAIT_SECONDS = 300;

    private final Storage storage;
    private final Settings settings;
    private final Clock clock;
    private final Operations operations;
    private final RouteTable routes;
    private final ReportService reports;

    public OperationsApi(Storage storage, Settings settings, ReportService reports, Clock clock, RouteTable routes) {
        this.storage = storage;
        this.settings = settings;
        this.reports = reports;
        this.clock = clock;
        this.operations = new Operations(storage.jobs(), clock);
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        // mounted at "/api": the paths below sit under two prefixes
        routes.post(rules, "/api", "/snapshots/aggregate", this::aggregate);
        routes.post(rules, "/api", "/snapshots/repair", this::repair);
        routes.post(rules, "/api", "/snapshots/repair/all", this::repairAll);
        routes.post(rules, "/api", "/snapshots/regenerate-hourly-reports", this::regenerateReports);
        routes.post(rules, "/api", "/vcenters/cache/rebuild", this::rebuildCache);
    }

    @Override
    public void afterStop() {
        operations.close();
    }

    private void aggregate(ServerRequest req, ServerResponse res) {
        int wait = waitSeconds(req);
        JsonBody body = JsonBody.read(req, Set.of("type", "date", "month", "path", "source"));
        String type = body.required("type", "daily or monthly").toLowerCase(Locale.ROOT);
        AggregationPath path = body.string("path").map(p -> parse("path", () -> AggregationPath.parse(p)))
                .orElse(AggregationPath.of(settings.aggregationPath()));
        if (path != AggregationPath.JAVA && storage.sqlAggregation().isEmpty()) {
            throw new BadRequestException("path", "the " + storage.providerName()
                    + " storage plugin has no SQL aggregation; use path java");
        }
        switch (type) {
            case "daily" -> {
                if (body.string("month").isPresent() || body.string("source").isPresent()) {
                    throw new BadRequestException("month", "a daily aggregation takes 'date' (and optionally 'path'), "
                            + "not 'month' or 'source'");
                }
                LocalDate day = notFuture(SnapshotsApi.parseDay(body.required("date", "the day as YYYY-MM-DD")));
                DailyAggregationJob job = new DailyAggregationJob(storage, settings, clock,
                        ReportWiring.aggregation(reports));
                if (!job.hasInput(day, path)) {
                    Problem.of(Status.NOT_FOUND_404, "no hourly " + (path == AggregationPath.LEGACY ? "tables"
                            : "snapshots") + " on " + day + " (" + settings.reportTimeZone()
                            + "); nothing to aggregate").send(res);
                    return;
                }
                submit(req, res, wait, TYPE_AGGREGATE, "daily " + day,
                        () -> result(job.run(day, path).rows(), "daily-aggregation " + day + " path=" + path.wire()));
            }
            case "monthly" -> {
                if (path == AggregationPath.LEGACY) {
                    throw new BadRequestException("path", "the legacy path aggregates days only; use java or sql");
                }
                String raw = body.string("month").or(() -> body.string("date"))
                        .orElseThrow(() -> new BadRequestException("month", "field 'month' is required: the month as YYYY-MM"));
                YearMonth month = SnapshotsApi.parseMonth(raw);
                if (month.isAfter(YearMonth.from(LocalDate.now(clock.withZone(settings.reportTimeZone()))))) {
                    throw new BadRequestException("month", "month " + month + " is in the future");
                }
                MonthlyGranularity source = body.string("source").map(OperationsApi::monthlySource)
                        .orElse(settings.monthlyAggregationGranularity());
                MonthlyAggregationJob job = new MonthlyAggregationJob(storage, settings, clock,
                        ReportWiring.aggregation(reports));
                if (!job.hasInput(month, source)) {
                    Problem.of(Status.NOT_FOUND_404, source == MonthlyGranularity.DAILY
                            ? "no daily rollups in " + month + "; aggregate its days first"
                            : "no hourly snapshots in " + month + "; nothing to aggregate").send(res);
                    return;
                }
                submit(req, res, wait, TYPE_AGGREGATE, "monthly " + month, () -> result(
                        job.run(month, path, source).rows(), "monthly-aggregation " + month + " path=" + path.wire()
                                + " source=" + source.name().toLowerCase(Locale.ROOT)));
            }
            default -> throw new BadRequestException("type", "field 'type' must be daily or monthly, got '"
                    + ApiParams.truncate(type) + "'");
        }
    }

    private void repair(ServerRequest req, ServerResponse res) {
        int wait = waitSeconds(req);
        JsonBody body = JsonBody.read(req, Set.of("date"));
        LocalDate day = notFuture(SnapshotsApi.parseDay(body.required("date", "the day to repair as YYYY-MM-DD")));
        SnapshotRepair repair = new SnapshotRepair(storage, settings, clock, reports);
        if (!repair.hasHourlyRows(day)) {
            Problem.of(Status.NOT_FOUND_404, "no hourly rows on " + day + " (" + settings.reportTimeZone()
                    + "); nothing to repair from").send(res);
            return;
        }
        submit(req, res, wait, TYPE_REPAIR, day.toString(), () -> repair.repairDay(day));
    }

    private void repairAll(ServerRequest req, ServerResponse res) {
        int wait = waitSeconds(req);
        JsonBody.read(req, Set.of());
        SnapshotRepair repair = new SnapshotRepair(storage, settings, clock, reports);
        submit(req, res, wait, TYPE_REPAIR_ALL, "all", repair::repairAll);
    }

    /**
     * Regenerates the hourly reports of the snapshots in {@code [from, to)}, or of one {@code date}, from
     * the canonical tables, as one job run.
     */
    private void regenerateReports(ServerRequest req, ServerResponse res) {
        int wait = waitSeconds(req);
        JsonBody body = JsonBody.read(req, Set.of("date", "from", "to"));
        TimeWindow window;
        String target;
        if (body.string("date").isPresent()) {
            if (body.string("from").isPresent() || body.string("to").isPresent()) {
                throw new BadRequestException("date", "give either 'date' or 'from' and 'to', not both");
            }
            LocalDate day = notFuture(SnapshotsApi.parseDay(body.string("date").get()));
            window = settings.calendar().day(day);
            target = day.toString();
        } else {
            String from = body.string("from").orElseThrow(() -> new BadRequestException("from",
                    "give 'date' (YYYY-MM-DD) or 'from' and 'to' (epoch seconds or ISO-8601; 'to' exclusive)"));
            String to = body.string("to").orElseThrow(() -> new BadRequestException("to",
                    "field 'to' is required with 'from' (epoch seconds or ISO-8601, exclusive)"));
            long start = QueryParams.parseTime("from", from, settings.reportTimeZone());
            long end = QueryParams.parseTime("to", to, settings.reportTimeZone());
            if (end <= start) {
                throw new BadRequestException("to", "'to' must be after 'from'");
            }
            window = new TimeWindow(start, end);
            target = QueryParams.iso(start) + ".." + QueryParams.iso(end);
        }
        List<ReportId> ids = reports.hourlyReports(window);
        if (ids.isEmpty()) {
            Problem.of(Status.NOT_FOUND_404, "no hourly snapshots in " + target + "; nothing to regenerate").send(res);
            return;
        }
        submit(req, res, wait, TYPE_REGENERATE_REPORTS, target, () -> {
            ReportService.Regeneration r = reports.regenerate(ids);
            if (!r.failures().isEmpty() && r.generated() == 0) {
                throw new IllegalStateException(r.describe());
            }
            return result(r.rows(), "hourly reports " + target + ": " + r.describe());
        });
    }

    private void rebuildCache(ServerRequest req, ServerResponse res) {
        int wait = waitSeconds(req);
        JsonBody.read(req, Set.of());
        TotalsCacheRebuild rebuild = new TotalsCacheRebuild(storage, settings.calendar());
        submit(req, res, wait, TYPE_CACHE_REBUILD, "all", () -> rebuild.rebuildWithReports(reports));
    }

    private void submit(ServerRequest req, ServerResponse res, int wait, String type, String target,
                        Supplier<OperationResult> work) {
        Operations.Submitted s;
        try {
            s = operations.submit(type, target, BearerTokenFilter.caller(req).label(), work);
        } catch (Operations.Busy e) {
            Problem.of(Status.SERVICE_UNAVAILABLE_503, e.getMessage()).send(res);
            return;
        }
        JobRun done = s.await(wait);
        if (done != null) {
            SnapshotsApi.sendJson(res, JobsApi.JobView.of(done));
            return;
        }
        res.status(Status.ACCEPTED_202);
        res.header(HeaderNames.LOCATION, JobsApi.PREFIX + "/" + s.jobId());
        SnapshotsApi.sendJson(res, new Accepted(s.jobId(), "running", JobsApi.PREFIX + "/" + s.jobId()));
    }

    private static OperationResult result(long rows, String detail) {
        return new OperationResult(rows, detail);
    }

    private LocalDate notFuture(LocalDate day) {
        if (day.isAfter(LocalDate.now(clock.withZone(settings.reportTimeZone())))) {
            throw new BadRequestException("date", "date " + day + " is in the future");
        }
        return day;
    }

    private static MonthlyGranularity monthlySource(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "daily" -> MonthlyGranularity.DAILY;
            case "hourly" -> MonthlyGranularity.HOURLY;
            default -> throw new BadRequestException("source", "field 'source' must be daily or hourly, got '"
                    + ApiParams.truncate(s) + "'");
        };
    }

    private static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field, "field '" + field + "': " + e.getMessage());
        }
    }

    private static int waitSeconds(ServerRequest req) {
        ApiParams q = ApiParams.of(req, java.time.ZoneOffset.UTC, Set.of("wait"));
        return q.integer("wait", 0, 0, MAX_WAIT_SECONDS);
    }

    /** The answer to an operation still running: its job id and where to poll it. */
    public record Accepted(long jobId, String status, String href) {
    }
}
