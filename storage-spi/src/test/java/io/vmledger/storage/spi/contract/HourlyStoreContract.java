package io.vmledger.storage.spi.contract;

import io.vmledger.api.PowerState;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.vmledger.storage.spi.contract.ContractData.DAY;
import static io.vmledger.storage.spi.contract.ContractData.HOUR;
import static io.vmledger.storage.spi.contract.ContractData.T0;
import static io.vmledger.storage.spi.contract.ContractData.VC_A;
import static io.vmledger.storage.spi.contract.ContractData.VC_B;
import static io.vmledger.storage.spi.contract.ContractData.vm;
import static io.vmledger.storage.spi.contract.ContractData.vms;
import static io.vmledger.storage.spi.contract.ContractData.withVcpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code HourlyStore}: snapshots replace, ordered window reads, traces, listings and retention. */
public abstract class HourlyStoreContract extends ContractBase {

    @Test
    void writesAndReadsBackEveryColumn() {
        VmSample full = new VmSample(T0, VC_A, "vm-1", "uuid-1", "web-01", T0 - 5 * DAY, null, "Silver", "dc-east",
                "cluster-7", "prod/web", 4, 16.5, 120.25, PowerState.POWERED_ON, false);
        VmSample sparse = new VmSample(T0, VC_A, "vm-2", null, "tmpl-02", null, null, null, null, null, null, 1,
                0.5, 8.0, PowerState.POWERED_OFF, true);
        VmSample suspended = new VmSample(T0, VC_A, "vm-3", "uuid-3", "db-03", T0 - DAY, null, "Other", "dc-east",
                "cluster-7", "prod/db", 8, 64.0, 500.0, PowerState.SUSPENDED, false);

        int written = storage.hourly().replaceSnapshot(VC_A, T0, List.of(suspended, sparse, full));

        assertEquals(3, written);
        assertEquals(List.of(full, sparse, suspended), storage.hourly().snapshot(VC_A, T0));
    }

    @Test
    void recaptureReplacesTheSnapshotInsteadOfDuplicatingIt() {
        storage.hourly().replaceSnapshot(VC_A, T0, vms(VC_A, T0, 0, 7));
        storage.hourly().replaceSnapshot(VC_A, T0 + HOUR, vms(VC_A, T0 + HOUR, 0, 7));
        storage.hourly().replaceSnapshot(VC_B, T0, vms(VC_B, T0, 0, 2));

        List<VmSample> second = new ArrayList<>(vms(VC_A, T0, 0, 4));
        second.set(1, withVcpu(second.get(1), 12));
        storage.hourly().replaceSnapshot(VC_A, T0, second);

        assertEquals(second, storage.hourly().snapshot(VC_A, T0), "fewer rows the second time remove the extra ones");
        assertEquals(7, storage.hourly().snapshot(VC_A, T0 + HOUR).size(), "other snapshots are untouched");
        assertEquals(2, storage.hourly().snapshot(VC_B, T0).size(), "other vCenters are untouched");

        storage.hourly().replaceSnapshot(VC_A, T0, second);
        List<VmSample> all = new ArrayList<>();
        storage.hourly().forEachOrdered(new TimeWindow(T0, T0 + 1), all::add);
        assertEquals(6, all.size(), "the same snapshot written twice is stored once");
    }

    @Test
    void anEmptyRecaptureRemovesTheSnapshotRows() {
        storage.hourly().replaceSnapshot(VC_A, T0, vms(VC_A, T0, 0, 4));
        storage.hourly().replaceSnapshot(VC_A, T0, List.of());
        assertEquals(List.of(), storage.hourly().snapshot(VC_A, T0));
    }

    @Test
    void rejectsRowsOfAnotherSnapshotOrARepeatedVmAndWritesNothing() {
        storage.hourly().replaceSnapshot(VC_A, T0, vms(VC_A, T0, 0, 2));

        List<VmSample> wrongTime = List.of(vm(VC_A, T0, 5), vm(VC_A, T0 + HOUR, 6));
        assertThrows(IllegalArgumentException.class, () -> storage.hourly().replaceSnapshot(VC_A, T0, wrongTime));
        List<VmSample> wrongVcenter = List.of(vm(VC_A, T0, 5), vm(VC_B, T0, 6));
        assertThrows(IllegalArgumentException.class, () -> storage.hourly().replaceSnapshot(VC_A, T0, wrongVcenter));
        List<VmSample> repeated = List.of(vm(VC_A, T0, 5), vm(VC_A, T0, 5));
        assertThrows(IllegalArgumentException.class, () -> storage.hourly().replaceSnapshot(VC_A, T0, repeated));

        assertEquals(vms(VC_A, T0, 0, 2), storage.hourly().snapshot(VC_A, T0), "the earlier snapshot is kept");
    }

