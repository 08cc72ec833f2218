package io.vmledger.reports;

import io.vmledger.api.Granularity;
import io.vmledger.api.PowerState;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.Storage;

import java.time.LocalDate;

/** Writes a day's summary of many VMs straight through the storage plugin (no capture), for size tests. */
final class SyntheticSummaries {

    private SyntheticSummaries() {
    }

    static void day(Storage storage, LocalDate day, long dayStart, int vms) {
        try (PeriodWriter w = storage.rollups().beginDaily(day, dayStart, false)) {
            for (int i = 0; i < vms; i++) {
                String vc = "vc0" + (i % 3 + 1) + ".example.com";
                double present = (i % 24 + 1) / 24.0;
                w.add(new VmSummary(dayStart, vc, "vm-" + i, "vm-" + i, "uuid-" + i, "vm-name-" + i,
                        i % 24 + 1, 24, present, 1 + i % 8, 2 + i % 16, 40 + i % 500, 100, 0, 0, 0, 0,
                        dayStart, dayStart + 3600L * (i % 24), "Tin", 1 + i % 8, 2 + i % 16, 40 + i % 500,
                        PowerState.POWERED_ON, "dc1", "cluster-" + i % 5, "folder-" + i % 7, dayStart - 86_400L,
                        i % 24 == 23 ? null : dayStart + 3600L * (i % 24 + 1)));
            }
            w.register(new SnapshotRecord(Granularity.DAILY, dayStart, SnapshotRecord.ALL_VCENTERS, vms, null));
            w.commit();
        }
    }
}
