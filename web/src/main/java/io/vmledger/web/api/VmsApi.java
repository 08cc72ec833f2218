package io.vmledger.web.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.VmLookup;
import io.vmledger.web.query.TraceService;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Problem;
import io.vmledger.web.http.QueryParams;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/vms/trace}: one VM's hourly samples over time plus its lifecycle. The VM is named by
 * exactly one of {@code vm_id}, {@code vm_uuid} or {@code name}, optionally within one {@code vcenter};
 * when that matches several VMs the answer lists the candidates instead of guessing.
 */
public final class VmsApi implements HttpService {
    public static final String PREFIX = "/api/vms";
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    private static final Set<String> TRACE_PARAMS = Set.of("vm_id", "vm_uuid", "name", "vcenter", "from", "to",
            "limit", "offset");

    private final TraceService traces;
    private final ZoneId zone;
    private final RouteTable routes;

    public VmsApi(TraceService traces, ZoneId zone, RouteTable routes) {
        this.traces = traces;
        this.zone = zone;
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        routes.get(rules, PREFIX, "/trace", this::trace);
    }

    private void trace(ServerRequest req, ServerResponse res) {
        ApiParams q = ApiParams.of(req, zone, TRACE_PARAMS);
        List<VmLookup> given = new ArrayList<>(1);
        String vcenter = q.text("vcenter").orElse(null);
        q.text("vm_id").ifPresent(v -> given.add(new VmLookup(VmLookup.By.VM_ID, v, vcenter)));
        q.text("vm_uuid").ifPresent(v -> given.add(new VmLookup(VmLookup.By.VM_UUID, v, vcenter)));
        q.text("name").ifPresent(v -> given.add(new VmLookup(VmLookup.By.NAME, v, vcenter)));
        if (given.size() != 1) {
            throw new BadRequestException("vm_id", "give exactly one of the parameters vm_id, vm_uuid or name"
                    + (given.isEmpty() ? "" : " (got " + given.size() + ")"));
        }
        TimeWindow window = q.window();
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        long offset = q.offset();
        VmLookup lookup = given.get(0);

        switch (traces.trace(lookup, window)) {
            case TraceService.NotFound n -> Problem.of(Status.NOT_FOUND_404, "no VM with " + describe(lookup)).send(res);
            case TraceService.Ambiguous a -> SnapshotsApi.sendJson(res, new Ambiguous("ambiguous", a.candidates().size()
                    + " VMs match " + describe(lookup) + "; trace one of them by vm_id and vcenter",
                    a.candidates().stream().map(e -> LifecycleView.of(e, null)).toList()));
            case TraceService.Unique u -> {
                PageView<SampleView> samples = PageView.slice(u.samples().stream().map(SampleView::of).toList(),
                        limit, offset);
                SnapshotsApi.sendJson(res, new Trace("unique", LifecycleView.of(u.vm(), u.creationSource()), samples));
            }
        }
    }

    private static String describe(VmLookup l) {
        String by = switch (l.by()) {
            case VM_ID -> "vm_id";
            case VM_UUID -> "vm_uuid";
            case NAME -> "name";
        };
        return by + " '" + ApiParams.truncate(l.value()) + "'" + (l.vcenter() == null ? "" : " in vCenter '"
                + ApiParams.truncate(l.vcenter()) + "'");
    }

    /** The answer for a unique match. */
    public record Trace(String match, LifecycleView vm, PageView<SampleView> samples) {
    }

    /** The answer when several VMs match: the candidates, to be traced by {@code vm_id} and {@code vcenter}. */
    public record Ambiguous(String match, String detail, List<LifecycleView> candidates) {
    }

    /** A {@code vm_lifecycle_cache} row, with the creation time as aggregation uses it and both sources. */
    public record LifecycleView(
            @JsonProperty("Vcenter") String vcenter,
            @JsonProperty("VmKey") String vmKey,
            @JsonProperty("VmId") String vmId,
            @JsonProperty("VmUuid") String vmUuid,
            @JsonProperty("Name") String name,
            @JsonProperty("FirstSeen") long firstSeen,
            @JsonProperty("LastSeen") long lastSeen,
            @JsonProperty("CreationTime") long creationTime,
            @JsonProperty("CreationTimeIso") String creationTimeIso,
            @JsonProperty("CreationSource") String creationSource,
            @JsonProperty("DeletionTime") Long deletionTime,
            @JsonProperty("DeletionTimeIso") String deletionTimeIso,
            @JsonProperty("DeletionSource") String deletionSource) {
        static LifecycleView of(LifecycleEntry e, String creationSource) {
            long created = e.effectiveCreationTime();
            return new LifecycleView(e.vcenter(), e.vmKey(), e.vmId(), e.vmUuid(), e.name(), e.firstSeen(), e.lastSeen(),
                    created, QueryParams.iso(created),
                    creationSource != null ? creationSource : e.creationTime() == null ? "firstSeen" : null,
                    e.deletionTime(), e.deletionTime() == null ? null : QueryParams.iso(e.deletionTime()),
                    e.deletionSource() == null ? null : e.deletionSource().wire());
        }
    }

    /** One hourly sample of the traced VM (a {@code vm_hourly_stats} row without its key columns). */
    public record SampleView(
            @JsonProperty("SnapshotTime") long snapshotTime,
            @JsonProperty("SnapshotTimeIso") String snapshotTimeIso,
            @JsonProperty("Name") String name,
            @JsonProperty("VmUuid") String vmUuid,
            @JsonProperty("ResourcePool") String resourcePool,
            @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("Cluster") String cluster,
            @JsonProperty("Folder") String folder,
            @JsonProperty("VcpuCount") int vcpuCount,
            @JsonProperty("RamGB") double ramGb,
            @JsonProperty("ProvisionedDisk") double provisionedDisk,
            @JsonProperty("PowerState") String powerState,
            @JsonProperty("IsTemplate") boolean template,
            @JsonProperty("CreationTime") Long creationTime) {
        static SampleView of(VmSample s) {
            return new SampleView(s.snapshotTime(), QueryParams.iso(s.snapshotTime()), s.name(), s.vmUuid(),
                    s.resourcePool(), s.datacenter(), s.cluster(), s.folder(), s.vcpuCount(), s.ramGb(),
                    s.provisionedDiskGb(), s.powerState().wire(), s.template(), s.creationTime());
        }
    }
}
