package io.vmledger.web.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Problem;
import io.vmledger.web.query.VcenterService;
import io.vmledger.web.http.QueryParams;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/vcenters} (configured vCenters with their latest totals and last capture) and
 * {@code GET /api/vcenters/{vcenter}/totals} (the totals series of one vCenter).
 */
public final class VcentersApi implements HttpService {
    public static final String PREFIX = "/api/vcenters";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int TOTALS_DEFAULT_LIMIT = 1000;
    static final int TOTALS_MAX_LIMIT = 10_000;

    private static final Set<String> LIST_PARAMS = Set.of("limit", "offset");
    private static final Set<String> TOTALS_PARAMS = Set.of("granularity", "from", "to", "limit", "offset");

    private final VcenterService vcenters;
    private final ZoneId zone;
    private final RouteTable routes;

    public VcentersApi(VcenterService vcenters, ZoneId zone, RouteTable routes) {
        this.vcenters = vcenters;
        this.zone = zone;
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        routes.get(rules, PREFIX, "/", this::list);
        routes.get(rules, PREFIX, "/{vcenter}/totals", this::totals);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ApiParams q = ApiParams.of(req, zone, LIST_PARAMS);
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        long offset = q.offset();
        PageView<String> page = PageView.slice(vcenters.known(), limit, offset);
        List<VcenterView> items = vcenters.overview(page.items()).stream()
                .map(o -> new VcenterView(o.vcenter(), o.configured(),
                        o.latest() == null ? null : TotalsView.of(o.latest()),
                        o.lastCapture() == null ? null : CaptureView.of(o.lastCapture())))
                .toList();
        SnapshotsApi.sendJson(res, new PageView<>(items, page.total(), limit, offset));
    }

    private void totals(ServerRequest req, ServerResponse res) {
        String vcenter = req.path().pathParameters().get("vcenter");
        if (QueryParams.hasControlCharacter(vcenter)) {
            throw new BadRequestException("vcenter", "path segment 'vcenter' must not contain control characters");
        }
        ApiParams q = ApiParams.of(req, zone, TOTALS_PARAMS);
        Granularity granularity = q.choice("granularity", Granularity::fromWire).orElse(Granularity.HOURLY);
        TimeWindow window = q.window();
        int limit = q.limit(TOTALS_DEFAULT_LIMIT, TOTALS_MAX_LIMIT);
        long offset = q.offset();
        if (!vcenters.isKnown(vcenter)) {
            Problem.of(Status.NOT_FOUND_404, "unknown vCenter '" + ApiParams.truncate(vcenter)
                    + "' (GET /api/vcenters lists them)").send(res);
            return;
        }
        List<?> rows = granularity == Granularity.HOURLY
                ? vcenters.hourly(vcenter, window).stream().map(TotalsView::of).toList()
                : vcenters.aggregates(vcenter, granularity, window).stream().map(AggregateView::of).toList();
        PageView<?> page = PageView.slice(rows, limit, offset);
        SnapshotsApi.sendJson(res, new TotalsPage(vcenter, granularity.wire(), page.items(), page.total(), limit, offset));
    }

    /** One vCenter of the listing. */
    public record VcenterView(String vcenter, boolean configured, TotalsView latest, CaptureView lastCapture) {
    }

    /** The last capture job of a vCenter. */
    public record CaptureView(long jobId, String status, String startedAt, String endedAt, Long durationMillis,
                              long rows, String detail) {
        static CaptureView of(JobRun r) {
            return new CaptureView(r.id(), r.status().wire(), JobsApi.isoMillis(r.startedAt()),
                    r.endedAt() == null ? null : JobsApi.isoMillis(r.endedAt()), r.durationMillis(), r.rows(), r.detail());
        }
    }

    /** A {@code vcenter_totals} row (semantics section 6). */
    public record TotalsView(
            @JsonProperty("SnapshotTime") long snapshotTime,
            @JsonProperty("SnapshotTimeIso") String snapshotTimeIso,
            @JsonProperty("VmCount") int vmCount,
            @JsonProperty("PoweredOnCount") int poweredOnCount,
            @JsonProperty("VcpuTotal") long vcpuTotal,
            @JsonProperty("RamTotalGB") double ramTotalGb,
            @JsonProperty("DiskTotalGB") double diskTotalGb) {
        static TotalsView of(VcenterTotals t) {
            return new TotalsView(t.snapshotTime(), QueryParams.iso(t.snapshotTime()), t.vmCount(), t.poweredOnCount(),
                    t.vcpuTotal(), t.ramTotalGb(), t.diskTotalGb());
        }
    }

    /** A {@code vcenter_aggregate_totals} row (semantics section 6). */
    public record AggregateView(
            @JsonProperty("PeriodStart") long periodStart,
            @JsonProperty("PeriodStartIso") String periodStartIso,
            @JsonProperty("SnapshotCount") int snapshotCount,
            @JsonProperty("AvgVmCount") double avgVmCount,
            @JsonProperty("AvgPoweredOnCount") double avgPoweredOnCount,
            @JsonProperty("AvgVcpuTotal") double avgVcpuTotal,
            @JsonProperty("AvgRamTotalGB") double avgRamTotalGb,
            @JsonProperty("AvgDiskTotalGB") double avgDiskTotalGb,
            @JsonProperty("MaxVmCount") int maxVmCount) {
        static AggregateView of(AggregateTotals a) {
            return new AggregateView(a.periodStart(), QueryParams.iso(a.periodStart()), a.snapshotCount(), a.avgVmCount(),
                    a.avgPoweredOnCount(), a.avgVcpuTotal(), a.avgRamTotalGb(), a.avgDiskTotalGb(), a.maxVmCount());
        }
    }

    /** A page of one vCenter's totals series. */
    public record TotalsPage(String vcenter, String granularity, List<?> items, long total, int limit, long offset) {
    }
}
