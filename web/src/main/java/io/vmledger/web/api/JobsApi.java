package io.vmledger.web.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.JobRun;
import io.vmledger.api.Page;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Problem;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code GET /api/jobs} (recent job runs, newest first) and {@code GET /api/jobs/{id}} (one run). */
public final class JobsApi implements HttpService {
    public static final String PREFIX = "/api/jobs";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> LIST_PARAMS = Set.of("type", "limit", "offset");

    private final JobRunStore jobs;
    private final ZoneId zone;
    private final RouteTable routes;

    public JobsApi(JobRunStore jobs, ZoneId zone, RouteTable routes) {
        this.jobs = jobs;
        this.zone = zone;
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        routes.get(rules, PREFIX, "/", this::list);
        routes.get(rules, PREFIX, "/{id}", this::one);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ApiParams q = ApiParams.of(req, zone, LIST_PARAMS);
        String type = q.text("type").orElse(null);
        if (type != null && !type.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new BadRequestException("type", "parameter 'type' must be a job type such as capture, "
                    + "aggregate-daily or repair (lower-case letters, digits and dashes)");
        }
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        long offset = q.offset();
        Page<JobRun> page = jobs.recent(type, limit, offset);
        List<JobView> items = page.items().stream().map(JobView::of).toList();
        SnapshotsApi.sendJson(res, new PageView<>(items, page.total(), limit, offset));
    }

    private void one(ServerRequest req, ServerResponse res) {
        ApiParams.of(req, zone, Set.of());
        long id = parseId(req.path().pathParameters().get("id"));
        Optional<JobRun> run = jobs.get(id);
        if (run.isEmpty()) {
            Problem.of(Status.NOT_FOUND_404, "no job run " + id).send(res);
            return;
        }
        SnapshotsApi.sendJson(res, JobView.of(run.get()));
    }

    static long parseId(String raw) {
        if (raw == null || !raw.matches("\\d{1,18}")) {
            throw new BadRequestException("id", "the job id must be a positive integer, got '"
                    + ApiParams.truncate(String.valueOf(raw)) + "'");
        }
        return Long.parseLong(raw);
    }

    static String isoMillis(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** One job run as the API shows it. */
    public record JobView(long id, String type, String target, String status, long startedAt, String startedAtIso,
                          Long endedAt, String endedAtIso, Long durationMillis, long rows, String detail,
                          String instance) {
        public static JobView of(JobRun r) {
            return new JobView(r.id(), r.type(), r.target(), r.status().wire(), r.startedAt(), isoMillis(r.startedAt()),
                    r.endedAt(), r.endedAt() == null ? null : isoMillis(r.endedAt()), r.durationMillis(), r.rows(),
                    r.detail(), r.instance());
        }
    }
}
