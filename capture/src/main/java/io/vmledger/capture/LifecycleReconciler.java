package io.vmledger.capture;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Lifecycle reconciliation of one vCenter snapshot (semantics section 2), as pure logic: the previous
 * {@code vm_lifecycle_cache} entries, the snapshot's rows and the vCenter's events since its previous
 * snapshot go in; the entries that changed come out, those whose only change is {@code LastSeen} apart. It only produces cache entries; it never
 * touches hourly rows.
 *
 * <ul>
 *   <li>A VM in the snapshot gets or keeps an entry: {@code FirstSeen} is the earliest and {@code LastSeen}
 *       the latest snapshot that contained it; a deletion recorded earlier is cleared (reappearance).</li>
 *   <li>{@code CreationTime} is the earliest non-null creation time the snapshots reported; for a VM
 *       that never reported one, the time of a matching creation event when there is one; otherwise it
 *       stays null and readers use {@code FirstSeen} ({@link LifecycleEntry#effectiveCreationTime()}).</li>
 *   <li>An entry that is not deleted, was last seen before the snapshot and is absent from it is deleted:
 *       at the time of a matching {@code VmRemovedEvent} after it was last seen ({@code event}),
 *       else at the snapshot time ({@code observed}).</li>
 * </ul>
 *
 * Events are matched to a VM by {@code VmId} when both carry one, else by {@code VmUuid} when both
 * carry one, else by name; an event that names a different {@code VmId} never matches by name, so a
 * removal of one VM is not pinned on another that happens to share its name.
 */
public final class LifecycleReconciler {

    private LifecycleReconciler() {
    }

    /**
     * The result of one reconciliation.
     *
     * @param changed         entries to upsert: new, or different from the previous ones in more than
     *                        {@code LastSeen}
     * @param seen            existing entries whose only change is a later {@code LastSeen} (most VMs, every hour)
     * @param created         VMs seen for the first time
     * @param deletedByEvent  entries deleted at a removal event's time
     * @param deletedObserved entries deleted at the snapshot time, without an event
     * @param reappeared      previously deleted entries seen again
     */
    public record Changes(List<LifecycleEntry> changed, List<LifecycleEntry> seen, int created, int deletedByEvent,
                          int deletedObserved, int reappeared) {
        public Changes {
            changed = List.copyOf(changed);
            seen = List.copyOf(seen);
        }

        /** Every entry to write, {@link #changed} then {@link #seen}. */
        public List<LifecycleEntry> all() {
            List<LifecycleEntry> all = new ArrayList<>(changed.size() + seen.size());
            all.addAll(changed);
            all.addAll(seen);
            return all;
        }
    }

    /**
     * Reconciles snapshot {@code (vcenter, snapshotTime)}.
     *
     * @param previous the vCenter's cache entries by VM key (all of them, deleted ones included)
     * @param rows     the snapshot's rows; every row must be of this vCenter
     * @param events   the vCenter's events since its previous snapshot (others are ignored by time)
     */
    public static Changes reconcile(String vcenter, long snapshotTime, Map<String, LifecycleEntry> previous,
                                    List<VmSample> rows, List<VmEvent> events) {
        Objects.requireNonNull(vcenter, "vcenter");
        EventIndex removals = new EventIndex();
        EventIndex creations = new EventIndex();
        for (VmEvent e : events) {
            if (e.time() > snapshotTime || !vcenter.equals(e.vcenter())) {
                continue;
            }
            (e.type().isCreation() ? creations : removals).add(e);
        }

        List<LifecycleEntry> changed = new ArrayList<>();
        List<LifecycleEntry> seen = new ArrayList<>(rows.size());
        Set<String> present = new HashSet<>(rows.size() * 2);
        int created = 0;
        int reappeared = 0;
        for (VmSample row : rows) {
            if (!vcenter.equals(row.vcenter())) {
                throw new IllegalArgumentException("row of vCenter " + row.vcenter() + " in the snapshot of " + vcenter);
            }
            String key = row.key();
            if (!present.add(key)) {
                continue; // a duplicate row of the same VM: the first one counts
            }
            LifecycleEntry prev = previous.get(key);
            LifecycleEntry next;
            if (prev == null) {
                created++;
                Long creation = row.creationTime();
                if (creation == null) {
                    VmEvent e = creations.latestMatch(row.vmId(), row.vmUuid(), row.name(), Long.MIN_VALUE);
                    creation = e == null ? null : e.time();
                }
                next = new LifecycleEntry(vcenter, key, row.vmId(), row.vmUuid(), row.name(), snapshotTime,
                        snapshotTime, creation, null, null);
            } else {
                if (prev.deleted()) {
                    reappeared++;
                }
                boolean newest = snapshotTime >= prev.lastSeen();
                String uuid = newest && row.vmUuid() != null ? row.vmUuid() : prev.vmUuid();
                String name = newest && row.name() != null ? row.name() : prev.name();
                String vmId = prev.vmId() != null ? prev.vmId() : row.vmId();
                Long creation = earliest(prev.creationTime(), row.creationTime());
                if (creation == null) {
                    VmEvent e = creations.latestMatch(vmId, uuid, name, Long.MIN_VALUE);
                    creation = e == null ? null : e.time();
                }
                next = new LifecycleEntry(vcenter, key, vmId, uuid, name, Math.min(prev.firstSeen(), snapshotTime),
                        Math.max(prev.lastSeen(), snapshotTime), creation, null, null);
            }
            if (prev == null) {
                changed.add(next);
            } else if (!next.equals(prev)) {
                boolean onlyLastSeen = next.lastSeen() != prev.lastSeen()
                        && next.equals(withLastSeen(prev, next.lastSeen()));
                (onlyLastSeen ? seen : changed).add(next);
            }
        }

        int byEvent = 0;
        int observed = 0;
        for (LifecycleEntry prev : previous.values()) {
            if (prev.deleted() || prev.lastSeen() >= snapshotTime || present.contains(prev.vmKey())) {
                continue;
            }
            VmEvent removal = removals.earliestMatchAfter(prev.vmId(), prev.vmUuid(), prev.name(), prev.lastSeen());
            LifecycleEntry deleted;
            if (removal != null) {
                byEvent++;
                deleted = withDeletion(prev, removal.time(), DeletionSource.EVENT);
            } else {
                observed++;
                deleted = withDeletion(prev, snapshotTime, DeletionSource.OBSERVED);
            }
            changed.add(deleted);
        }
        return new Changes(changed, seen, created, byEvent, observed, reappeared);
    }

    private static LifecycleEntry withLastSeen(LifecycleEntry e, long lastSeen) {
        return new LifecycleEntry(e.vcenter(), e.vmKey(), e.vmId(), e.vmUuid(), e.name(), e.firstSeen(), lastSeen,
                e.creationTime(), e.deletionTime(), e.deletionSource());
    }

    private static LifecycleEntry withDeletion(LifecycleEntry e, long time, DeletionSource source) {
        return new LifecycleEntry(e.vcenter(), e.vmKey(), e.vmId(), e.vmUuid(), e.name(), e.firstSeen(), e.lastSeen(),
                e.creationTime(), time, source);
    }

    private static Long earliest(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }

    /** Events by each identity, for the three-level match. */
    private static final class EventIndex {
        private final Map<String, List<VmEvent>> byVmId = new HashMap<>();
        private final Map<String, List<VmEvent>> byUuid = new HashMap<>();
        private final Map<String, List<VmEvent>> byName = new HashMap<>();

        void add(VmEvent e) {
            if (e.vmId() != null) {
                byVmId.computeIfAbsent(e.vmId(), k -> new ArrayList<>(1)).add(e);
            }
            if (e.vmUuid() != null) {
                byUuid.computeIfAbsent(e.vmUuid(), k -> new ArrayList<>(1)).add(e);
            }
            if (e.name() != null) {
                byName.computeIfAbsent(e.name(), k -> new ArrayList<>(1)).add(e);
            }
        }

        /** Candidates at the first identity level that yields any event matching the VM. */
        private List<VmEvent> candidates(String vmId, String uuid, String name, long after) {
            if (vmId != null) {
                List<VmEvent> hits = filter(byVmId.get(vmId), after, null, null);
                if (!hits.isEmpty()) {
                    return hits;
                }
            }
            if (uuid != null) {
                // an event naming another VmId is about another VM
                List<VmEvent> hits = filter(byUuid.get(uuid), after, vmId, null);
                if (!hits.isEmpty()) {
                    return hits;
                }
            }
            if (name != null) {
                return filter(byName.get(name), after, vmId, uuid);
            }
            return List.of();
        }

        /** Events after {@code after}, minus those naming a different VmId or UUID than the given ones. */
        private static List<VmEvent> filter(List<VmEvent> events, long after, String vmId, String uuid) {
            if (events == null) {
                return List.of();
            }
            List<VmEvent> out = new ArrayList<>(events.size());
            for (VmEvent e : events) {
                if (e.time() <= after) {
                    continue;
                }
                if (vmId != null && e.vmId() != null && !vmId.equals(e.vmId())) {
                    continue;
                }
                if (uuid != null && e.vmUuid() != null && !uuid.equals(e.vmUuid())) {
                    continue;
                }
                out.add(e);
            }
            return out;
        }

        VmEvent earliestMatchAfter(String vmId, String uuid, String name, long after) {
            VmEvent best = null;
            for (VmEvent e : candidates(vmId, uuid, name, after)) {
                if (best == null || e.time() < best.time()) {
                    best = e;
                }
            }
            return best;
        }

        VmEvent latestMatch(String vmId, String uuid, String name, long after) {
            VmEvent best = null;
            for (VmEvent e : candidates(vmId, uuid, name, after)) {
                if (best == null || e.time() > best.time()) {
                    best = e;
                }
            }
            return best;
        }
    }
}
