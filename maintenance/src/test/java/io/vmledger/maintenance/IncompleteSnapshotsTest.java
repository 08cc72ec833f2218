package io.vmledger.maintenance;

import io.vmledger.aggregation.AggregationHandoff;
import io.vmledger.api.JobStatus;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up's mend of the snapshots a crash of an earlier version left incomplete (rows written, then the
 * process died before the lifecycle, totals and registry record): once a later snapshot of the vCenter is
 * complete, the store is mended to the one a run that never crashed leaves, removal-event deletions included.
 * An incomplete snapshot that is its vCenter's newest is left to that vCenter's next capture.
 */
class IncompleteSnapshotsTest {
    private static final long T0 = Instant.parse("2026-11-29T20:00:00Z").getEpochSecond();
    private static final int HOURS = 8;
    private static final int TORN_HOUR = 3;

    @TempDir
    Path dir;

    private final Settings settings = Settings.defaults();

    private Storage open(String name) {
        return StorageProviders.open(settings, Map.of("path", dir.resolve(name + ".db").toString()));
    }

    private static SimulatedInventorySource source() {
        return new SimulatedInventorySource(2, 120, 14L);
    }

    @Test
    void aSnapshotWithRowsAndNoRecordIsMendedToTheStoreOfARunThatNeverCrashed() throws Exception {
        StoreDigest expected;
        try (Storage reference = open("reference");
             CapturePipeline capture = new CapturePipeline(reference, source(), settings)) {
            for (int h = 0; h < HOURS; h++) {
                assertTrue(capture.captureAll(T0 + h * 3600L).allSucceeded());
            }
            expected = StoreDigest.of(reference, settings.calendar());
        }

        try (Storage torn = open("torn");
             SimulatedInventorySource source = source();
             CapturePipeline capture = new CapturePipeline(torn, source, settings)) {
            String vc = source.vcenters().get(0);
            for (int h = 0; h < TORN_HOUR; h++) {
                capture.captureAll(T0 + h * 3600L);
            }
            long t = T0 + TORN_HOUR * 3600L;
            // an earlier version killed after its persist stage: rows, nothing else; the other vCenter is whole
            torn.hourly().replaceSnapshot(vc, t, source.capture(vc, t).vms());
            capture.captureVcenter(source.vcenters().get(1), t);
            IncompleteSnapshots recovery = new IncompleteSnapshots(torn, settings, Clock.systemUTC(),
                    AggregationHandoff.NONE);

            IncompleteSnapshots.Found newest = recovery.find();
            assertEquals(List.of(new IncompleteSnapshots.Snapshot(vc, t)), newest.trailing());
            assertTrue(newest.nothingToMend(), "the newest snapshot waits for the vCenter's next capture");
            assertEquals(0, recovery.mend().lifecycleEntries());

            for (int h = TORN_HOUR + 1; h < HOURS; h++) {
                capture.captureAll(T0 + h * 3600L);
            }
            IncompleteSnapshots.Found found = recovery.find();
            assertEquals(List.of(new IncompleteSnapshots.Snapshot(vc, t)), found.mendable());
            assertEquals(List.of(new IncompleteSnapshots.Snapshot(vc, t)), recovery.mend().found().mendable());
            assertEquals(JobStatus.SUCCEEDED,
                    torn.jobs().latest(IncompleteSnapshots.JOB_TYPE, "incomplete snapshots").orElseThrow().status());

            StoreDigest actual = StoreDigest.of(torn, settings.calendar());
            List<String> differing = actual.differingSections(expected);
            try (Storage reference = open("reference")) {
                assertEquals(List.of(), differing, () -> StoreDigest.explain(torn, reference, settings.calendar(),
                        differing));
            }
            assertTrue(recovery.find().nothingToMend());
            assertTrue(recovery.find().trailing().isEmpty());
        }
    }
}
