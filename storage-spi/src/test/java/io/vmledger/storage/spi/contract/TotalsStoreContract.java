package io.vmledger.storage.spi.contract;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.PowerState;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.vmledger.storage.spi.contract.ContractData.DAY;
import static io.vmledger.storage.spi.contract.ContractData.HOUR;
import static io.vmledger.storage.spi.contract.ContractData.T0;
import static io.vmledger.storage.spi.contract.ContractData.VC_A;
import static io.vmledger.storage.spi.contract.ContractData.VC_B;
import static io.vmledger.storage.spi.contract.ContractData.vms;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code TotalsStore}: snapshot totals, latest totals, aggregate totals, rebuild and retention. */
public abstract class TotalsStoreContract extends ContractBase {

    static VcenterTotals totals(String vcenter, long time, int vms) {
        return new VcenterTotals(vcenter, time, vms, vms - 1, 2L * vms, 4.5 * vms, 40.25 * vms);
    }

    static AggregateTotals aggregate(String vcenter, Granularity g, long start, int snapshots, double avgVms) {
        return new AggregateTotals(vcenter, g, start, snapshots, avgVms, avgVms - 1, 2 * avgVms, 4 * avgVms,
                40 * avgVms, (int) avgVms + 3);
    }

    @Test
    void seriesReturnsAVcentersTotalsInTimeOrderWithinAHalfOpenWindow() {
        for (long h : new long[] {3, 0, 2, 1, 4}) {
            storage.totals().putSnapshotTotals(totals(VC_A, T0 + h * HOUR, 10 + (int) h));
        }
        storage.totals().putSnapshotTotals(totals(VC_B, T0 + HOUR, 99));

        assertEquals(List.of(totals(VC_A, T0 + HOUR, 11), totals(VC_A, T0 + 2 * HOUR, 12),
                        totals(VC_A, T0 + 3 * HOUR, 13)),
                storage.totals().series(VC_A, new TimeWindow(T0 + HOUR, T0 + 4 * HOUR)));
    }

    @Test
    void rewritingASnapshotsTotalsReplacesThem() {
        storage.totals().putSnapshotTotals(totals(VC_A, T0, 10));
        storage.totals().putSnapshotTotals(totals(VC_A, T0, 12));
        assertEquals(List.of(totals(VC_A, T0, 12)), storage.totals().series(VC_A, TimeWindow.all()));
        assertEquals(List.of(totals(VC_A, T0, 12)), storage.totals().latest());
    }

    @Test
    void latestTotalsOnlyMoveForward() {
        storage.totals().putSnapshotTotals(totals(VC_B, T0, 5));
        storage.totals().putSnapshotTotals(totals(VC_A, T0 + 2 * HOUR, 20));
        storage.totals().putSnapshotTotals(totals(VC_A, T0 + HOUR, 10)); // a late, older snapshot

        assertEquals(List.of(totals(VC_A, T0 + 2 * HOUR, 20), totals(VC_B, T0, 5)), storage.totals().latest());
        assertEquals(2, storage.totals().series(VC_A, TimeWindow.all()).size(), "the older one is still stored");

        storage.totals().putSnapshotTotals(totals(VC_A, T0 + 3 * HOUR, 30));
        assertEquals(totals(VC_A, T0 + 3 * HOUR, 30), storage.totals().latest().get(0));
    }

