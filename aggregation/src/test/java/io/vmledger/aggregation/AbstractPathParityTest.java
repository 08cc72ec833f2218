package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.api.SummaryComparison;
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
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every path agrees on a plugin: several days of the simulated inventory (creations, deletions with and
 * without events, re-registrations, pool moves, resizes, blinks, templates) captured through the real
 * pipeline across a month boundary, then every day by the Java path, the canonical SQL and the legacy
 * union, and each month from daily rollups and from hourly rows by both paths. A plugin runs it by
 * extending this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractPathParityTest {
    static final ZoneOffset UTC = ZoneOffset.UTC;
    /** The last days of January and the first of February: two months (and two PostgreSQL partitions). */
    static final LocalDate FIRST = LocalDate.of(2026, 1, 29);
    static final int DAYS = 4;

    Storage storage;
    Settings settings;

    /** Opens an empty store of the plugin with these settings. */
    abstract Storage open(Settings settings);

    /** How closely the plugin's SQL must agree with the Java path (SQLite's sum compensates rounding). */
    abstract double sqlTolerance();

    @BeforeAll
    void captureSeveralDays() {
        settings = Settings.defaults().toBuilder()
                .snapshotTableCompatMode(true).asyncReportGeneration(false).hourlySnapshotConcurrency(2).build();
        storage = open(settings);
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
    void close() {
        if (storage != null) {
            storage.close();
            storage = null;
        }
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
            assertTrue(java.size() > 150, "two simulated vCenters of 120 and 66 slots hold about 190 VMs a day, got "
                    + java.size());
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
    void monthlyRowsAgreeAcrossPathsAndSources() {
        DailyAggregationJob daily = new DailyAggregationJob(storage, settings, afterwards());
        // the next day's first hour is in the second month; the hourly paths see it, so aggregate it as well
        for (int i = 0; i <= DAYS; i++) {
            daily.run(FIRST.plusDays(i), AggregationPath.JAVA);
        }
        MonthlyAggregationJob monthly = new MonthlyAggregationJob(storage, settings, afterwards());
        for (YearMonth month : List.of(YearMonth.from(FIRST), YearMonth.from(FIRST.plusDays(DAYS)))) {
            List<VmSummary> fromDaily = rows(s -> monthly.compute(month, AggregationPath.JAVA, MonthlyGranularity.DAILY, s));
            List<VmSummary> fromHourly = rows(s -> monthly.compute(month, AggregationPath.JAVA, MonthlyGranularity.HOURLY, s));
            List<VmSummary> sqlFromDaily = rows(s -> monthly.compute(month, AggregationPath.SQL, MonthlyGranularity.DAILY, s));
            List<VmSummary> sqlFromHourly = rows(s -> monthly.compute(month, AggregationPath.SQL, MonthlyGranularity.HOURLY, s));

            assertTrue(fromDaily.size() > 150, month + ": " + fromDaily.size() + " rows");
            assertIdentical(month + " java: from daily vs from hourly", fromDaily, fromHourly,
                    SummaryComparison.MONTHLY_TOLERANCE);
            assertIdentical(month + " from daily: java vs SQL", fromDaily, sqlFromDaily, sqlTolerance());
            assertIdentical(month + " from hourly: java vs SQL", fromHourly, sqlFromHourly, sqlTolerance());
        }
    }

    static void assertIdentical(String what, List<VmSummary> a, List<VmSummary> b, double tolerance) {
        SummaryComparison.Result r = SummaryComparison.compare(a, b, tolerance);
        assertTrue(r.identical(), what + ": " + r.mismatches() + " of " + a.size() + " rows differ:\n  "
                + String.join("\n  ", r.examples()));
    }

    static List<VmSummary> rows(Consumer<Consumer<VmSummary>> run) {
        List<VmSummary> out = new ArrayList<>();
        run.accept(out::add);
        return out;
    }
}
