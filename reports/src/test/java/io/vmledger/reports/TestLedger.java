package io.vmledger.reports;

import io.vmledger.api.AggregationPath;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.Inventory;
import io.vmledger.capture.InventorySource;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A small ledger for the report tests, written by the real capture pipeline and aggregation jobs: two
 * simulated vCenters captured hourly over two whole days of {@link #ZONE} (so day boundaries are not
 * UTC's) and the first hours of a third, the days and their month aggregated, compatibility mode off (the
 * reports must not need the legacy tables). Four VMs of the first vCenter carry hostile names.
 */
final class TestLedger {
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    static final LocalDate DAY1 = LocalDate.of(2026, 10, 5);
    static final LocalDate DAY2 = DAY1.plusDays(1);
    static final YearMonth MONTH = YearMonth.from(DAY1);
    static final int DAY3_HOURS = 2;
    static final List<String> HOSTILE = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)");
    static final String VC1 = SimulatedInventorySource.vcenterKey(1);

    private TestLedger() {
    }

    static Settings settings(Settings base) {
        return base.toBuilder()
                .reportTimeZone(ZONE)
                .snapshotTableCompatMode(false)
                .asyncReportGeneration(false)
                .retry(new Settings.RetrySettings(1, 0, 0))
                .build();
    }

    /** The snapshot time of hour {@code h} (0-based) counted from DAY1's midnight in the zone. */
    static long hour(int h) {
        return DAY1.atStartOfDay(ZONE).toEpochSecond() + h * 3600L + 11;
    }

    /** Captures and aggregates the ledger; returns the snapshot times. */
    static List<Long> fill(Storage storage, Settings settings) {
        List<Long> times = new ArrayList<>();
        try (CapturePipeline capture = new CapturePipeline(storage, new Hostile(new SimulatedInventorySource(2, 30, 5L)),
                settings)) {
            for (int h = 0; h < 48 + DAY3_HOURS; h++) {
                long t = hour(h);
                if (!capture.captureAll(t).allSucceeded()) {
                    throw new IllegalStateException("capture failed at " + t);
                }
                times.add(t);
            }
        }
        DailyAggregationJob daily = new DailyAggregationJob(storage, settings);
        daily.run(DAY1, AggregationPath.JAVA);
        daily.run(DAY2, AggregationPath.JAVA);
        new MonthlyAggregationJob(storage, settings).run(MONTH, AggregationPath.JAVA, Settings.MonthlyGranularity.DAILY);
        return times;
    }

    /** Renames the first VMs of the first vCenter to formula-like names (as a vCenter admin could). */
    static final class Hostile implements InventorySource {
        private final InventorySource delegate;

        Hostile(InventorySource delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> vcenters() {
            return delegate.vcenters();
        }

        @Override
        public Inventory capture(String vcenter, long snapshotTime) {
            Inventory inv = delegate.capture(vcenter, snapshotTime);
            if (!vcenter.equals(VC1)) {
                return inv;
            }
            List<VmSample> rows = new ArrayList<>(inv.vms());
            rows.sort((a, b) -> a.key().compareTo(b.key()));
            for (int i = 0; i < HOSTILE.size() && i < rows.size(); i++) {
                VmSample s = rows.get(i);
                rows.set(i, new VmSample(s.snapshotTime(), s.vcenter(), s.vmId(), s.vmUuid(), HOSTILE.get(i),
                        s.creationTime(), s.deletionTime(), s.resourcePool(), s.datacenter(), s.cluster(), s.folder(),
                        s.vcpuCount(), s.ramGb(), s.provisionedDiskGb(), s.powerState(), s.template()));
            }
            return new Inventory(inv.vcenter(), inv.snapshotTime(), rows, inv.fallbacks());
        }

        @Override
        public List<VmEvent> events(String vcenter, long fromExclusive, long toInclusive) {
            return delegate.events(vcenter, fromExclusive, toInclusive);
        }
    }
}