    @Test
    void aggregateTotalsUpsertOnVcenterGranularityAndPeriod() {
        storage.totals().putAggregates(List.of(
                aggregate(VC_A, Granularity.HOURLY, T0, 1, 10),
                aggregate(VC_A, Granularity.HOURLY, T0 + HOUR, 1, 11),
                aggregate(VC_A, Granularity.DAILY, T0, 24, 10.5),
                aggregate(VC_B, Granularity.HOURLY, T0, 1, 70)));
        storage.totals().putAggregates(List.of(aggregate(VC_A, Granularity.HOURLY, T0, 1, 15)));

        assertEquals(List.of(aggregate(VC_A, Granularity.HOURLY, T0, 1, 15),
                        aggregate(VC_A, Granularity.HOURLY, T0 + HOUR, 1, 11)),
                storage.totals().aggregates(VC_A, Granularity.HOURLY, TimeWindow.all()));
        assertEquals(List.of(aggregate(VC_A, Granularity.HOURLY, T0, 1, 15)),
                storage.totals().aggregates(VC_A, Granularity.HOURLY, new TimeWindow(T0, T0 + HOUR)));
        assertEquals(List.of(aggregate(VC_A, Granularity.DAILY, T0, 24, 10.5)),
                storage.totals().aggregates(VC_A, Granularity.DAILY, TimeWindow.all()));
        assertEquals(List.of(), storage.totals().aggregates(VC_B, Granularity.MONTHLY, TimeWindow.all()));
    }

    @Test
    void rebuildFromHourlyRecomputesTotalsWithoutTemplates() {
        List<VmSample> first = new ArrayList<>(vms(VC_A, T0, 0, 5));
        VmSample off = first.get(1);
        first.set(1, new VmSample(T0, VC_A, off.vmId(), off.vmUuid(), off.name(), null, null, "Tin", null, null,
                null, 3, 6.5, 12.0, PowerState.POWERED_OFF, false));
        VmSample tmpl = first.get(2);
        first.set(2, new VmSample(T0, VC_A, tmpl.vmId(), tmpl.vmUuid(), tmpl.name(), null, null, null, null, null,
                null, 8, 32, 100, PowerState.POWERED_OFF, true));
        storage.hourly().replaceSnapshot(VC_A, T0, first);
        List<VmSample> second = vms(VC_A, T0 + HOUR, 0, 3);
        storage.hourly().replaceSnapshot(VC_A, T0 + HOUR, second);
        List<VmSample> b = vms(VC_B, T0, 0, 2);
        storage.hourly().replaceSnapshot(VC_B, T0, b);
        storage.totals().putSnapshotTotals(totals(VC_A, T0 - DAY, 1)); // stale, not backed by hourly rows

        long rows = storage.totals().rebuildFromHourly();

        assertEquals(3, rows);
        assertEquals(List.of(VcenterTotals.of(VC_A, T0, first), VcenterTotals.of(VC_A, T0 + HOUR, second)),
                storage.totals().series(VC_A, TimeWindow.all()));
        assertEquals(new VcenterTotals(VC_A, T0, 4, 3, 9, 18.5, 132.0), storage.totals().series(VC_A, TimeWindow.all()).get(0));
        assertEquals(List.of(VcenterTotals.of(VC_A, T0 + HOUR, second), VcenterTotals.of(VC_B, T0, b)),
                storage.totals().latest());
    }

    @Test
    void deleteBeforeRemovesOldSnapshotTotalsAndHourlyAggregatesOnly() {
        for (int h = 0; h < 4; h++) {
            storage.totals().putSnapshotTotals(totals(VC_A, T0 + h * HOUR, 10 + h));
        }
        storage.totals().putAggregates(List.of(
                aggregate(VC_A, Granularity.HOURLY, T0, 1, 10),
                aggregate(VC_A, Granularity.HOURLY, T0 + 3 * HOUR, 1, 13),
                aggregate(VC_A, Granularity.DAILY, T0 - DAY, 24, 10)));

        long removed = storage.totals().deleteBefore(T0 + 2 * HOUR);

        assertEquals(3, removed);
        assertEquals(List.of(totals(VC_A, T0 + 2 * HOUR, 12), totals(VC_A, T0 + 3 * HOUR, 13)),
                storage.totals().series(VC_A, TimeWindow.all()));
        assertEquals(1, storage.totals().aggregates(VC_A, Granularity.HOURLY, TimeWindow.all()).size());
        assertEquals(1, storage.totals().aggregates(VC_A, Granularity.DAILY, TimeWindow.all()).size());
        assertEquals(List.of(totals(VC_A, T0 + 3 * HOUR, 13)), storage.totals().latest());
    }
}
