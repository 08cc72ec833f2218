package io.vmledger.storage.spi.contract;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.vmledger.storage.spi.contract.ContractData.HOUR;
import static io.vmledger.storage.spi.contract.ContractData.T0;
import static io.vmledger.storage.spi.contract.ContractData.VC_A;
import static io.vmledger.storage.spi.contract.ContractData.VC_B;
import static io.vmledger.storage.spi.contract.ContractData.vm;
import static io.vmledger.storage.spi.contract.ContractData.vms;
import static io.vmledger.storage.spi.contract.ContractData.withVcpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code CompatibilityTables}: the per-snapshot tables {@code inventory_hourly_<T>}. */
public abstract class CompatibilityTablesContract extends ContractBase {

    @Test
    void writesAndReadsATableOrderedByVcenterAndKey() {
        storage.compatibility().writeHourly(T0, VC_B, vms(VC_B, T0, 0, 2));
        List<VmSample> a = List.of(vm(VC_A, T0, 3), vm(VC_A, T0, null, "uuid-l", "legacy"), vm(VC_A, T0, 1),
                vm(VC_A, T0, 2), vm(VC_A, T0, 0));
        storage.compatibility().writeHourly(T0, VC_A, a);

        // "uuid:uuid-l" sorts before "vm-0"
        List<VmSample> expected = new ArrayList<>(List.of(vm(VC_A, T0, null, "uuid-l", "legacy")));
        expected.addAll(vms(VC_A, T0, 0, 4));
        expected.addAll(vms(VC_B, T0, 0, 2));
        assertEquals(expected, storage.compatibility().readHourly(T0));
    }

    @Test
    void rewritingAVcenterReplacesOnlyItsRows() {
        storage.compatibility().writeHourly(T0, VC_A, vms(VC_A, T0, 0, 5));
        storage.compatibility().writeHourly(T0, VC_B, vms(VC_B, T0, 0, 2));
        List<VmSample> again = List.of(withVcpu(vm(VC_A, T0, 1), 16));
        storage.compatibility().writeHourly(T0, VC_A, again);

        List<VmSample> expected = new ArrayList<>(again);
        expected.addAll(vms(VC_B, T0, 0, 2));
        assertEquals(expected, storage.compatibility().readHourly(T0));
    }

    @Test
    void rejectsRowsOfAnotherSnapshot() {
        assertThrows(IllegalArgumentException.class,
                () -> storage.compatibility().writeHourly(T0, VC_A, List.of(vm(VC_A, T0 + HOUR, 1))));
        assertThrows(IllegalArgumentException.class,
                () -> storage.compatibility().writeHourly(T0, VC_A, List.of(vm(VC_B, T0, 1))));
    }

    @Test
    void listsTableTimesInAHalfOpenWindowAscending() {
        for (int h : new int[] {3, 0, 1, 5}) {
            storage.compatibility().writeHourly(T0 + h * HOUR, VC_A, vms(VC_A, T0 + h * HOUR, 0, 1));
        }
        assertEquals(List.of(T0 + HOUR, T0 + 3 * HOUR),
                storage.compatibility().hourlyTableTimes(new TimeWindow(T0 + HOUR, T0 + 5 * HOUR)));
        assertEquals(List.of(T0, T0 + HOUR, T0 + 3 * HOUR, T0 + 5 * HOUR),
                storage.compatibility().hourlyTableTimes(TimeWindow.all()));
    }

    @Test
    void dropRemovesTheTable() {
        storage.compatibility().writeHourly(T0, VC_A, vms(VC_A, T0, 0, 2));
        storage.compatibility().writeHourly(T0 + HOUR, VC_A, vms(VC_A, T0 + HOUR, 0, 2));

        assertTrue(storage.compatibility().dropHourly(T0));
        assertFalse(storage.compatibility().dropHourly(T0), "a second drop finds nothing");
        assertEquals(List.of(), storage.compatibility().readHourly(T0));
        assertEquals(List.of(T0 + HOUR), storage.compatibility().hourlyTableTimes(TimeWindow.all()));
        assertEquals(2, storage.compatibility().readHourly(T0 + HOUR).size());
    }

    @Test
    void anAbsentTableReadsEmpty() {
        assertEquals(List.of(), storage.compatibility().readHourly(T0));
        assertEquals(List.of(), storage.compatibility().hourlyTableTimes(TimeWindow.all()));
    }

    @Test
    void compatibilityTablesAreSeparateFromCanonicalRows() {
        storage.compatibility().writeHourly(T0, VC_A, vms(VC_A, T0, 0, 3));
        assertEquals(List.of(), storage.hourly().snapshot(VC_A, T0));
        storage.hourly().replaceSnapshot(VC_A, T0 + HOUR, vms(VC_A, T0 + HOUR, 0, 3));
        assertEquals(List.of(), storage.compatibility().readHourly(T0 + HOUR));
    }
}
