package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.storage.spi.golden.GoldenDataset;
import io.vmledger.storage.spi.golden.GoldenLoader;
import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.HourlyStore;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.jdbc.JdbcStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import static io.vmledger.storage.spi.golden.GoldenAssert.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daily job on SQLite: every path's written outputs, re-runs, failures. */
class DailyAggregationJobTest {
    static final Clock AFTER_THE_DAY = Clock.fixed(Instant.parse("2024-03-16T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Storage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    private Storage golden(boolean compat) {
        storage = SqliteStores.open(dir, Settings.defaults().toBuilder().snapshotTableCompatMode(compat).build());
        GoldenLoader.load(storage, compat);
        return storage;
    }

    private static Settings settings(boolean compat) {
        return Settings.defaults().toBuilder().snapshotTableCompatMode(compat).build();
    }

    @Test
    void aCommittedDayIsHandedToReportsAfterItsJobRunIsRecordedAndAFailingHandoffDoesNotFailIt() {
        Storage s = golden(false);
        List<String> seen = new java.util.ArrayList<>();
        AggregationHandoff recording = new AggregationHandoff() {
            @Override
            public void dayAggregated(java.time.LocalDate day) {
                // the job run is finished when reports look at it (their staleness check reads its end)
                JobRun run = s.jobs().latest(DailyAggregationJob.JOB_TYPE, day.toString()).orElseThrow();
                seen.add(day + " " + run.status().wire());
                throw new IllegalStateException("report disk full");
            }

            @Override
            public void monthAggregated(java.time.YearMonth month) {
                seen.add(month.toString());
            }
        };
        AggregationResult r = new DailyAggregationJob(s, settings(false), AFTER_THE_DAY, recording)
                .run(GoldenDataset.DAY, AggregationPath.JAVA);
        assertEquals(23, r.rows());
        assertEquals(List.of(GoldenDataset.DAY + " succeeded"), seen);
        new MonthlyAggregationJob(s, settings(false), AFTER_THE_DAY, recording).run(
                java.time.YearMonth.from(GoldenDataset.DAY), AggregationPath.JAVA, Settings.MonthlyGranularity.DAILY);
        assertEquals(List.of(GoldenDataset.DAY + " succeeded", java.time.YearMonth.from(GoldenDataset.DAY).toString()), seen);
        // a day without input throws before anything is committed, and nothing is handed over
        assertThrows(AggregationException.class, () -> new DailyAggregationJob(s, settings(false), AFTER_THE_DAY,
                recording).run(GoldenDataset.DAY.minusDays(30), AggregationPath.JAVA));
        assertEquals(2, seen.size());
    }

    @ParameterizedTest
    @EnumSource(AggregationPath.class)
    void everyPathWritesTheGoldenRowsAndTheDaysOutputs(AggregationPath path) throws Exception {
        Storage s = golden(true);
        AggregationResult r = new DailyAggregationJob(s, settings(true), AFTER_THE_DAY).run(GoldenDataset.DAY, path);

        assertEquals(23, r.rows());
        assertRows("vm_daily_rollup via " + path, GoldenDataset.expectedDay(),
                s.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).items());
        assertEquals(23, countRows(s, "inventory_daily_summary_20240314"));
        SnapshotRecord record = s.registry().get(Granularity.DAILY, GoldenDataset.D0, SnapshotRecord.ALL_VCENTERS)
                .orElseThrow();
        assertEquals(23, record.rowCount());
        assertEquals("inventory_daily_summary_20240314", record.tableName());
        assertVcenterBDailyTotals(s);
        JobRun run = s.jobs().latest(DailyAggregationJob.JOB_TYPE, "2024-03-14").orElseThrow();
        assertEquals(JobStatus.SUCCEEDED, run.status());
        assertEquals(23, run.rows());
    }

    /**
     * vc-b's 23 snapshots hold vm-100 and vm-201 at 00..09, vm-100 alone at 11, vm-100 and vm-200 at
     * 12..23, and vm-202 in all: VMs 10x2 + 1 + 12x2 + 23 = 68, vCPU 10x2 + 1 + 12x3 + 23 = 80,
     * RAM 10x3 + 2 + 12x6 + 23x2 = 150, disk 10x50 + 40 + 12x60 + 23x15 = 1605, at most 3 VMs.
     */
    static void assertVcenterBDailyTotals(Storage s) {
        List<AggregateTotals> b = s.totals().aggregates(GoldenDataset.B, Granularity.DAILY,
                new TimeWindow(GoldenDataset.D0, GoldenDataset.D1));
        assertEquals(List.of(new AggregateTotals(GoldenDataset.B, Granularity.DAILY, GoldenDataset.D0, 23,
                68.0 / 23, 68.0 / 23, 80.0 / 23, 150.0 / 23, 1605.0 / 23, 3)), b);
    }

