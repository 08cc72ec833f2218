package io.vmledger.web.query;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.HourlyStore;
import io.vmledger.storage.spi.LifecycleStore;
import io.vmledger.storage.spi.VmLookup;

import java.util.List;
import java.util.Objects;

/** One VM over time: its lifecycle entry and hourly samples, found by id, UUID or name. */
public final class TraceService {
    private final LifecycleStore lifecycle;
    private final HourlyStore hourly;

    public TraceService(LifecycleStore lifecycle, HourlyStore hourly) {
        this.lifecycle = lifecycle;
        this.hourly = hourly;
    }

    /** The answer to a look-up: no VM, several, or exactly one with its samples in the window. */
    public sealed interface Result permits NotFound, Ambiguous, Unique {
    }

    public record NotFound() implements Result {
    }

    /** Several VMs match; they are the candidates, ordered by vCenter then first seen. */
    public record Ambiguous(List<LifecycleEntry> candidates) implements Result {
    }

    /**
     * Exactly one VM matches.
     *
     * @param samples        its hourly samples in the window, by time
     * @param creationSource {@code reported}, {@code event} or {@code firstSeen} (see {@link #creationSource})
     */
    public record Unique(LifecycleEntry vm, List<VmSample> samples, String creationSource) implements Result {
    }

    public Result trace(VmLookup lookup, TimeWindow window) {
        List<LifecycleEntry> matches = find(lookup);
        if (matches.isEmpty()) {
            return new NotFound();
        }
        if (matches.size() > 1) {
            return new Ambiguous(matches);
        }
        return trace(matches.get(0), window);
    }

    /** The VMs a look-up matches, ordered by vCenter then first seen. */
    public List<LifecycleEntry> find(VmLookup lookup) {
        return lifecycle.find(lookup);
    }

    /** One VM's samples in a window and the source of its creation time. */
    public Unique trace(LifecycleEntry vm, TimeWindow window) {
        // probe only the snapshots the VM can be in: the window cut to [FirstSeen, LastSeen]
        long from = Math.max(window.start(), vm.firstSeen());
        long to = Math.min(window.end(), vm.lastSeen() + 1);
        List<VmSample> samples = from < to ? hourly.trace(vm.vcenter(), vm.vmKey(), new TimeWindow(from, to)) : List.of();
        return new Unique(vm, samples, creationSource(vm, samples));
    }

    /** VMs whose name starts with {@code prefix}, optionally in one vCenter, by name; at most {@code limit}. */
    public List<LifecycleEntry> candidates(String prefix, String vcenter, int limit) {
        return lifecycle.findByNamePrefix(prefix, vcenter, limit);
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
                ? hourly.trace(vm.vcenter(), vm.vmKey(), new TimeWindow(vm.lastSeen(), vm.lastSeen() + 1))
                : samples;
        for (VmSample s : evidence) {
            if (Objects.equals(s.creationTime(), vm.creationTime())) {
                return "reported";
            }
        }
        return "event";
    }
}
