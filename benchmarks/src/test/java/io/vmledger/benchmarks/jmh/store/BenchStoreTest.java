package io.vmledger.benchmarks.jmh.store;

import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.AggregationPath;
import io.vmledger.api.Granularity;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark stores: built once and found again, built anew after a discard or a change of recipe, and
 * the same after the benchmarks' operations as before them (re-runs replace their outputs, a persisted hour
 * goes again).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchStoreTest {
    private static final int VMS = 30;
    private Path data;
    private String prefix;

    @BeforeAll
    void isolate() throws IOException {
        data = Files.createTempDirectory("bench-store-test");
        prefix = "vmledger_jmh_test_" + ProcessHandle.current().pid();
        System.setProperty("vmledger.jmh.data", data.toString());
        System.setProperty("vmledger.jmh.schema-prefix", prefix);
    }

    @AfterAll
    void cleanUp() throws SQLException {
        try (Connection c = DriverManager.getConnection(System.getenv("VMLEDGER_TEST_PG_URL"),
                System.getenv("VMLEDGER_TEST_PG_USER"), System.getenv("VMLEDGER_TEST_PG_PASSWORD"));
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + prefix + "_" + VMS + " CASCADE");
        }
        System.clearProperty("vmledger.jmh.data");
        System.clearProperty("vmledger.jmh.schema-prefix");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aStoreIsBuiltOnceAndItsStateDoesNotDriftUnderTheBenchmarks(StoreKind kind) {
        BenchStore.discard(kind, VMS);
        State before;
        try (BenchStore store = BenchStore.open(kind, VMS)) {
            assertTrue(store.built());
            assertEquals(BenchStore.MONTH.lengthOfMonth(), store.storage().registry().list(new SnapshotQuery(
                    Granularity.DAILY, null, TimeWindow.all(), 100, 0)).total(), "a daily record per day of the month");
            assertTrue(store.storage().rollups().monthly(BenchStore.MONTH, SummaryQuery.all()).total() > 0, "the month");
            before = State.of(store);
            // what the benchmarks do, twice each
            DailyAggregationJob daily = new DailyAggregationJob(store.storage(), store.settings());
            MonthlyAggregationJob monthly = new MonthlyAggregationJob(store.storage(), store.settings());
            for (AggregationPath path : List.of(AggregationPath.JAVA, AggregationPath.SQL, AggregationPath.LEGACY,
                    AggregationPath.JAVA)) {
                daily.run(store.day(), path);
            }
            for (AggregationPath path : List.of(AggregationPath.SQL, AggregationPath.JAVA)) {
                monthly.run(BenchStore.MONTH, path, MonthlyGranularity.DAILY);
                monthly.run(BenchStore.MONTH, path, MonthlyGranularity.HOURLY);
            }
            long hour = store.lastSnapshotTime() + 3600;
            for (String vc : store.storage().hourly().vcenters()) {
                store.storage().hourly().replaceSnapshot(vc, hour, BenchStore.source(VMS).capture(vc, hour).vms());
            }
            store.deleteSnapshots(hour);
            store.settle("vm_daily_rollup", "vm_hourly_stats");
            store.forgetJobRuns();
            assertEquals(before, State.of(store), "the state after the benchmarks");
        }
        try (BenchStore again = BenchStore.open(kind, VMS)) {
            assertFalse(again.built(), "found built");
            assertEquals(before, State.of(again));
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = "SQLITE")
    void aStoreBuiltByAnotherRecipeIsBuiltAgain(StoreKind kind) throws IOException {
        try (BenchStore store = BenchStore.open(kind, VMS)) {
            assertTrue(store.storage().hourly().vcenters().size() > 0);
        }
        Path marker = data.resolve("sqlite-" + VMS + ".properties");
        Files.writeString(marker, Files.readString(marker).replace("recipe ", "recipe 0"));
        try (BenchStore store = BenchStore.open(kind, VMS)) {
            assertTrue(store.built(), "a store of an older recipe is built again");
        }
    }

    /** What the benchmarks must leave as they found it. */
    private record State(List<Long> snapshots, long hourlyRows, long dailyRows, long registry, long jobRuns, long monthly) {
        static State of(BenchStore store) {
            Storage s = store.storage();
            List<Long> times = s.hourly().vcenters().stream()
                    .flatMap(v -> s.hourly().snapshotTimes(v, TimeWindow.all()).stream()).sorted().toList();
            long rows = times.stream().distinct().mapToLong(t -> s.hourly().vcenters().stream()
                    .mapToLong(v -> s.hourly().snapshot(v, t).size()).sum()).sum();
            long daily = 0;
            for (long day : s.rollups().dailyRollupDays(TimeWindow.all())) {
                daily += s.rollups().daily(day, SummaryQuery.all()).total();
            }
            long registry = s.registry().list(new SnapshotQuery(null, null, TimeWindow.all(), 1, 0)).total();
            return new State(times, rows, daily, registry, s.jobs().recent(null, 1, 0).total(),
                    s.rollups().monthly(BenchStore.MONTH, SummaryQuery.all()).total());
        }
    }
}
