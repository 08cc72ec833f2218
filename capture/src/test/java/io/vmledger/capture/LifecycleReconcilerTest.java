package io.vmledger.capture;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleReconcilerTest {
    private static final String VC = "vc01.test";
    private static final long T0 = 1_767_225_600L; // 2026-01-01T00:00Z
    private static final long T1 = T0 + 3600;
    private static final long T2 = T1 + 3600;

    private static VmSample row(long t, String vmId, String uuid, String name, Long created) {
        return new VmSample(t, VC, vmId, uuid, name, created, null, "Gold", "DC", "CL", "F", 2, 4, 50,
                PowerState.POWERED_ON, false);
    }

    private static LifecycleEntry seen(String vmId, String uuid, String name, long first, long last, Long created) {
        return new LifecycleEntry(VC, vmId, vmId, uuid, name, first, last, created, null, null);
    }

    private static VmEvent removed(long t, String vmId, String uuid, String name) {
        return new VmEvent(VmEvent.Type.VM_REMOVED, t, VC, vmId, uuid, name);
    }

    private static Map<String, LifecycleEntry> cache(LifecycleEntry... entries) {
        Map<String, LifecycleEntry> m = new HashMap<>();
        for (LifecycleEntry e : entries) {
            m.put(e.vmKey(), e);
        }
        return m;
    }

    private static Map<String, LifecycleEntry> byKey(LifecycleReconciler.Changes c) {
        Map<String, LifecycleEntry> m = new HashMap<>();
        for (LifecycleEntry e : c.all()) {
            m.put(e.vmKey(), e);
        }
        return m;
    }

    @Test
    void newVmIsFirstAndLastSeenAtTheSnapshotWithItsReportedCreationTime() {
        var c = LifecycleReconciler.reconcile(VC, T0, Map.of(), List.of(row(T0, "vm-1", "u1", "a", 1000L)), List.of());
        LifecycleEntry e = byKey(c).get("vm-1");
        assertEquals(T0, e.firstSeen());
        assertEquals(T0, e.lastSeen());
        assertEquals(1000L, e.creationTime());
        assertEquals("u1", e.vmUuid());
        assertEquals("a", e.name());
        assertEquals(1, c.created());
    }

    @Test
    void absentVmWithARemovalEventIsDeletedAtTheEventTime() {
        var prev = cache(seen("vm-1", "u1", "a", T0, T0, 1000L), seen("vm-2", "u2", "b", T0, T0, 1000L));
        long at = T0 + 1234;
        var c = LifecycleReconciler.reconcile(VC, T1, prev, List.of(row(T1, "vm-2", "u2", "b", 1000L)),
                List.of(removed(at, "vm-1", null, "a")));
        LifecycleEntry e = byKey(c).get("vm-1");
        assertEquals(at, e.deletionTime());
        assertEquals(DeletionSource.EVENT, e.deletionSource());
        assertEquals(T0, e.lastSeen());
        assertEquals(1, c.deletedByEvent());
        assertEquals(0, c.deletedObserved());
        assertNull(byKey(c).get("vm-2").deletionTime());
    }

    @Test
    void removalEventWithoutVmIdMatchesByUuidThenByName() {
        var prev = cache(seen("vm-1", "u1", "a", T0, T0, null), seen("vm-2", "u2", "b", T0, T0, null));
        var c = LifecycleReconciler.reconcile(VC, T1, prev, List.of(),
                List.of(removed(T0 + 10, null, "u1", "x"), removed(T0 + 20, null, null, "b")));
        var m = byKey(c);
        assertEquals(T0 + 10, m.get("vm-1").deletionTime());
        assertEquals(DeletionSource.EVENT, m.get("vm-1").deletionSource());
        assertEquals(T0 + 20, m.get("vm-2").deletionTime());
        assertEquals(DeletionSource.EVENT, m.get("vm-2").deletionSource());
    }

    @Test
    void vmIdMatchWinsOverAnEarlierNameMatch() {
        var prev = cache(seen("vm-1", "u1", "a", T0, T0, null));
        var c = LifecycleReconciler.reconcile(VC, T1, prev, List.of(),
                List.of(removed(T0 + 5, null, null, "a"), removed(T0 + 50, "vm-1", null, "a")));
        assertEquals(T0 + 50, byKey(c).get("vm-1").deletionTime());
    }

    @Test
    void removalOfAnotherVmWithTheSameNameDoesNotMatch() {
        var prev = cache(seen("vm-1", "u1", "a", T0, T0, null));
        var c = LifecycleReconciler.reconcile(VC, T1, prev, List.of(),
                List.of(removed(T0 + 5, "vm-9", null, "a"), removed(T0 + 6, null, "u9", "a")));
        LifecycleEntry e = byKey(c).get("vm-1");
        assertEquals(T1, e.deletionTime());
        assertEquals(DeletionSource.OBSERVED, e.deletionSource());
    }

    @Test
    void absentVmWithoutEventIsDeletedObservedAtTheSnapshotTime() {
        var prev = cache(seen("vm-1", "u1", "a", T0, T0, 1000L));
        var c = LifecycleReconciler.reconcile(VC, T1, prev, List.of(), List.of());
        LifecycleEntry e = byKey(c).get("vm-1");
        assertEquals(T1, e.deletionTime());
        assertEquals(DeletionSource.OBSERVED, e.deletionSource());
        assertEquals(1, c.deletedObserved());
    }

    @Test
    void removalEventBeforeTheVmWasLastSeenIsIgnored() {
        var prev = cache(seen("vm-1", "u1", "a", T0, T1, null));
        var c = LifecycleReconciler.reconcile(VC, T2, prev, List.of(), List.of(removed(T1 - 60, "vm-1", null, "a")));
        LifecycleEntry e = byKey(c).get("vm-1");
        assertEquals(T2, e.deletionTime());
        assertEquals(DeletionSource.OBSERVED, e.deletionSource());
    }

    @Test
    void reappearanceWithTheSameVmIdClearsTheDeletion() {
        var prev = cache(new LifecycleEntry(VC, "vm-1", "vm-1", "u1", "a", T0, T0, 1000L, T1, DeletionSource.OBSERVED));
        var c = LifecycleReconciler.reconcile(VC, T2, prev, List.of(row(T2, "vm-1", "u1", "a-renamed", 1000L)), List.of());
        LifecycleEntry e = byKey(c).get("vm-1");
        assertNull(e.deletionTime());
        assertNull(e.deletionSource());
        assertEquals(T0, e.firstSeen());
        assertEquals(T2, e.lastSeen());
        assertEquals("a-renamed", e.name());
        assertEquals(1, c.reappeared());
    }

    @Test
    void unknownCreationDateStaysUnknownAndFallsBackToFirstSeen() {
        var c = LifecycleReconciler.reconcile(VC, T0, Map.of(), List.of(row(T0, "vm-1", "u1", "a", null)), List.of());
        LifecycleEntry e = byKey(c).get("vm-1");
        assertNull(e.creationTime());
        assertEquals(T0, e.effectiveCreationTime());
        // an hour later, still not reported: still first seen
        var c2 = LifecycleReconciler.reconcile(VC, T1, cache(e), List.of(row(T1, "vm-1", "u1", "a", null)), List.of());
        assertEquals(T0, byKey(c2).get("vm-1").effectiveCreationTime());
    }

    @Test
    void creationEventTimeIsUsedWhenVcenterReportsNoCreationDate() {
        var events = List.of(new VmEvent(VmEvent.Type.VM_CLONED, T0 - 300, VC, "vm-1", null, "a"),
                new VmEvent(VmEvent.Type.VM_CREATED, T0 - 200, VC, "vm-2", null, "a"));
        var c = LifecycleReconciler.reconcile(VC, T0, Map.of(), List.of(row(T0, "vm-1", "u1", "a", null)), events);
        assertEquals(T0 - 300, byKey(c).get("vm-1").creationTime());
    }

    @Test
    void reportedCreationTimeWinsOverTheEventAndTheEarliestReportedIsKept() {
        var events = List.of(new VmEvent(VmEvent.Type.VM_CREATED, T0 - 300, VC, "vm-1", null, "a"));
        var c = LifecycleReconciler.reconcile(VC, T0, Map.of(), List.of(row(T0, "vm-1", "u1", "a", T0 - 900)), events);
        LifecycleEntry e = byKey(c).get("vm-1");
        assertEquals(T0 - 900, e.creationTime());
        var c2 = LifecycleReconciler.reconcile(VC, T1, cache(e), List.of(row(T1, "vm-1", "u1", "a", T0 - 2000)), List.of());
        assertEquals(T0 - 2000, byKey(c2).get("vm-1").creationTime());
        var c3 = LifecycleReconciler.reconcile(VC, T2, byKey(c2), List.of(row(T2, "vm-1", "u1", "a", null)), List.of());
        assertEquals(T0 - 2000, byKey(c3).get("vm-1").creationTime());
    }

    @Test
    void deletedEntriesStayAsTheyAreAndAReconcileOfTheSameSnapshotChangesNothing() {
        var gone = new LifecycleEntry(VC, "vm-7", "vm-7", "u7", "g", T0 - 7200, T0 - 7200, null, T0 - 3000,
                DeletionSource.EVENT);
        var prev = cache(gone, seen("vm-1", "u1", "a", T0, T1, 1000L));
        var c = LifecycleReconciler.reconcile(VC, T1, prev, List.of(row(T1, "vm-1", "u1", "a", 1000L)), List.of());
        assertTrue(c.all().isEmpty(), "nothing changed: " + c.all());
    }

    @Test
    void capturingAnOlderTimeNeitherDeletesLaterVmsNorMovesLastSeenBack() {
        var prev = cache(seen("vm-1", "u1", "a", T1, T2, null), seen("vm-2", "u2", "b", T0, T2, null));
        var c = LifecycleReconciler.reconcile(VC, T0, prev, List.of(row(T0, "vm-2", "u2", "old-name", null)), List.of());
        var m = byKey(c);
        assertNull(m.get("vm-1"), "vm-1 first appeared later, so its absence at T0 is no deletion");
        assertEquals(T2, m.getOrDefault("vm-2", prev.get("vm-2")).lastSeen());
        assertEquals("b", m.getOrDefault("vm-2", prev.get("vm-2")).name());
    }

    @Test
    void entriesWhoseOnlyChangeIsLastSeenAreSetApart() {
        var prev = cache(seen("vm-1", "u1", "a", T0, T0, 1000L), seen("vm-2", "u2", "b", T0, T0, 1000L));
        var c = LifecycleReconciler.reconcile(VC, T1, prev,
                List.of(row(T1, "vm-1", "u1", "a", 1000L), row(T1, "vm-2", "u2", "b-renamed", 1000L),
                        row(T1, "vm-3", "u3", "c", null)), List.of());
        assertEquals(List.of(new LifecycleEntry(VC, "vm-1", "vm-1", "u1", "a", T0, T1, 1000L, null, null)), c.seen());
        assertEquals(List.of("vm-2", "vm-3"), c.changed().stream().map(LifecycleEntry::vmKey).sorted().toList());
    }

    @Test
    void legacyRowsWithoutVmIdAreKeyedByUuidOrName() {
        var rows = List.of(row(T0, null, "u5", "x", null), row(T0, null, null, "y", null));
        var c = LifecycleReconciler.reconcile(VC, T0, Map.of(), rows, List.of());
        var m = byKey(c);
        assertTrue(m.containsKey("uuid:u5"));
        assertTrue(m.containsKey("name:y"));
        var c2 = LifecycleReconciler.reconcile(VC, T1, m, List.of(), List.of(removed(T0 + 9, null, null, "y")));
        var m2 = byKey(c2);
        assertEquals(DeletionSource.OBSERVED, m2.get("uuid:u5").deletionSource());
        assertEquals(T0 + 9, m2.get("name:y").deletionTime());
    }
}
