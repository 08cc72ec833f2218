package io.vmledger.maintenance;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle entries rebuilt from hourly rows, worked out by hand for each rule. */
class LifecycleRebuildTest {
    private static final String VC = "vc01";
    private static final long H = 3600;
    /** The vCenter's snapshots: hours 10..15, hour 13 missed. */
    private static final List<Long> TIMES = List.of(10 * H, 11 * H, 12 * H, 14 * H, 15 * H);

    private static VmSample row(long t, String vmId, String uuid, String name, Long created) {
        return new VmSample(t, VC, vmId, uuid, name, created, null, "Gold", "dc", "cl", "f", 2, 4, 40,
                PowerState.POWERED_ON, false);
    }

    private static Map<String, LifecycleEntry> rebuild(List<VmSample> rows, List<LifecycleEntry> previous) {
        Map<String, LifecycleRebuild.Acc> vms = new HashMap<>();
        for (VmSample s : rows) {
            vms.computeIfAbsent(s.key(), k -> new LifecycleRebuild.Acc(VC, k)).add(s);
        }
        Map<String, LifecycleEntry> prev = previous.stream().collect(Collectors.toMap(LifecycleEntry::vmKey, Function.identity()));
        return LifecycleRebuild.entriesOf(TIMES, vms, prev).stream()
                .collect(Collectors.toMap(LifecycleEntry::vmKey, Function.identity()));
    }

    @Test
    void presentThroughoutIsLiveWithItsEarliestReportedCreationAndLatestName() {
        LifecycleEntry e = rebuild(List.of(row(10 * H, "vm-1", null, "a", null), row(11 * H, "vm-1", "u1", "a", 5 * H),
                row(12 * H, "vm-1", "u1", "b", 4 * H), row(14 * H, "vm-1", null, null, null),
                row(15 * H, "vm-1", "u2", "c", null)), List.of()).get("vm-1");
        assertEquals(new LifecycleEntry(VC, "vm-1", "vm-1", "u2", "c", 10 * H, 15 * H, 4 * H, null, null), e);
    }

    @Test
    void missingFromTheNewestSnapshotIsDeletedAtTheFirstSnapshotAfterItsLastSighting() {
        // last seen at 12; hour 13 was never captured, so 14 is the first snapshot that saw it missing
        LifecycleEntry e = rebuild(List.of(row(10 * H, "vm-2", null, "x", null), row(12 * H, "vm-2", null, "x", null)),
                List.of()).get("vm-2");
        assertEquals(14 * H, e.deletionTime());
        assertEquals(DeletionSource.OBSERVED, e.deletionSource());
        assertNull(e.creationTime(), "never reported: readers fall back to FirstSeen");
    }

    @Test
    void aReappearedVmIsLiveAgain() {
        LifecycleEntry e = rebuild(List.of(row(10 * H, "vm-3", null, "r", null), row(15 * H, "vm-3", null, "r", null)),
                List.of(new LifecycleEntry(VC, "vm-3", "vm-3", null, "r", 10 * H, 10 * H, null, 11 * H,
                        DeletionSource.OBSERVED))).get("vm-3");
        assertFalse(e.deleted());
        assertEquals(15 * H, e.lastSeen());
    }

    @Test
    void cacheKnowledgeTheRowsCannotHoldIsKeptWhereConsistent() {
        List<VmSample> rows = List.of(row(10 * H, "vm-4", null, "e", null), row(11 * H, "vm-4", null, "e", null),
                row(10 * H, "vm-5", null, "f", null), row(11 * H, "vm-5", null, "f", null));
        Map<String, LifecycleEntry> out = rebuild(rows, List.of(
                // removal event between the last sighting (11) and the observing snapshot (12): kept
                new LifecycleEntry(VC, "vm-4", "vm-4", null, "e", 10 * H, 11 * H, 3 * H, 11 * H + 600, DeletionSource.EVENT),
                // an "event" deletion the rows contradict (after the observing snapshot): replaced
                new LifecycleEntry(VC, "vm-5", "vm-5", null, "f", 10 * H, 11 * H, null, 14 * H, DeletionSource.EVENT)));
        assertEquals(11 * H + 600, out.get("vm-4").deletionTime());
        assertEquals(DeletionSource.EVENT, out.get("vm-4").deletionSource());
        assertEquals(3 * H, out.get("vm-4").creationTime(), "a creation-event time no row reports");
        assertEquals(12 * H, out.get("vm-5").deletionTime());
        assertEquals(DeletionSource.OBSERVED, out.get("vm-5").deletionSource());
    }

    @Test
    void historyOlderThanTheRetainedRowsComesFromTheCacheAndBogusEntriesGo() {
        Map<String, LifecycleEntry> out = rebuild(List.of(row(10 * H, "vm-6", null, "g", null),
                row(15 * H, "vm-6", null, "g", null)), List.of(
                new LifecycleEntry(VC, "vm-6", "vm-6", null, "g", 2 * H, 9 * H, 2 * H, null, null),
                new LifecycleEntry(VC, "vm-old", "vm-old", null, "h", 1 * H, 3 * H, null, 4 * H, DeletionSource.OBSERVED),
                new LifecycleEntry(VC, "vm-bogus", "vm-bogus", null, "i", 10 * H, 12 * H, null, null, null)));
        assertEquals(2 * H, out.get("vm-6").firstSeen(), "first seen before retention removed its rows");
        assertEquals(2 * H, out.get("vm-6").creationTime());
        assertTrue(out.containsKey("vm-old"), "a VM gone before the oldest row is kept as the cache had it");
        assertFalse(out.containsKey("vm-bogus"), "an entry the retained rows do not support is dropped");
    }
}
