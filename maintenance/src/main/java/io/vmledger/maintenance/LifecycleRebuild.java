package io.vmledger.maintenance;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.Storage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rebuilds {@code vm_lifecycle_cache} from {@code vm_hourly_stats} (semantics section 2). Replaying every
 * snapshot through reconciliation ends in the same entry as folding one VM's rows in time order, so
 * this streams the history a day at a time (the ordered read daily aggregation uses) and keeps one
 * small accumulator per VM:
 * <ul>
 *   <li>{@code FirstSeen}/{@code LastSeen}: first and last snapshot with the VM; {@code VmId} the first
 *       one reported, {@code VmUuid} and {@code Name} the latest non-null ones;</li>
 *   <li>{@code CreationTime}: the earliest reported one;</li>
 *   <li>a VM missing from its vCenter's newest snapshot is deleted at the first snapshot after its
 *       last one ({@code observed}).</li>
 * </ul>
 * What only the cache knows is kept where the hourly rows do not contradict it: removal-event times
 * (deletion {@code event} between the last sighting and the observing snapshot), creation-event times
 * of VMs that never reported one, and the history before the oldest hourly row left by retention.
 */
public final class LifecycleRebuild {
    private static final System.Logger LOG = System.getLogger(LifecycleRebuild.class.getName());

    private final Storage storage;
    private final ReportCalendar calendar;

    public LifecycleRebuild(Storage storage, ReportCalendar calendar) {
        this.storage = storage;
        this.calendar = calendar;
    }

    /** What a rebuild did. */
    public record Result(int vcenters, long rowsRead, int entries, int changed) {
        public String describe() {
            return "lifecycle rebuilt for " + vcenters + " vCenters from " + rowsRead + " hourly rows: " + entries
                    + " entries, " + changed + " changed";
        }
    }

    /** Per-VM fold of its rows in time order. */
    static final class Acc {
        final String vcenter;
        final String key;
        String vmId;
        String vmUuid;
        String name;
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;
        Long creation;

        Acc(String vcenter, String key) {
            this.vcenter = vcenter;
            this.key = key;
        }

        void add(VmSample s) {
            firstSeen = Math.min(firstSeen, s.snapshotTime());
            if (s.snapshotTime() >= lastSeen) {
                lastSeen = s.snapshotTime();
                vmUuid = s.vmUuid() != null ? s.vmUuid() : vmUuid;
                name = s.name() != null ? s.name() : name;
            }
            if (vmId == null) {
                vmId = s.vmId();
            }
            if (s.creationTime() != null && (creation == null || s.creationTime() < creation)) {
                creation = s.creationTime();
            }
        }
    }

    public Result rebuild() {
        long t0 = System.nanoTime();
        List<String> vcenters = storage.hourly().vcenters();
        Map<String, List<Long>> times = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (String v : vcenters) {
            List<Long> t = storage.hourly().snapshotTimes(v, TimeWindow.all());
            times.put(v, t);
            if (!t.isEmpty()) {
                first = Math.min(first, t.get(0));
                last = Math.max(last, t.get(t.size() - 1));
            }
        }
        Map<String, Map<String, Acc>> byVcenter = new HashMap<>();
        long[] rows = {0};
        Consumer<VmSample> fold = s -> {
            rows[0]++;
            byVcenter.computeIfAbsent(s.vcenter(), v -> new HashMap<>())
                    .computeIfAbsent(s.key(), k -> new Acc(s.vcenter(), k))
                    .add(s);
        };
        if (first <= last) {
            for (LocalDate d = calendar.dateOf(first); !d.isAfter(calendar.dateOf(last)); d = d.plusDays(1)) {
                storage.hourly().forEachOrdered(calendar.day(d), fold);
            }
        }
        int entries = 0;
        int changed = 0;
        for (String v : vcenters) {
            List<Long> t = times.get(v);
            if (t.isEmpty()) {
                continue;
            }
            Map<String, LifecycleEntry> previous = storage.lifecycle().forVcenter(v);
            List<LifecycleEntry> rebuilt = entriesOf(t, byVcenter.getOrDefault(v, Map.of()), previous);
            Set<String> kept = new HashSet<>(rebuilt.size() * 2);
            for (LifecycleEntry e : rebuilt) {
                kept.add(e.vmKey());
                if (!e.equals(previous.get(e.vmKey()))) {
                    changed++;
                }
            }
            for (String k : previous.keySet()) {
                if (!kept.contains(k)) {
                    changed++;
                }
            }
            // one vCenter at a time: its entries are replaced as a whole
            storage.lifecycle().deleteVcenter(v);
            storage.lifecycle().upsert(rebuilt);
            entries += rebuilt.size();
        }
        Result r = new Result(vcenters.size(), rows[0], entries, changed);
        LOG.log(System.Logger.Level.INFO, r.describe() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return r;
    }

    /** The rebuilt entries of one vCenter from its snapshot times (ascending), folded VMs and current cache. */
    static List<LifecycleEntry> entriesOf(List<Long> times, Map<String, Acc> vms, Map<String, LifecycleEntry> previous) {
        long oldest = times.get(0);
        long newest = times.get(times.size() - 1);
        List<LifecycleEntry> out = new ArrayList<>(vms.size() + 16);
        for (Acc a : vms.values()) {
            LifecycleEntry prev = previous.get(a.key);
            long firstSeen = a.firstSeen;
            Long creation = a.creation;
            if (prev != null && prev.firstSeen() < oldest) {
                // seen before the oldest hourly row retention left: the cache holds that history
                firstSeen = prev.firstSeen();
                creation = earliest(creation, prev.creationTime());
            } else if (creation == null && prev != null) {
                creation = prev.creationTime(); // a creation-event time: never in the hourly rows
            }
            Long deletionTime = null;
            DeletionSource source = null;
            if (a.lastSeen < newest) {
                long observed = firstAfter(times, a.lastSeen);
                if (prev != null && prev.deletionSource() == DeletionSource.EVENT && prev.deletionTime() != null
                        && prev.deletionTime() > a.lastSeen && prev.deletionTime() <= observed) {
                    deletionTime = prev.deletionTime();
                    source = DeletionSource.EVENT;
                } else {
                    deletionTime = observed;
                    source = DeletionSource.OBSERVED;
                }
            }
            String vmId = a.vmId != null ? a.vmId : prev != null ? prev.vmId() : null;
            out.add(new LifecycleEntry(a.vcenter, a.key, vmId, a.vmUuid, a.name, firstSeen, a.lastSeen, creation,
                    deletionTime, source));
        }
        for (LifecycleEntry prev : previous.values()) {
            if (!vms.containsKey(prev.vmKey()) && prev.lastSeen() < oldest) {
                out.add(prev); // history from before retention; no hourly row left to rebuild it from
            }
        }
        return out;
    }

    private static long firstAfter(List<Long> sortedTimes, long t) {
        int i = Collections.binarySearch(sortedTimes, t + 1);
        int idx = i >= 0 ? i : -i - 1;
        return sortedTimes.get(idx); // exists: t < newest
    }

    private static Long earliest(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }
}