    @Test
    void forEachOrderedStreamsByVcenterVmKeyAndTimeWithinAHalfOpenWindow() {
        // written out of order on purpose: later hour first, vCenter B before A
        storage.hourly().replaceSnapshot(VC_B, T0 + HOUR, vms(VC_B, T0 + HOUR, 1, 3));
        storage.hourly().replaceSnapshot(VC_A, T0 + HOUR, List.of(vm(VC_A, T0 + HOUR, 2), vm(VC_A, T0 + HOUR, 1)));
        storage.hourly().replaceSnapshot(VC_A, T0, List.of(vm(VC_A, T0, 3), vm(VC_A, T0, 1)));
        storage.hourly().replaceSnapshot(VC_B, T0, vms(VC_B, T0, 1, 2));
        storage.hourly().replaceSnapshot(VC_A, T0 + 2 * HOUR, vms(VC_A, T0 + 2 * HOUR, 1, 4)); // at window end
        storage.hourly().replaceSnapshot(VC_A, T0 - HOUR, vms(VC_A, T0 - HOUR, 1, 4));         // before it

        List<String> seen = new ArrayList<>();
        storage.hourly().forEachOrdered(new TimeWindow(T0, T0 + 2 * HOUR),
                s -> seen.add(s.vcenter() + " " + s.key() + " " + (s.snapshotTime() - T0) / HOUR));

        assertEquals(List.of(
                VC_A + " vm-1 0", VC_A + " vm-1 1",
                VC_A + " vm-2 1",
                VC_A + " vm-3 0",
                VC_B + " vm-1 0", VC_B + " vm-1 1",
                VC_B + " vm-2 1"), seen);
    }

    @Test
    void forEachOrderedOfAnEmptyWindowCallsNothing() {
        storage.hourly().replaceSnapshot(VC_A, T0, vms(VC_A, T0, 0, 3));
        List<VmSample> seen = new ArrayList<>();
        storage.hourly().forEachOrdered(new TimeWindow(T0 + HOUR, T0 + DAY), seen::add);
        storage.hourly().forEachOrdered(new TimeWindow(T0, T0), seen::add);
        assertEquals(List.of(), seen);
    }

    @Test
    void legacyRowsAreKeyedByUuidThenName() {
        VmSample byId = vm(VC_A, T0, "vm-9", "uuid-9", "same-name");
        VmSample byUuid = vm(VC_A, T0, null, "uuid-legacy", "legacy-1");
        VmSample byName = vm(VC_A, T0, null, null, "legacy-2");
        VmSample byNameToo = vm(VC_A, T0, "", " ", "same-name"); // blank ids count as missing
        storage.hourly().replaceSnapshot(VC_A, T0, List.of(byId, byUuid, byName, byNameToo));
        storage.hourly().replaceSnapshot(VC_A, T0 + HOUR,
                List.of(byUuid.withSnapshotTime(T0 + HOUR), byName.withSnapshotTime(T0 + HOUR)));

        List<String> keys = new ArrayList<>();
        storage.hourly().forEachOrdered(new TimeWindow(T0, T0 + DAY), s -> keys.add(s.key()));
        assertEquals(List.of("name:legacy-2", "name:legacy-2", "name:same-name", "uuid:uuid-legacy",
                "uuid:uuid-legacy", "vm-9"), keys);

        assertEquals(List.of(byUuid, byUuid.withSnapshotTime(T0 + HOUR)),
                storage.hourly().trace(VC_A, "uuid:uuid-legacy", new TimeWindow(T0, T0 + DAY)));
        assertEquals(List.of(byNameToo), storage.hourly().trace(VC_A, "name:same-name", new TimeWindow(T0, T0 + DAY)));
        assertEquals(List.of(byName, byName.withSnapshotTime(T0 + HOUR)),
                storage.hourly().trace(VC_A, "name:legacy-2", new TimeWindow(T0, T0 + DAY)));
    }

    @Test
    void traceReturnsOneVmOfOneVcenterOverAHalfOpenWindowInTimeOrder() {
        for (int h = 0; h < 6; h++) {
            long t = T0 + h * HOUR;
            List<VmSample> rows = new ArrayList<>(vms(VC_A, t, 0, 4));
            rows.set(2, withVcpu(rows.get(2), 2 + h));
            storage.hourly().replaceSnapshot(VC_A, t, rows);
            storage.hourly().replaceSnapshot(VC_B, t, vms(VC_B, t, 0, 4)); // same VmIds in another vCenter
        }
        storage.hourly().replaceSnapshot(VC_A, T0 + 7 * HOUR, vms(VC_A, T0 + 7 * HOUR, 0, 2)); // vm-2 gone

        List<VmSample> trace = storage.hourly().trace(VC_A, "vm-2", new TimeWindow(T0 + HOUR, T0 + 5 * HOUR));

        assertEquals(4, trace.size());
        for (int i = 0; i < trace.size(); i++) {
            VmSample s = trace.get(i);
            assertEquals(T0 + (i + 1) * HOUR, s.snapshotTime());
            assertEquals(VC_A, s.vcenter());
            assertEquals("vm-2", s.vmId());
            assertEquals(3 + i, s.vcpuCount());
        }
        assertEquals(6, storage.hourly().trace(VC_A, "vm-2", new TimeWindow(T0, T0 + DAY)).size());
        assertEquals(List.of(), storage.hourly().trace(VC_A, "vm-404", new TimeWindow(T0, T0 + DAY)));
        assertEquals(List.of(), storage.hourly().trace("vc-unknown", "vm-2", new TimeWindow(T0, T0 + DAY)));
    }

