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
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.VmLookup;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Problem;
import io.vmledger.web.http.QueryParams;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

    private final Storage storage;
    private final ZoneId zone;
    private final RouteTable routes;

    public VmsApi(Storage storage, ZoneId zone, RouteTable routes) {
        this.storage = storage;
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

        List<LifecycleEntry> matches = storage.lifecycle().find(lookup);
        if (matches.isEmpty()) {
            Problem.of(Status.NOT_FOUND_404, "no VM with " + describe(lookup)).send(res);
            return;
        }
        if (matches.size() > 1) {
            SnapshotsApi.sendJson(res, new Ambiguous("ambiguous", matches.size() + " VMs match " + describe(lookup)
                    + "; trace one of them by vm_id and vcenter",
                    matches.stream().map(e -> LifecycleView.of(e, null)).toList()));
            return;
        }
        LifecycleEntry vm = matches.get(0);
        // probe only the snapshots the VM can be in: the window cut to [FirstSeen, LastSeen]
        long from = Math.max(window.start(), vm.firstSeen());
        long to = Math.min(window.end(), vm.lastSeen() + 1);
        List<VmSample> inWindow = from < to ? storage.hourly().trace(vm.vcenter(), vm.vmKey(), new TimeWindow(from, to))
                : List.of();
        PageView<SampleView> samples = PageView.slice(inWindow.stream().map(SampleView::of).toList(), limit, offset);
        SnapshotsApi.sendJson(res, new Trace("unique", LifecycleView.of(vm, creationSource(vm, inWindow)), samples));
    }

    /**
     * {@code reported} when vCenter reported the creation time ({@code config.createDate} in a sample),
     * {@code event} when it came from a creation event, {@code firstSeen} when it is unknown and readers
     * use the first sample. Without a sample in the window, the VM's last sample decides.
     */
    private String creationSource(LifecycleEntry vm, List<VmSample> samples) {
        if (vm.creationTime() == null) {
            return "firstSeen";
        }
        List<VmSample> evidence = samples.isEmpty()
                ? storage.hourly().trace(vm.vcenter(), vm.vmKey(), new TimeWindow(vm.lastSeen(), vm.lastSeen() + 1))
                : samples;
        for (VmSample s : evidence) {
            if (Objects.equals(s.creationTime(), vm.creationTime())) {
                return "reported";
            }
        }
        return "event";
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
