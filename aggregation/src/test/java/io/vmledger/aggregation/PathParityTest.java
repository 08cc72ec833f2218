package io.vmledger.aggregation;

import io.vmledger.api.ReportCalendar;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every path on the simulated inventory (creations, deletions with and without events, re-registrations,
 * pool moves, resizes, blinks, templates): the Java path, canonical SQL and the legacy union give the
 * same daily rows for several days, and the month from daily rollups equals the month from hourly rows
 * within 1e-9 relative.
 */
class PathParityTest {
    static final ZoneOffset UTC = ZoneOffset.UTC;
    static final LocalDate FIRST = LocalDate.of(2026, 1, 12);
    static final int DAYS = 4;

    @TempDir
    static Path dir;
    static Storage storage;
    static Settings settings;

    @BeforeAll
    static void captureSeveralDays() {
        settings = SqliteStores.settingsIn(dir, Settings.defaults().toBuilder()
                .snapshotTableCompatMode(true).asyncReportGeneration(false).hourlySnapshotConcurrency(1).build());
        storage = SqliteStores.open(dir, settings);
        SimulatedInventorySource source = new SimulatedInventorySource(2, 120, 7L);
        long start = FIRST.atStartOfDay(UTC).toEpochSecond();
        // the days, plus the first hour of the next day (which reconciles the last hour's deletions)
        try (CapturePipeline pipeline = new CapturePipeline(storage, source, settings)) {
            for (long t = start; t <= start + DAYS * 86_400L; t += 3600) {
                CaptureRun run = pipeline.captureAll(t);
                assertEquals(0, run.failures(), "capture at " + Instant.ofEpochSecond(t));
            }
        }
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    private static Clock afterwards() {
        return Clock.fixed(FIRST.plusDays(DAYS + 1).atStartOfDay(UTC).toInstant(), UTC);
    }

    @Test
    void javaCanonicalSqlAndLegacyUnionAgreeOnEveryDay() {
        DailyAggregationJob job = new DailyAggregationJob(storage, settings, afterwards());
        long deletions = 0;
        long partial = 0;
        for (int i = 0; i < DAYS; i++) {
            LocalDate day = FIRST.plusDays(i);
            List<VmSummary> java = rows(s -> job.compute(day, AggregationPath.JAVA, s));
            List<VmSummary> sql = rows(s -> job.compute(day, AggregationPath.SQL, s));
            List<VmSummary> legacy = rows(s -> job.compute(day, AggregationPath.LEGACY, s));
            assertTrue(java.size() > 150, "two simulated vCenters of 120 and 66 slots hold about 190 VMs a day, got " + java.size());
            assertIdentical("java vs canonical SQL on " + day, java, sql, SummaryComparison.DAILY_TOLERANCE);
            assertIdentical("java vs legacy union on " + day, java, legacy, SummaryComparison.DAILY_TOLERANCE);
            deletions += java.stream().filter(r -> r.deletionTime() != null).count();
            partial += java.stream().filter(r -> r.samplesPresent() < r.totalSamples()).count();
        }
        // the comparison means something only if the simulated days hold the edge cases
        assertTrue(deletions > 0, "no deletion in " + DAYS + " simulated days");
        assertTrue(partial > deletions, "no VM absent from part of a day besides deletions");
    }

    @Test
    void theMonthFromDailyRollupsEqualsTheMonthFromHourlyRows() {
        DailyAggregationJob daily = new DailyAggregationJob(storage, settings, afterwards());
        for (int i = 0; i < DAYS; i++) {
            daily.run(FIRST.plusDays(i), AggregationPath.JAVA);
        }
        // the next day's first hour is in the month too; the hourly paths see it, so aggregate it as well
        daily.run(FIRST.plusDays(DAYS), AggregationPath.JAVA);
        MonthlyAggregationJob monthly = new MonthlyAggregationJob(storage, settings, afterwards());
        YearMonth month = YearMonth.from(FIRST);
        List<VmSummary> fromDaily = rows(s -> monthly.compute(month, AggregationPath.JAVA, MonthlyGranularity.DAILY, s));
        List<VmSummary> fromHourly = rows(s -> monthly.compute(month, AggregationPath.JAVA, MonthlyGranularity.HOURLY, s));
        List<VmSummary> sqlFromDaily = rows(s -> monthly.compute(month, AggregationPath.SQL, MonthlyGranularity.DAILY, s));
        List<VmSummary> sqlFromHourly = rows(s -> monthly.compute(month, AggregationPath.SQL, MonthlyGranularity.HOURLY, s));

        assertTrue(fromDaily.size() > 150);
        assertIdentical("java: monthly from daily vs from hourly", fromDaily, fromHourly, SummaryComparison.MONTHLY_TOLERANCE);
        assertIdentical("monthly from daily: java vs SQL", fromDaily, sqlFromDaily, SummaryComparison.MONTHLY_TOLERANCE);
        assertIdentical("monthly from hourly: java vs SQL", fromHourly, sqlFromHourly, SummaryComparison.MONTHLY_TOLERANCE);
    }

    static void assertIdentical(String what, List<VmSummary> a, List<VmSummary> b, double tolerance) {
        SummaryComparison.Result r = SummaryComparison.compare(a, b, tolerance);
        assertTrue(r.identical(), what + ": " + r.mismatches() + " of " + a.size() + " rows differ:\n  "
                + String.join("\n  ", r.examples()));
    }

    static List<VmSummary> rows(java.util.function.Consumer<java.util.function.Consumer<VmSummary>> run) {
        List<VmSummary> out = new ArrayList<>();
        run.accept(out::add);
        return out;
    }

    static ReportCalendar calendar() {
        return settings.calendar();
    }
}
