package io.vmledger.capture.simulated;

import io.vmledger.api.PoolTiers;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import io.vmledger.capture.CaptureException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedInventorySourceTest {
    private static final long T0 = 1_767_225_600L; // 2026-01-01T00:00Z
    private static final long HOUR = 3600;

    @Test
    void vcentersAreNamedAndSizedDifferently() {
        var src = new SimulatedInventorySource(3, 1000, 42);
        assertEquals(List.of("vc01.sim.example.com", "vc02.sim.example.com", "vc03.sim.example.com"), src.vcenters());
        Set<Integer> sizes = new HashSet<>();
        for (String vc : src.vcenters()) {
            int n = src.capture(vc, T0).vms().size();
            int slots = src.slotCount(vc);
            assertTrue(n > slots * 0.95 && n <= slots, vc + ": " + n + " VMs of " + slots + " slots");
            sizes.add(n);
        }
        assertEquals(3, sizes.size());
        assertEquals(1000, src.slotCount("vc01.sim.example.com"));
    }

    @Test
    void sameSeedAndTimeGiveIdenticalRowsAndEvents() {
        var a = new SimulatedInventorySource(2, 500, 7);
        var b = new SimulatedInventorySource(2, 500, 7);
        for (String vc : a.vcenters()) {
            long t = T0 + 17 * HOUR;
            assertEquals(a.capture(vc, t), b.capture(vc, t));
            assertEquals(a.capture(vc, t), a.capture(vc, t));
            assertEquals(a.events(vc, t - 48 * HOUR, t), b.events(vc, t - 48 * HOUR, t));
        }
        var other = new SimulatedInventorySource(2, 500, 8);
        assertNotEquals(a.capture("vc01.sim.example.com", T0).vms(), other.capture("vc01.sim.example.com", T0).vms());
    }

    @Test
    void anHourComputedDirectlyEqualsTheSameHourReachedStepByStep() {
        var src = new SimulatedInventorySource(1, 300, 3);
        String vc = src.vcenters().get(0);
        for (int h = 0; h < 5; h++) {
            src.capture(vc, T0 + h * HOUR);
        }
        var fresh = new SimulatedInventorySource(1, 300, 3);
        assertEquals(src.capture(vc, T0 + 5 * HOUR), fresh.capture(vc, T0 + 5 * HOUR));
    }

    @Test
    void rowsAreWellFormed() {
        var src = new SimulatedInventorySource(2, 2000, 42);
        for (String vc : src.vcenters()) {
            List<VmSample> rows = src.capture(vc, T0).vms();
            Set<String> ids = new HashSet<>();
            Set<String> names = new HashSet<>();
            for (VmSample r : rows) {
                assertEquals(vc, r.vcenter());
                assertEquals(T0, r.snapshotTime());
                assertTrue(ids.add(r.vmId()), "duplicate VmId " + r.vmId());
                assertTrue(names.add(r.name()), "duplicate name " + r.name());
                assertNotNull(r.vmUuid());
                assertNull(r.deletionTime());
                assertNotNull(r.datacenter());
                assertNotNull(r.cluster());
                assertNotNull(r.folder());
                assertTrue(r.vcpuCount() >= 1 && r.ramGb() >= 1 && r.provisionedDiskGb() > 0, r.toString());
                if (r.creationTime() != null) {
                    assertTrue(r.creationTime() <= T0);
                }
                if (r.template()) {
                    assertEquals(PowerState.POWERED_OFF, r.powerState());
                    assertNull(r.resourcePool());
                }
            }
        }
    }

    @Test
    void inventoryHasTheVarietyTheDemoAndTestsNeed() {
        var src = new SimulatedInventorySource(2, 1000, 42);
        PoolTiers tiers = PoolTiers.defaults();
        int templates = 0;
        int off = 0;
        int suspended = 0;
        int unknownCreation = 0;
        int[] perTier = new int[PoolTiers.TIER_COUNT + 1];
        Set<String> lowerCaseTierPools = new HashSet<>();
        for (String vc : src.vcenters()) {
            for (VmSample r : src.capture(vc, T0).vms()) {
                templates += r.template() ? 1 : 0;
                off += r.powerState() == PowerState.POWERED_OFF && !r.template() ? 1 : 0;
                suspended += r.powerState() == PowerState.SUSPENDED ? 1 : 0;
                unknownCreation += r.creationTime() == null ? 1 : 0;
                if (!r.template()) {
                    int tier = tiers.classify(r.resourcePool());
                    perTier[tier]++;
                    if (tier < PoolTiers.TIER_COUNT && !r.resourcePool().equals(tiers.names().get(tier))) {
                        lowerCaseTierPools.add(r.resourcePool());
                    }
                }
            }
        }
        assertTrue(templates > 10, "templates " + templates);
        assertTrue(off > 50, "powered off " + off);
        assertTrue(suspended > 5, "suspended " + suspended);
        assertTrue(unknownCreation > 50, "unknown creation dates " + unknownCreation);
        for (int i = 0; i <= PoolTiers.TIER_COUNT; i++) {
            assertTrue(perTier[i] > 100, "pool class " + i + ": " + perTier[i]);
        }
        assertFalse(lowerCaseTierPools.isEmpty(), "some site spells its tier pools in lower case");
    }

    /** Two days of hourly captures of one vCenter, with the events between them. */
    @Test
    void hourToHourChurnAgreesWithTheEvents() {
        var src = new SimulatedInventorySource(1, 1500, 42);
        String vc = src.vcenters().get(0);
        int hours = 48;
        List<Map<String, VmSample>> snaps = new java.util.ArrayList<>();
        for (int h = 0; h <= hours + 2; h++) {
            Map<String, VmSample> m = new HashMap<>();
            for (VmSample r : src.capture(vc, T0 + h * HOUR).vms()) {
                m.put(r.vmId(), r);
            }
            snaps.add(m);
        }
        int created = 0;
        int vanished = 0;
        int vanishedWithEvent = 0;
        int vanishedThenBack = 0;
        int tierMoves = 0;
        int otherMoves = 0;
        int cpuChanges = 0;
        int ramChanges = 0;
        int creationEvents = 0;
        PoolTiers tiers = PoolTiers.defaults();
        for (int h = 1; h <= hours; h++) {
            long t = T0 + h * HOUR;
            Map<String, VmSample> prev = snaps.get(h - 1);
            Map<String, VmSample> cur = snaps.get(h);
            List<VmEvent> events = src.events(vc, t - HOUR, t);
            Map<String, VmEvent> removalById = new HashMap<>();
            for (VmEvent e : events) {
                assertTrue(e.time() > t - HOUR && e.time() <= t, "event outside its window: " + e);
                assertEquals(vc, e.vcenter());
                if (e.type() == VmEvent.Type.VM_REMOVED) {
                    // the removed VM is gone at t and never comes back
                    for (int later = h; later < snaps.size(); later++) {
                        if (e.vmId() != null) {
                            assertFalse(snaps.get(later).containsKey(e.vmId()), "removed VM still present: " + e);
                        }
                    }
                    if (e.vmId() != null) {
                        removalById.put(e.vmId(), e);
                    }
                } else {
                    creationEvents++;
                    assertTrue(cur.containsKey(e.vmId()), "created VM not in the next capture: " + e);
                    assertFalse(prev.containsKey(e.vmId()), "created VM already in the previous capture: " + e);
                }
            }
            for (VmSample r : cur.values()) {
                VmSample p = prev.get(r.vmId());
                if (p == null) {
                    created++;
                    continue;
                }
                if (!Objects.equals(p.resourcePool(), r.resourcePool())) {
                    boolean tierToTier = tiers.classify(p.resourcePool()) < PoolTiers.TIER_COUNT
                            && tiers.classify(r.resourcePool()) < PoolTiers.TIER_COUNT;
                    if (tierToTier) {
                        tierMoves++;
                    } else {
                        otherMoves++;
                    }
                }
                cpuChanges += p.vcpuCount() != r.vcpuCount() ? 1 : 0;
                ramChanges += p.ramGb() != r.ramGb() ? 1 : 0;
            }
            for (VmSample p : prev.values()) {
                if (!cur.containsKey(p.vmId())) {
                    vanished++;
                    if (removalById.containsKey(p.vmId())) {
                        vanishedWithEvent++;
                    } else if (snaps.get(h + 1).containsKey(p.vmId())) {
                        vanishedThenBack++;
                    }
                }
            }
        }
        assertTrue(created > 40, "created " + created);
        assertTrue(creationEvents > 20 && creationEvents < created, "creation events " + creationEvents);
        assertTrue(vanished > 40, "vanished " + vanished);
        assertTrue(vanishedWithEvent > vanished / 2, "with event " + vanishedWithEvent + " of " + vanished);
        assertTrue(vanishedWithEvent < vanished, "some deletions come without any event");
        assertTrue(vanishedThenBack > 0, "some VMs miss one capture and come back");
        assertTrue(tierMoves > 5 && otherMoves > 5, "pool moves tier " + tierMoves + ", other " + otherMoves);
        assertTrue(cpuChanges > 3 && ramChanges > 3, "cpu " + cpuChanges + ", ram " + ramChanges);
    }

    @Test
    void fifteenThousandVmsAreQuickToCompute() {
        var src = new SimulatedInventorySource(1, 15_000, 42);
        String vc = src.vcenters().get(0);
        src.capture(vc, T0);
        long start = System.nanoTime();
        int n = src.capture(vc, T0 + HOUR).vms().size();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(n > 14_000, "VMs " + n);
        assertTrue(seconds < 1.0, "took " + seconds + " s");
    }

    @Test
    void unknownVcenterAndTimesBeforeTheSimulationAreClearErrors() {
        var src = new SimulatedInventorySource(2, 10, 1);
        var e = assertThrows(CaptureException.class, () -> src.capture("vc09.sim.example.com", T0));
        assertTrue(e.getMessage().contains("vc09.sim.example.com") && e.getMessage().contains("vc02.sim.example.com"),
                e.getMessage());
        var e2 = assertThrows(CaptureException.class, () -> src.capture("vc01.sim.example.com", 1000));
        assertTrue(e2.getMessage().contains("2000-01-01"), e2.getMessage());
    }
}
