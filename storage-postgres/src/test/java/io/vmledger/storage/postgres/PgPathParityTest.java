package io.vmledger.storage.postgres;

import io.vmledger.aggregation.AggregationPath;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.aggregation.SummaryComparison;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java and SQL aggregation agree on PostgreSQL: several days of the simulated inventory (creations,
 * deletions with and without events, pool moves, resizes, templates) captured through the real
 * pipeline into a partitioned store that spans a month boundary, then every day by the Java path,
 * the canonical SQL and the legacy union, and the month from daily rollups and from hourly rows by
 * both paths.
 */
class PgPathParityTest {
    static final ZoneOffset UTC = ZoneOffset.UTC;
    /** The last days of January and the first of February: two partitions. */
    static final LocalDate FIRST = LocalDate.of(2026, 1, 29);
    static final int DAYS = 4;

    static PgStorage storage;
    static Settings settings;

    @BeforeAll
    static void captureSeveralDays() {
        settings = PgTestDatabase.settings().toBuilder()
                .snapshotTableCompatMode(true).asyncReportGeneration(false).hourlySnapshotConcurrency(2).build();
        storage = PgTestDatabase.open(settings, "parity", Map.of());
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
        if (storage != null) {
            storage.close();
        }
        PgTestDatabase.dropSchemas();
    }

    private static Clock afterwards() {
        return Clock.fixed(FIRST.plusDays(DAYS + 1).atStartOfDay(UTC).toInstant(), UTC);
    }

    @Test
    void theCaptureSpansTwoMonthlyPartitions() {
        assertTrue(storage.partitioned());
        try (var c = PgTestDatabase.connect(); var st = c.createStatement()) {
            st.execute("SET search_path = " + storage.database().options().schema());
            var rs = st.executeQuery("""
                    SELECT count(*) FILTER (WHERE tableoid = 'vm_hourly_stats_p202601'::regclass),
                           count(*) FILTER (WHERE tableoid = 'vm_hourly_stats_p202602'::regclass)
                      FROM vm_hourly_stats""");
            rs.next();
            assertTrue(rs.getLong(1) > 0 && rs.getLong(2) > 0, "rows in January and in February partitions");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
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
            assertTrue(java.size() > 150, "two simulated vCenters hold about 190 VMs a day, got " + java.size());
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
            assertIdentical(month + " java: from daily vs from hourly", fromDaily, fromHourly, SummaryComparison.MONTHLY_TOLERANCE);
            assertIdentical(month + " from daily: java vs SQL", fromDaily, sqlFromDaily, SummaryComparison.DAILY_TOLERANCE);
            assertIdentical(month + " from hourly: java vs SQL", fromHourly, sqlFromHourly, SummaryComparison.DAILY_TOLERANCE);
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
