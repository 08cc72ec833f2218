package io.vmledger.reports;

import io.vmledger.aggregation.AggregationHandoff;
import io.vmledger.api.AggregationPath;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Optional;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service around the generator: hand-offs sync and async, catch-up of missing and stale reports, names. */
class ReportServiceTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final long T0 = DAY.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();

    @TempDir
    Path dir;
    private Storage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    private Settings settings(boolean async) {
        return Settings.defaults().toBuilder()
                .snapshotTableCompatMode(false)
                .asyncReportGeneration(async)
                .build();
    }

    private ReportService service(Settings settings, DataVersion version) {
        if (storage == null) {
            storage = StorageProviders.open(settings, Map.of("path", dir.resolve("s.db").toString()));
        }
        return new ReportService(storage, settings, new ReportFiles(settings.reportsPath(Optional.of(dir))), version);
    }

    private static AggregationHandoff handoff(ReportService reports) {
        return new AggregationHandoff() {
            @Override
            public void dayAggregated(LocalDate day) {
                reports.dayAggregated(day);
            }

            @Override
            public void monthAggregated(YearMonth month) {
                reports.monthAggregated(month);
            }
        };
    }

    @Test
    void synchronousHandOffsWriteTheReportsBeforeCaptureAndAggregationReturn() {
        Settings settings = settings(false);
        try (ReportService reports = service(settings, DataVersion.UNKNOWN);
             CapturePipeline capture = new CapturePipeline(storage, new SimulatedInventorySource(2, 10, 1L), settings,
                     (t, snapshots) -> reports.snapshotCaptured(t))) {
            for (int h = 0; h < 3; h++) {
                assertTrue(capture.captureAll(T0 + h * 3600L).allSucceeded());
                assertTrue(Files.exists(settings.reportsPath(Optional.of(dir)).resolve("inventory_hourly_" + (T0 + h * 3600L) + ".xlsx")));
            }
            new DailyAggregationJob(storage, settings, java.time.Clock.systemUTC(), handoff(reports))
                    .run(DAY, AggregationPath.JAVA);
            assertTrue(Files.exists(settings.reportsPath(Optional.of(dir)).resolve("inventory_daily_summary_20261120.xlsx")));
            // every generation from a hand-off is a recorded job run
            assertEquals(4, storage.jobs().recent(ReportService.JOB_TYPE, 10, 0).total());
            assertEquals(4, reports.files().list().size());
        }
    }

    @Test
    void asynchronousHandOffsQueueAndTheCatchUpMakesMissingAndStaleReportsAndDropsHalfWrittenFiles() throws Exception {
        Settings settings = settings(true);
        long[] dataWritten = {0};
        DataVersion version = id -> id instanceof ReportId.Daily ? OptionalLong.of(dataWritten[0]) : OptionalLong.empty();
        try (ReportService reports = service(settings, version);
             CapturePipeline capture = new CapturePipeline(storage, new SimulatedInventorySource(1, 10, 1L), settings,
                     (t, snapshots) -> reports.snapshotCaptured(t))) {
            // worker not started yet: hand-offs only queue
            assertTrue(capture.captureAll(T0).allSucceeded());
            assertTrue(capture.captureAll(T0 + 3600).allSucceeded());
            assertEquals(2, reports.queueStats().depth());
            assertTrue(reports.files().list().isEmpty());
            new DailyAggregationJob(storage, settings, java.time.Clock.systemUTC(), handoff(reports))
                    .run(DAY, AggregationPath.JAVA);

            // a crash left a temporary file; start() removes it, the worker drains the queue
            Files.createDirectories(settings.reportsPath(Optional.of(dir)));
            Path partial = settings.reportsPath(Optional.of(dir)).resolve(".inventory_daily_summary_20261120.xlsx.1234.tmp");
            Files.write(partial, new byte[]{'P', 'K'});
            reports.start();
            assertFalse(Files.exists(partial));
            assertTrue(reports.awaitIdle(Duration.ofSeconds(60)));
            assertEquals(3, reports.files().list().size());

            // one report lost, one made before its data last changed: the catch-up makes both again
            ReportId hour = ReportId.hourly(T0);
            ReportId day = ReportId.daily(DAY);
            assertTrue(reports.files().delete(hour));
            Path daily = reports.files().path(day);
            Files.setLastModifiedTime(daily, FileTime.from(Instant.now().minusSeconds(600)));
            dataWritten[0] = Instant.now().minusSeconds(60).toEpochMilli();
            assertEquals(List.of(day, hour), reports.missingOrStale());
            reports.catchUp();
            assertTrue(reports.awaitIdle(Duration.ofSeconds(60)));
            assertTrue(reports.missingOrStale().isEmpty());
            assertTrue(Files.getLastModifiedTime(daily).toMillis() >= dataWritten[0]);
            assertTrue(reports.queueStats().completed() >= 5);
        }
    }

    @Test
    void aPeriodWithoutDataIsAClearErrorAndNamesParseBackExactly() {
        Settings settings = settings(false);
        try (ReportService reports = service(settings, DataVersion.UNKNOWN)) {
            ReportException e = assertThrows(ReportException.class, () -> reports.generate(ReportId.daily(DAY)));
            assertTrue(e.getMessage().contains("has not been aggregated"), e.getMessage());
            assertThrows(ReportException.class, () -> reports.generate(ReportId.hourly(T0)));
            assertTrue(reports.files().list().isEmpty());
        }
        for (ReportId id : List.of(ReportId.hourly(T0), ReportId.daily(DAY), ReportId.monthly(YearMonth.of(2026, 2)))) {
            assertEquals(id, ReportId.parse(id.fileName()).orElseThrow());
        }
        assertEquals("inventory_hourly_1795132800.xlsx", ReportId.hourly(1_795_132_800L).fileName());
        assertEquals("inventory_daily_summary_20261120.xlsx", ReportId.daily(DAY).fileName());
        assertEquals("inventory_monthly_summary_202602.xlsx", ReportId.monthly(YearMonth.of(2026, 2)).fileName());
        for (String bad : List.of("../inventory_daily_summary_20261120.xlsx", "inventory_daily_summary_20261399.xlsx",
                "inventory_hourly_12.xlsx/../../etc/passwd", "inventory_hourly_-5.xlsx", "Inventory_hourly_5.xlsx",
                "inventory_monthly_summary_202613.xlsx", "inventory_hourly_5.xlsx.tmp", "", "inventory_hourly_5.XLSX")) {
            assertTrue(ReportId.parse(bad).isEmpty(), bad);
        }
    }
}
