package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.storage.spi.golden.GoldenDataset;
import io.vmledger.storage.spi.golden.GoldenLoader;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobStatus;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.settings.AggregationPathSetting;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.CompatibilityTables;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.vmledger.storage.spi.golden.GoldenAssert.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the scheduled aggregation runs, and what it reads. */
class ScheduledAggregationTest {
    @TempDir
    Path dir;
    private Storage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** A storage that fails the test on any use of the inventory_hourly_* tables. */
    private static Storage withoutCompatibilityTables(Storage inner) {
        return new DelegatingStorage(inner) {
            @Override
            public CompatibilityTables compatibility() {
                throw new AssertionError("scheduled aggregation used the inventory_hourly_* tables");
            }
        };
    }

    @Test
    void theFirstCaptureOfADayAggregatesThePriorDayFromCanonicalRowsOnly() {
        Settings settings = Settings.defaults().toBuilder().snapshotTableCompatMode(false).build();
        storage = SqliteStores.open(dir, settings);
        GoldenLoader.load(storage, false);
        assertEquals(List.of(), storage.compatibility().hourlyTableTimes(io.vmledger.api.TimeWindow.all()));

        ScheduledAggregation scheduled = new ScheduledAggregation(withoutCompatibilityTables(storage), settings,
                at("2024-03-15T00:05:00Z"));
        List<AggregationResult> runs = scheduled.afterCapture(GoldenDataset.next(0));

        assertEquals(1, runs.size());
        assertEquals("vm_hourly_stats", runs.get(0).source());
        assertRows("scheduled daily", GoldenDataset.expectedDay(),
                storage.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).items());
        // later captures of the same day find nothing due
        assertEquals(List.of(), scheduled.afterCapture(GoldenDataset.next(1)));
    }

    @Test
    void theSqlPathIsUsedWhenConfiguredAndNeedsNoHourlyTablesEither() {
        Settings settings = Settings.defaults().toBuilder().snapshotTableCompatMode(false)
                .aggregationPath(AggregationPathSetting.SQL).build();
        storage = SqliteStores.open(dir, settings);
        GoldenLoader.load(storage, false);
        List<AggregationResult> runs = new ScheduledAggregation(withoutCompatibilityTables(storage), settings,
                at("2024-03-15T00:05:00Z")).afterCapture(GoldenDataset.next(0));
        assertEquals(AggregationPath.SQL, runs.get(0).path());
        assertRows("scheduled daily (sql)", GoldenDataset.expectedDay(),
                storage.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).items());
    }

    @Test
    void onTheFirstOfAMonthThePriorMonthIsAggregatedAfterItsMissingDays() {
        // hourly granularity is configured, but scheduled months are always built from daily rollups
        Settings settings = Settings.defaults().toBuilder()
                .monthlyAggregationGranularity(Settings.MonthlyGranularity.HOURLY).build();
        storage = SqliteStores.open(dir, settings);
        GoldenLoader.load(storage, true);
        long aprilFirst = Instant.parse("2024-04-01T00:00:00Z").getEpochSecond();
        List<AggregationResult> runs = new ScheduledAggregation(withoutCompatibilityTables(storage), settings,
                at("2024-04-01T00:05:00Z")).afterCapture(aprilFirst);

        assertEquals(List.of("daily 2024-03-14", "daily 2024-03-15", "daily 2024-03-16", "monthly 2024-03"),
                runs.stream().map(r -> r.granularity().wire() + " " + r.period()).toList());
        assertEquals("vm_daily_rollup", runs.get(3).source());
        assertRows("scheduled month", GoldenDataset.expectedMonth(),
                storage.rollups().monthly(GoldenDataset.MONTH, SummaryQuery.all()).items());
    }

    @Test
    void catchUpAggregatesCompleteDaysAndTheMonthSoFarAndRedoesPartialRuns() {
        Settings settings = Settings.defaults();
        storage = SqliteStores.open(dir, settings);
        GoldenLoader.load(storage, true);
        // a manual run of the 15th while it was still going on
        new DailyAggregationJob(storage, settings, at("2024-03-15T02:30:00Z"))
                .run(GoldenDataset.NEXT_DAY, AggregationPath.JAVA);

        ScheduledAggregation scheduled = new ScheduledAggregation(storage, settings, at("2024-03-17T01:00:00Z"));
        assertTrue(scheduled.dailyDue(GoldenDataset.NEXT_DAY), "a run that started before the day ended is partial");
        List<AggregationResult> runs = scheduled.catchUp(true);

        assertEquals(List.of("daily 2024-03-14", "daily 2024-03-15", "daily 2024-03-16", "monthly 2024-03"),
                runs.stream().map(r -> r.granularity().wire() + " " + r.period()).toList());
        assertFalse(scheduled.dailyDue(GoldenDataset.DAY));
        assertFalse(scheduled.dailyDue(GoldenDataset.NEXT_DAY));
        assertFalse(scheduled.dailyDue(GoldenDataset.THIRD_DAY));
        assertRows("month so far", GoldenDataset.expectedMonth(),
                storage.rollups().monthly(GoldenDataset.MONTH, SummaryQuery.all()).items());
        // the month so far was built before March ended: still due once it has
        assertTrue(new ScheduledAggregation(storage, settings, at("2024-04-01T00:05:00Z"))
                .monthlyDue(GoldenDataset.MONTH));
        // a second start-up finds no day due and only refreshes the month so far
        assertEquals(List.of("monthly 2024-03"), scheduled.catchUp(true).stream()
                .map(r -> r.granularity().wire() + " " + r.period()).toList());
    }

    @Test
    void aFailedDayIsRecordedAndRetriedAtTheNextCapture() {
        Settings settings = Settings.defaults();
        storage = SqliteStores.open(dir, settings);
        GoldenLoader.load(storage, true);
        Storage broken = new DelegatingStorage(storage) {
            @Override
            public io.vmledger.storage.spi.HourlyStore hourly() {
                return DailyAggregationJobTest.failingAfter(storage.hourly(), 10);
            }
        };
        Clock clock = at("2024-03-15T00:05:00Z");
        assertEquals(List.of(), new ScheduledAggregation(broken, settings, clock).afterCapture(GoldenDataset.next(0)));
        assertEquals(JobStatus.FAILED, storage.jobs().latest(DailyAggregationJob.JOB_TYPE, "2024-03-14")
                .orElseThrow().status());
        assertTrue(storage.registry().get(Granularity.DAILY, GoldenDataset.D0, SnapshotRecord.ALL_VCENTERS).isEmpty());

        assertEquals(1, new ScheduledAggregation(storage, settings, clock).afterCapture(GoldenDataset.next(1)).size());
    }
}
