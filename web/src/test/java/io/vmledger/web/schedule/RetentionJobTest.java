package io.vmledger.web.schedule;

import io.vmledger.api.Granularity;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.reports.DataVersion;
import io.vmledger.reports.ReportFiles;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportInfo;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionJobTest {
    private static final long DAY = 86_400;
    private static final long T0 = 1_795_910_400L; // 2026-11-29T00:00:00Z

    @Test
    void removesOnlyWhatIsOlderThanEachLimit(@TempDir Path dir) {
        Settings settings = Settings.defaults();
        try (Storage storage = StorageProviders.open(settings, Map.of("path", dir.resolve("r.db").toString()));
             CapturePipeline pipeline = new CapturePipeline(storage, new SimulatedInventorySource(1, 20, 3L), settings);
             ReportService reports = new ReportService(storage, settings.toBuilder().asyncReportGeneration(false).build(),
                     new ReportFiles(dir.resolve("reports")), DataVersion.UNKNOWN)) {
            // snapshots 10, 5 and 1 days before T0, each with its hourly report
            for (long age : List.of(10L, 5L, 1L)) {
                assertTrue(pipeline.captureAll(T0 - age * DAY).allSucceeded());
                reports.snapshotCaptured(T0 - age * DAY);
            }
            String vc = SimulatedInventorySource.vcenterKey(1);
            assertEquals(3, reports.files().list().size());

            new RetentionJob(storage, new Settings.CleanupSettings(false, 3, 3, 1), reports).run(T0);
            assertEquals(3, storage.hourly().snapshotTimes(vc, TimeWindow.all()).size(), "disabled clean-up removes nothing");
            assertEquals(3, reports.files().list().size());

            long removed = new RetentionJob(storage, new Settings.CleanupSettings(true, 7, 3, 0), reports).run(T0);
            assertTrue(removed > 0);
            assertEquals(List.of(T0 - 5 * DAY, T0 - DAY), storage.hourly().snapshotTimes(vc, TimeWindow.all()));
            assertEquals(2, storage.totals().series(vc, TimeWindow.all()).size());
            assertEquals(2, storage.registry().list(new SnapshotQuery(Granularity.HOURLY, vc, TimeWindow.all(), 10, 0)).total());
            assertEquals(List.of(T0 - DAY), storage.compatibility().hourlyTableTimes(TimeWindow.all()));
            // hourly reports go with the hourly rows (7 days), not with the compatibility tables (3 days)
            assertEquals(List.of(ReportId.hourly(T0 - 5 * DAY), ReportId.hourly(T0 - DAY)),
                    reports.files().list().stream().map(ReportInfo::id).toList());
            assertTrue(storage.jobs().recent(RetentionJob.JOB_TYPE, 1, 0).items().get(0).detail().contains("hourly reports 1"));
            assertEquals(RetentionJob.JOB_TYPE, storage.jobs().recent(RetentionJob.JOB_TYPE, 1, 0).items().get(0).type());
        }
    }
}
