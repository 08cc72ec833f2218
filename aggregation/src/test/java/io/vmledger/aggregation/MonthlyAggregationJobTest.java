package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.storage.spi.golden.GoldenDataset;
import io.vmledger.storage.spi.golden.GoldenLoader;
import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static io.vmledger.storage.spi.golden.GoldenAssert.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The monthly job on SQLite over the golden days. */
class MonthlyAggregationJobTest {
    @TempDir
    Path dir;
    private Storage storage;
    private final Settings settings = Settings.defaults();

    @BeforeEach
    void aggregateTheDays() {
        storage = SqliteStores.open(dir, settings);
        GoldenLoader.load(storage, true);
        DailyAggregationJob daily = new DailyAggregationJob(storage, settings, DailyAggregationJobTest.AFTER_THE_DAY);
        daily.run(GoldenDataset.DAY, AggregationPath.JAVA);
        daily.run(GoldenDataset.NEXT_DAY, AggregationPath.JAVA);
        daily.run(GoldenDataset.THIRD_DAY, AggregationPath.JAVA);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @ParameterizedTest
    @CsvSource({"JAVA,DAILY", "SQL,DAILY", "JAVA,HOURLY", "SQL,HOURLY"})
    void everyPathAndSourceWritesTheGoldenMonth(AggregationPath path, MonthlyGranularity source) {
        AggregationResult r = new MonthlyAggregationJob(storage, settings, DailyAggregationJobTest.AFTER_THE_DAY)
                .run(GoldenDataset.MONTH, path, source);

        assertEquals(23, r.rows());
        assertRows("monthly " + path + " from " + source, GoldenDataset.expectedMonth(),
                storage.rollups().monthly(GoldenDataset.MONTH, SummaryQuery.all()).items());
        SnapshotRecord record = storage.registry()
                .get(Granularity.MONTHLY, GoldenDataset.MONTH_START, SnapshotRecord.ALL_VCENTERS).orElseThrow();
        assertEquals(23, record.rowCount());
        assertEquals("inventory_monthly_summary_202403", record.tableName());
        // vc-b: the 14th (23 snapshots: 68 VMs, 80 vCPU, 150 GB, 1605 GB in all) and the 15th
        // (2 snapshots of vm-100, vm-200 and vm-202: 3 VMs, 4 vCPU, 8 GB, 75 GB each)
        assertEquals(List.of(new AggregateTotals(GoldenDataset.B, Granularity.MONTHLY, GoldenDataset.MONTH_START, 25,
                        74.0 / 25, 74.0 / 25, 88.0 / 25, 166.0 / 25, 1755.0 / 25, 3)),
                storage.totals().aggregates(GoldenDataset.B, Granularity.MONTHLY,
                        new TimeWindow(GoldenDataset.MONTH_START, GoldenDataset.D1)));
    }

    @Test
    void aReRunReplacesTheMonth() {
        MonthlyAggregationJob job = new MonthlyAggregationJob(storage, settings, DailyAggregationJobTest.AFTER_THE_DAY);
        job.run(GoldenDataset.MONTH, AggregationPath.JAVA, MonthlyGranularity.DAILY);
        job.run(GoldenDataset.MONTH, AggregationPath.SQL, MonthlyGranularity.DAILY);
        assertEquals(23, storage.rollups().monthly(GoldenDataset.MONTH, SummaryQuery.all()).total());
        assertEquals(1, storage.totals().aggregates(GoldenDataset.A, Granularity.MONTHLY,
                new TimeWindow(GoldenDataset.MONTH_START, GoldenDataset.D1)).size());
    }

    @Test
    void theLegacyPathIsForDaysOnly() {
        MonthlyAggregationJob job = new MonthlyAggregationJob(storage, settings, DailyAggregationJobTest.AFTER_THE_DAY);
        AggregationException e = assertThrows(AggregationException.class,
                () -> job.run(GoldenDataset.MONTH, AggregationPath.LEGACY, MonthlyGranularity.DAILY));
        assertEquals("the legacy path aggregates days only; aggregate a month with path java or sql", e.getMessage());
    }

    @Test
    void aMonthWithoutRollupsIsRefused() {
        MonthlyAggregationJob job = new MonthlyAggregationJob(storage, settings, DailyAggregationJobTest.AFTER_THE_DAY);
        AggregationException e = assertThrows(AggregationException.class,
                () -> job.run(GoldenDataset.MONTH.minusMonths(1), AggregationPath.JAVA, MonthlyGranularity.DAILY));
        assertEquals("no daily rollups in 2024-02; aggregate its days first", e.getMessage());
    }
}
