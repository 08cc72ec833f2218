package io.vmledger.web.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.AggregationPath;
import io.vmledger.api.JobRun;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.web.api.ops.AdminOperations;
import io.vmledger.maintenance.Operations;
import io.vmledger.web.auth.BearerTokenFilter;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Problem;
import io.vmledger.web.http.QueryParams;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Optional;
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
 * {@code 200} with the finished run when it ends in time. The checks and the queue are
 * {@link AdminOperations}, which the UI's admin forms use too.
 */
public final class OperationsApi implements HttpService {
    static final int MAX_WAIT_SECONDS = 300;

    private final AdminOperations operations;
    private final RouteTable routes;

    /** @param operations shared with the UI's admin forms: one queue; closed when this service stops */
    public OperationsApi(AdminOperations operations, RouteTable routes) {
        this.operations = operations;
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
        Optional<AggregationPath> path = body.string("path").map(p -> parse("path", () -> AggregationPath.parse(p)));
        String caller = BearerTokenFilter.caller(req).label();
        switch (type) {
            case "daily" -> {
                if (body.string("month").isPresent() || body.string("source").isPresent()) {
                    throw new BadRequestException("month", "a daily aggregation takes 'date' (and optionally 'path'), "
                            + "not 'month' or 'source'");
                }
                LocalDate day = SnapshotsApi.parseDay(body.required("date", "the day as YYYY-MM-DD"));
                submit(res, wait, () -> operations.aggregateDaily(day, path, caller));
            }
            case "monthly" -> {
                String raw = body.string("month").or(() -> body.string("date"))
                        .orElseThrow(() -> new BadRequestException("month", "field 'month' is required: the month as YYYY-MM"));
                YearMonth month = SnapshotsApi.parseMonth(raw);
                MonthlyGranularity source = body.string("source").map(OperationsApi::monthlySource)
                        .orElse(operations.defaultMonthlySource());
                submit(res, wait, () -> operations.aggregateMonthly(month, path, source, caller));
            }
            default -> throw new BadRequestException("type", "field 'type' must be daily or monthly, got '"
                    + ApiParams.truncate(type) + "'");
        }
    }

    private void repair(ServerRequest req, ServerResponse res) {
        int wait = waitSeconds(req);
        JsonBody body = JsonBody.read(req, Set.of("date"));
        LocalDate day = SnapshotsApi.parseDay(body.required("date", "the day to repair as YYYY-MM-DD"));
        submit(res, wait, () -> operations.repairDay(day, BearerTokenFilter.caller(req).label()));
    }

    private void repairAll(ServerRequest req, ServerResponse res) {
        int wait = waitSeconds(req);
        JsonBody.read(req, Set.of());
        submit(res, wait, () -> operations.repairAll(BearerTokenFilter.caller(req).label()));
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
            LocalDate day = operations.notFuture(SnapshotsApi.parseDay(body.string("date").get()));
            window = operations.calendar().day(day);
            target = day.toString();
        } else {
            String from = body.string("from").orElseThrow(() -> new BadRequestException("from",
                    "give 'date' (YYYY-MM-DD) or 'from' and 'to' (epoch seconds or ISO-8601; 'to' exclusive)"));
            String to = body.string("to").orElseThrow(() -> new BadRequestException("to",
                    "field 'to' is required with 'from' (epoch seconds or ISO-8601, exclusive)"));
            long start = QueryParams.parseTime("from", from, operations.calendar().zone());
            long end = QueryParams.parseTime("to", to, operations.calendar().zone());
            if (end <= start) {
                throw new BadRequestException("to", "'to' must be after 'from'");
            }
            window = new TimeWindow(start, end);
            target = QueryParams.iso(start) + ".." + QueryParams.iso(end);
        }
        submit(res, wait, () -> operations.regenerateHourlyReports(window, target, BearerTokenFilter.caller(req).label()));
    }

    private void rebuildCache(ServerRequest req, ServerResponse res) {
        int wait = waitSeconds(req);
        JsonBody.read(req, Set.of());
        submit(res, wait, () -> operations.rebuildTotals(BearerTokenFilter.caller(req).label()));
    }

    private void submit(ServerResponse res, int wait, Supplier<Operations.Submitted> request) {
        Operations.Submitted s;
        try {
            s = request.get();
        } catch (AdminOperations.NothingToDo e) {
            Problem.of(Status.NOT_FOUND_404, e.getMessage()).send(res);
            return;
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
