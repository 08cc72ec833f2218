package io.vmledger.storage.spi.golden;

import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.Storage;

import java.util.List;
import java.util.Map;

/** Stores the golden dataset as the capture pipeline would: canonical rows, registry, totals, lifecycle. */
public final class GoldenLoader {

    private GoldenLoader() {
    }

    /**
     * @param compatTables whether to write the {@code inventory_hourly_<T>} tables too (the legacy path reads them)
     */
    public static void load(Storage storage, boolean compatTables) {
        load(storage, compatTables, Long.MAX_VALUE, GoldenDataset.lifecycle());
    }

    /**
     * The store as it was when the 14th was aggregated on schedule: the snapshots up to the 15th's first
     * capture and the lifecycle cache of {@link GoldenDataset#lifecycleAtScheduledRun()}.
     */
    public static void loadAtScheduledRun(Storage storage, boolean compatTables) {
        load(storage, compatTables, GoldenDataset.next(0), GoldenDataset.lifecycleAtScheduledRun());
    }

    private static void load(Storage storage, boolean compatTables, long lastSnapshot, List<LifecycleEntry> lifecycle) {
        for (Map.Entry<String, List<Long>> e : GoldenDataset.snapshotTimes().entrySet()) {
            String v = e.getKey();
            for (long t : e.getValue()) {
                if (t > lastSnapshot) {
                    continue;
                }
                List<VmSample> rows = GoldenDataset.snapshot(v, t);
                storage.hourly().replaceSnapshot(v, t, rows);
                if (compatTables) {
                    storage.compatibility().writeHourly(t, v, rows);
                }
                storage.registry().register(new SnapshotRecord(Granularity.HOURLY, t, v, rows.size(),
                        compatTables ? storage.compatibility().hourlyTableName(t) : null));
                storage.totals().putSnapshotTotals(VcenterTotals.of(v, t, rows));
            }
        }
        storage.lifecycle().upsert(lifecycle);
    }
}
