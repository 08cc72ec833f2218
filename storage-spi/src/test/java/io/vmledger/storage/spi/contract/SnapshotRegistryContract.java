package io.vmledger.storage.spi.contract;

import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.storage.spi.SnapshotQuery;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.vmledger.storage.spi.contract.ContractData.DAY;
import static io.vmledger.storage.spi.contract.ContractData.HOUR;
import static io.vmledger.storage.spi.contract.ContractData.T0;
import static io.vmledger.storage.spi.contract.ContractData.VC_A;
import static io.vmledger.storage.spi.contract.ContractData.VC_B;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code SnapshotRegistry}: upsert, filters, newest-first pagination and retention. */
public abstract class SnapshotRegistryContract extends ContractBase {

    static SnapshotRecord hourly(String vcenter, long time, long rows) {
        return new SnapshotRecord(Granularity.HOURLY, time, vcenter, rows, "inventory_hourly_" + time);
    }

    private void registerSample() {
        for (int h = 0; h < 5; h++) {
            storage.registry().register(hourly(VC_A, T0 + h * HOUR, 100 + h));
            storage.registry().register(hourly(VC_B, T0 + h * HOUR, 200 + h));
        }
        storage.registry().register(new SnapshotRecord(Granularity.DAILY, T0 - DAY, SnapshotRecord.ALL_VCENTERS,
                2400, null));
    }

    @Test
    void registerUpsertsOnTypeTimeAndVcenter() {
        storage.registry().register(hourly(VC_A, T0, 10));
        storage.registry().register(new SnapshotRecord(Granularity.HOURLY, T0, VC_A, 12, null));

        assertEquals(Optional.of(new SnapshotRecord(Granularity.HOURLY, T0, VC_A, 12, null)),
                storage.registry().get(Granularity.HOURLY, T0, VC_A));
        assertEquals(Optional.empty(), storage.registry().get(Granularity.DAILY, T0, VC_A));
        assertEquals(Optional.empty(), storage.registry().get(Granularity.HOURLY, T0, VC_B));
        assertEquals(1, storage.registry().list(new SnapshotQuery(null, null, TimeWindow.all(), 10, 0)).total());
    }

    @Test
    void listsNewestFirstWithTotalCountAndPages() {
        registerSample();

        Page<SnapshotRecord> first = storage.registry().list(new SnapshotQuery(null, null, TimeWindow.all(), 4, 0));
        assertEquals(11, first.total());
        assertEquals(List.of(hourly(VC_A, T0 + 4 * HOUR, 104), hourly(VC_B, T0 + 4 * HOUR, 204),
                hourly(VC_A, T0 + 3 * HOUR, 103), hourly(VC_B, T0 + 3 * HOUR, 203)), first.items());

        Page<SnapshotRecord> last = storage.registry().list(new SnapshotQuery(null, null, TimeWindow.all(), 4, 8));
        assertEquals(List.of(hourly(VC_A, T0, 100), hourly(VC_B, T0, 200)), last.items().subList(0, 2));
        assertEquals(Granularity.DAILY, last.items().get(2).type());
        assertEquals(11, last.total());

        Page<SnapshotRecord> beyond = storage.registry().list(new SnapshotQuery(null, null, TimeWindow.all(), 4, 20));
        assertEquals(List.of(), beyond.items());
        assertEquals(11, beyond.total());
    }

    @Test
    void filtersByTypeVcenterAndHalfOpenWindow() {
        registerSample();

        Page<SnapshotRecord> page = storage.registry().list(new SnapshotQuery(Granularity.HOURLY, VC_B,
                new TimeWindow(T0 + HOUR, T0 + 3 * HOUR), 10, 0));
        assertEquals(List.of(hourly(VC_B, T0 + 2 * HOUR, 202), hourly(VC_B, T0 + HOUR, 201)), page.items());
        assertEquals(2, page.total());

        Page<SnapshotRecord> daily = storage.registry().list(new SnapshotQuery(Granularity.DAILY, null,
                TimeWindow.all(), 10, 0));
        assertEquals(1, daily.total());
        assertEquals(SnapshotRecord.ALL_VCENTERS, daily.items().get(0).vcenter());
        assertEquals(0, storage.registry().list(new SnapshotQuery(Granularity.MONTHLY, null, TimeWindow.all(), 10, 0))
                .total());
    }

    @Test
    void deleteBeforeRemovesOlderRecordsOfOneType() {
        registerSample();

        assertEquals(4, storage.registry().deleteBefore(Granularity.HOURLY, T0 + 2 * HOUR));

        assertEquals(7, storage.registry().list(new SnapshotQuery(null, null, TimeWindow.all(), 100, 0)).total());
        assertEquals(Optional.empty(), storage.registry().get(Granularity.HOURLY, T0 + HOUR, VC_A));
        assertEquals(1, storage.registry().list(new SnapshotQuery(Granularity.DAILY, null, TimeWindow.all(), 10, 0))
                .total(), "other types are kept");
    }
}
