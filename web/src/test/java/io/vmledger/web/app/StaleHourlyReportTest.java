package io.vmledger.web.app;

import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.reports.ReportId;
import io.vmledger.web.chaos.ChaosWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An hourly report made before its hour was captured again (a re-capture whose process died before the
 * report hand-off) is stale, and the start-up catch-up makes it again (issue 11's gap, issue 14).
 */
class StaleHourlyReportTest {

    @TempDir
    Path dir;

    @Test
    void anHourlyReportOlderThanItsSnapshotsIsMadeAgainByTheCatchUp() throws Exception {
        Map<String, String> options = Map.of("path", dir.resolve("vmledger.db").toString());
        Settings settings = new ChaosWorkload.Spec("sqlite", options, dir.resolve("reports").toString(), 2, 20, 14, 0, 1,
                1).settings();
        long t = Instant.now().getEpochSecond() / 3600 * 3600 - 3600;
        try (AppServices services = AppServices.open(settings, options, "test")) {
            assertTrue(services.capture().captureAll(t).allSucceeded());
            assertTrue(services.reports().awaitIdle(Duration.ofSeconds(60)));
            assertEquals(List.of(), services.reports().missingOrStale());

            Thread.sleep(20); // the re-capture is written later than the report, to the millisecond
            try (CapturePipeline recapture = new CapturePipeline(services.storage(), services.source(), settings)) {
                assertTrue(recapture.captureAll(t).allSucceeded()); // no report hand-off: as if killed before it
            }
            assertEquals(List.of(ReportId.hourly(t)), services.reports().missingOrStale());

            services.reports().catchUp();
            assertTrue(services.reports().awaitIdle(Duration.ofSeconds(60)));
            assertEquals(List.of(), services.reports().missingOrStale());
        }
    }
}