    @Test
    void aReRunReplacesTheDaysRowsInsteadOfAddingToThem() {
        Storage s = golden(true);
        DailyAggregationJob job = new DailyAggregationJob(s, settings(true), AFTER_THE_DAY);
        job.run(GoldenDataset.DAY, AggregationPath.JAVA);
        job.run(GoldenDataset.DAY, AggregationPath.SQL);

        assertEquals(23, s.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).total());
        assertEquals(23, countRows(s, "inventory_daily_summary_20240314"));
        assertEquals(1, s.totals().aggregates(GoldenDataset.A, Granularity.DAILY,
                new TimeWindow(GoldenDataset.D0, GoldenDataset.D1)).size());
        assertVcenterBDailyTotals(s);
    }

    @Test
    void aFailingRunLeavesTheEarlierOutputsAndIsRecordedAsFailed() {
        Storage s = golden(true);
        new DailyAggregationJob(s, settings(true), AFTER_THE_DAY).run(GoldenDataset.DAY, AggregationPath.JAVA);
        // the hourly read breaks after 100 rows, once the writer has already replaced part of the day
        Storage broken = new DelegatingStorage(s) {
            @Override
            public HourlyStore hourly() {
                return failingAfter(s.hourly(), 100);
            }
        };
        DailyAggregationJob job = new DailyAggregationJob(broken, settings(true), AFTER_THE_DAY);
        assertThrows(IllegalStateException.class, () -> job.run(GoldenDataset.DAY, AggregationPath.JAVA));

        assertRows("rows kept after a failed re-run", GoldenDataset.expectedDay(),
                s.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).items());
        assertEquals(23, countRows(s, "inventory_daily_summary_20240314"));
        JobRun failed = s.jobs().latest(DailyAggregationJob.JOB_TYPE, "2024-03-14").orElseThrow();
        assertEquals(JobStatus.FAILED, failed.status());
        assertTrue(failed.detail().contains("disk went away"), failed.detail());
    }

    @Test
    void withoutCompatibilityModeNoDailySummaryTableIsWritten() {
        Storage s = golden(false);
        AggregationResult r = new DailyAggregationJob(s, settings(false), AFTER_THE_DAY)
                .run(GoldenDataset.DAY, AggregationPath.JAVA);
        assertEquals(23, r.rows());
        assertFalse(tableExists(s, "inventory_daily_summary_20240314"));
        assertEquals(null, s.registry().get(Granularity.DAILY, GoldenDataset.D0, SnapshotRecord.ALL_VCENTERS)
                .orElseThrow().tableName());
    }

    @Test
    void aDayWithoutSnapshotsIsRefusedAndNothingIsWritten() {
        Storage s = golden(true);
        DailyAggregationJob job = new DailyAggregationJob(s, settings(true), AFTER_THE_DAY);
        AggregationException e = assertThrows(AggregationException.class,
                () -> job.run(GoldenDataset.DAY.minusDays(1), AggregationPath.JAVA));
        assertTrue(e.getMessage().contains("no hourly snapshots in 2024-03-13"), e.getMessage());
        assertTrue(s.registry().get(Granularity.DAILY, GoldenDataset.D0 - 86_400, SnapshotRecord.ALL_VCENTERS).isEmpty());
        assertEquals(JobStatus.FAILED, s.jobs().latest(DailyAggregationJob.JOB_TYPE, "2024-03-13").orElseThrow().status());
    }

    @Test
    void theLegacyPathNeedsTheHourlyTables() {
        Storage s = golden(false);
        DailyAggregationJob job = new DailyAggregationJob(s, settings(false), AFTER_THE_DAY);
        assertFalse(job.hasInput(GoldenDataset.DAY, AggregationPath.LEGACY));
        assertThrows(AggregationException.class, () -> job.run(GoldenDataset.DAY, AggregationPath.LEGACY));
    }

    /**
     * TotalSamples counts captures: a vCenter whose capture found no VM still took a snapshot, and its
     * VMs count as absent from it (here: 1 of 2 snapshots).
     */
    @ParameterizedTest
    @EnumSource(AggregationPath.class)
    void anEmptyCaptureCountsAsASnapshotWithoutTheVm(AggregationPath path) {
        storage = SqliteStores.open(dir, settings(true));
        long t0 = GoldenDataset.D0;
        long t1 = t0 + 3600;
        VmSample vm = new VmSample(t0, "vc-c", "vm-1", "u-1", "only", 100L, null, "Gold", "dc", "cl", "f", 2, 4, 10,
                io.vmledger.api.PowerState.POWERED_ON, false);
        storage.hourly().replaceSnapshot("vc-c", t0, List.of(vm));
        storage.compatibility().writeHourly(t0, "vc-c", List.of(vm));
        storage.registry().register(new SnapshotRecord(Granularity.HOURLY, t0, "vc-c", 1, "inventory_hourly_" + t0));
        storage.hourly().replaceSnapshot("vc-c", t1, List.of());
        storage.compatibility().writeHourly(t1, "vc-c", List.of());
        storage.registry().register(new SnapshotRecord(Granularity.HOURLY, t1, "vc-c", 0, "inventory_hourly_" + t1));

        List<io.vmledger.api.VmSummary> rows = new java.util.ArrayList<>();
        new DailyAggregationJob(storage, settings(true), AFTER_THE_DAY).compute(GoldenDataset.DAY, path, rows::add);
        assertEquals(1, rows.size());
        assertEquals(1, rows.get(0).samplesPresent());
        assertEquals(2, rows.get(0).totalSamples());
        assertEquals(0.5, rows.get(0).avgIsPresent());
        assertEquals(t1, rows.get(0).deletionTime());
    }

    static long countRows(Storage s, String table) {
        return ((JdbcStorage) s).database().read("inspect " + table, c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static boolean tableExists(Storage s, String table) {
        return ((JdbcStorage) s).database().read("inspect " + table, c -> {
            try (var ps = c.prepareStatement("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        });
    }

    /** An hourly store whose ordered read fails after {@code rows} rows. */
    static HourlyStore failingAfter(HourlyStore inner, int rows) {
        return (HourlyStore) Proxy.newProxyInstance(HourlyStore.class.getClassLoader(), new Class<?>[] {HourlyStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("forEachOrdered")) {
                        @SuppressWarnings("unchecked")
                        Consumer<VmSample> sink = (Consumer<VmSample>) args[1];
                        int[] n = {0};
                        inner.forEachOrdered((TimeWindow) args[0], s -> {
                            if (++n[0] > rows) {
                                throw new IllegalStateException("disk went away");
                            }
                            sink.accept(s);
                        });
                        return null;
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