    @Test
    void listsSnapshotTimesAndVcenters() {
        for (long t : new long[] {T0 + 2 * HOUR, T0, T0 + HOUR, T0 + 5 * HOUR}) {
            storage.hourly().replaceSnapshot(VC_B, t, vms(VC_B, t, 0, 2));
        }
        storage.hourly().replaceSnapshot(VC_A, T0 + 3 * HOUR, vms(VC_A, T0 + 3 * HOUR, 0, 2));

        assertEquals(List.of(T0 + HOUR, T0 + 2 * HOUR),
                storage.hourly().snapshotTimes(VC_B, new TimeWindow(T0 + HOUR, T0 + 5 * HOUR)));
        assertEquals(List.of(T0 + 3 * HOUR), storage.hourly().snapshotTimes(VC_A, new TimeWindow(T0, T0 + DAY)));
        assertEquals(OptionalLong.of(T0 + 5 * HOUR), storage.hourly().firstSnapshotAtOrAfter(VC_B, T0 + 2 * HOUR + 1));
        assertEquals(OptionalLong.of(T0 + 2 * HOUR), storage.hourly().firstSnapshotAtOrAfter(VC_B, T0 + 2 * HOUR));
        assertEquals(OptionalLong.empty(), storage.hourly().firstSnapshotAtOrAfter(VC_B, T0 + 5 * HOUR + 1));
        assertEquals(OptionalLong.of(T0 + 5 * HOUR), storage.hourly().latestSnapshotTime(VC_B));
        assertEquals(OptionalLong.empty(), storage.hourly().latestSnapshotTime("vc-unknown"));
        assertEquals(List.of(VC_A, VC_B), storage.hourly().vcenters());
    }

    @Test
    void anEmptyStoreHasNothing() {
        assertEquals(List.of(), storage.hourly().vcenters());
        assertEquals(OptionalLong.empty(), storage.hourly().latestSnapshotTime(VC_A));
        assertEquals(List.of(), storage.hourly().snapshot(VC_A, T0));
        assertEquals(List.of(), storage.hourly().snapshotTimes(VC_A, TimeWindow.all()));
    }

    @Test
    void deleteBeforeRemovesOlderRowsOnly() {
        for (int h = 0; h < 4; h++) {
            long t = T0 + h * HOUR;
            storage.hourly().replaceSnapshot(VC_A, t, vms(VC_A, t, 0, 5));
            storage.hourly().replaceSnapshot(VC_B, t, vms(VC_B, t, 0, 2));
        }

        long removed = storage.hourly().deleteBefore(T0 + 2 * HOUR);

        assertEquals(2 * (5 + 2), removed);
        assertEquals(List.of(T0 + 2 * HOUR, T0 + 3 * HOUR), storage.hourly().snapshotTimes(VC_A, TimeWindow.all()));
        assertEquals(List.of(), storage.hourly().snapshot(VC_A, T0 + HOUR));
        assertEquals(5, storage.hourly().snapshot(VC_A, T0 + 2 * HOUR).size());
        assertEquals(2, storage.hourly().trace(VC_B, "vm-1", TimeWindow.all()).size());
        assertEquals(0, storage.hourly().deleteBefore(T0 + 2 * HOUR), "a second run finds nothing more");
    }

    @Test
    void deletingBeforeTheRetentionBoundaryKeepsEverythingFromTheCutoffOn() {
        for (int d = 0; d < 3; d++) {
            long t = T0 + d * DAY;
            storage.hourly().replaceSnapshot(VC_A, t, vms(VC_A, t, 0, 2));
        }
        long cutoff = T0 + DAY + HOUR;
        long boundary = storage.hourly().retentionBoundary(cutoff);
        assertTrue(boundary <= cutoff, "the boundary never passes the cutoff");

        storage.hourly().deleteBefore(boundary);

        List<Long> kept = storage.hourly().snapshotTimes(VC_A, TimeWindow.all());
        assertTrue(kept.contains(T0 + 2 * DAY), "rows at or after the cutoff are kept: " + kept);
    }

    @Test
    void concurrentCapturesOfSeveralVcentersAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                String vcenter = "vc-" + v;
                results.add(pool.submit(() -> {
                    int n = 0;
                    for (int h = 0; h < 3; h++) {
                        n += storage.hourly().replaceSnapshot(vcenter, T0 + h * HOUR, vms(vcenter, T0 + h * HOUR, 0, 10));
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(30, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<VmSample> all = new ArrayList<>();
        storage.hourly().forEachOrdered(TimeWindow.all(), all::add);
        assertEquals(4 * 3 * 10, all.size());
        assertTrue(storage.hourly().vcenters().containsAll(List.of("vc-0", "vc-1", "vc-2", "vc-3")));
    }
}
