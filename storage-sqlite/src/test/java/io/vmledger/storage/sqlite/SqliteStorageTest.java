package io.vmledger.storage.sqlite;

import io.vmledger.api.Granularity;
import io.vmledger.api.PowerState;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.jdbc.CanonicalSchema;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.storage.spi.SummaryQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the SQLite plugin promises: the file, its schema, pragmas, migrations and compat summary tables. */
class SqliteStorageTest {
    static final long T0 = 1_710_028_800L; // 2024-03-10T00:00:00Z
    static final LocalDate DAY = LocalDate.of(2024, 3, 10);

    @TempDir
    Path dir;

    Storage open(Path file) {
        return open(file, Map.of());
    }

    Storage open(Path file, Map<String, String> options) {
        return SqliteStores.open(file, Settings.defaults().toBuilder().captureWriteBatchSize(2).build(), options);
    }

    static VmSample vm(long t, int n) {
        return new VmSample(t, "vc1", "vm-" + n, "uuid-" + n, "name-" + n, null, null, "Gold", "dc", "cl", "f",
                2, 4, 40, PowerState.POWERED_ON, false);
    }

    static VmSummary summary(long day, int n) {
        return new VmSummary(day, "vc1", "vm-" + n, "vm-" + n, "uuid-" + n, "name-" + n, 24, 24, 1, 2, 4, 40, 0, 0,
                0, 100, 0, day, day + 82_800, "Gold", 2, 4, 40, PowerState.POWERED_ON, "dc", "cl", "f", null, null);
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        assertTrue(StorageProviders.available().get("sqlite") instanceof SqliteStorageProvider);
    }

    @Test
    void createsParentDirectoriesAndKeepsDataAcrossReopen() {
        Path file = dir.resolve("a/b/c/ledger.db");
        try (Storage s = open(file)) {
            s.hourly().replaceSnapshot("vc1", T0, List.of(vm(T0, 1), vm(T0, 2), vm(T0, 3)));
        }
        assertTrue(Files.exists(file));
        try (Storage s = open(file)) { // migrations already applied: a second open changes nothing
            assertEquals(3, s.hourly().snapshot("vc1", T0).size());
            s.hourly().replaceSnapshot("vc1", T0, List.of(vm(T0, 1)));
        }
        try (Storage s = open(file)) {
            assertEquals(List.of(vm(T0, 1)), s.hourly().snapshot("vc1", T0));
        }
    }

    @Test
    void schemaHasExactlyTheColumnsOfTheJavaConstants() throws SQLException {
        Path file = dir.resolve("schema.db");
        open(file).close();
        Map<String, List<String>> expected = Map.of(
                CanonicalSchema.VM_HOURLY_STATS, CanonicalSchema.HOURLY_COLUMNS,
                CanonicalSchema.VM_HOURLY_SNAPSHOTS, CanonicalSchema.HOURLY_SNAPSHOTS_COLUMNS,
                CanonicalSchema.VM_LIFECYCLE_CACHE, CanonicalSchema.LIFECYCLE_COLUMNS,
                CanonicalSchema.VCENTER_TOTALS, CanonicalSchema.TOTALS_COLUMNS,
                CanonicalSchema.VCENTER_AGGREGATE_TOTALS, CanonicalSchema.AGGREGATE_TOTALS_COLUMNS,
                CanonicalSchema.SNAPSHOT_REGISTRY, CanonicalSchema.REGISTRY_COLUMNS,
                CanonicalSchema.VM_DAILY_ROLLUP, CanonicalSchema.SUMMARY_COLUMNS,
                CanonicalSchema.JOB_RUNS, CanonicalSchema.JOB_RUN_COLUMNS);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (var e : expected.entrySet()) {
                assertEquals(e.getValue(), columns(c, e.getKey()), e.getKey());
            }
            List<String> latest = new ArrayList<>(CanonicalSchema.TOTALS_COLUMNS);
            assertEquals(new LinkedHashSet<>(latest), new LinkedHashSet<>(columns(c, CanonicalSchema.VCENTER_LATEST_TOTALS)));
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                assertEquals(SqlitePragmas.defaults().pageSize(), rs.getInt(1));
            }
        }
    }

    @Test
    void rejectsAQuotedIdentifierThatIsNotAColumn() {
        assertThrows(IllegalStateException.class, () -> new SqliteDialect().sql("SELECT \"VmID\" FROM vm_hourly_stats"));
    }

    @Test
    void theHourlyTableHasNoSecondaryIndexAndTheLookupsUseTheirIndexes() throws SQLException {
        Path file = dir.resolve("plans.db");
        open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                         + " AND tbl_name = 'vm_hourly_stats' AND sql IS NOT NULL")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "inserts only maintain the primary key");
            }
            assertTrue(plan(c, "SELECT * FROM vm_lifecycle_cache WHERE \"VmUuid\" = 'x'").contains("vm_lifecycle_cache_vm_uuid"));
            assertTrue(plan(c, "SELECT * FROM vm_lifecycle_cache WHERE \"Name\" = 'x'").contains("vm_lifecycle_cache_name"));
            String deleted = plan(c, "SELECT * FROM vm_lifecycle_cache WHERE \"Vcenter\" = 'v' AND \"DeletionTime\" >= 5");
            assertTrue(deleted.contains("vm_lifecycle_cache_deletion"), deleted);
            String trace = plan(c, """
                    SELECT h.* FROM vm_hourly_snapshots AS s CROSS JOIN vm_hourly_stats AS h
                     WHERE h."SnapshotTime" = s."SnapshotTime" AND h."Vcenter" = s."Vcenter" AND h."VmKey" = 'vm-1'
                       AND h."SnapshotTime" >= 0 AND h."SnapshotTime" < 10
                       AND s."Vcenter" = 'vc1' AND s."SnapshotTime" >= 0 AND s."SnapshotTime" < 10""");
            assertTrue(trace.contains("SEARCH h USING PRIMARY KEY"), trace);
            assertFalse(trace.contains("SCAN h"), trace);
        }
    }

    @Test
    void dailyCompatSummaryTableFollowsTheCompatFlagOfTheLatestRun() throws SQLException {
        Path file = dir.resolve("compat.db");
        long day = T0;
        try (Storage s = open(file)) {
            try (PeriodWriter w = s.rollups().beginDaily(DAY, day, true)) {
                w.add(summary(day, 1));
                w.add(summary(day, 2));
                w.add(summary(day, 3));
                w.commit();
            }
            assertEquals(3, count(file, "inventory_daily_summary_20240310"));
            try (PeriodWriter w = s.rollups().beginDaily(DAY, day, false)) {
                w.add(summary(day, 1));
                w.commit();
            }
            assertFalse(tableExists(file, "inventory_daily_summary_20240310"), "a re-run without compat removes it");
            assertEquals(1, count(file, "vm_daily_rollup"));
        }
    }

    @Test
    void writesWhileAPeriodWriterIsOpenNeitherWaitForItNorRollBackWithIt() throws Exception {
        try (Storage s = open(dir.resolve("nested.db"))) {
            try (PeriodWriter w = s.rollups().beginDaily(DAY, T0, false)) {
                w.add(summary(T0, 1));
                // another thread (an hourly capture) writes while the aggregation is still computing
                Thread capture = Thread.ofPlatform().start(() ->
                        s.registry().register(new SnapshotRecord(Granularity.HOURLY, T0, "vc1", 1, null)));
                capture.join(5_000);
                assertFalse(capture.isAlive(), "a write waited for an open period writer");
                // no commit
            }
            assertTrue(s.registry().get(Granularity.HOURLY, T0, "vc1").isPresent(), "kept: it was its own transaction");
            assertTrue(s.rollups().dailyRollupDays(TimeWindow.all()).isEmpty(), "the uncommitted writer wrote nothing");
            try (PeriodWriter w = s.rollups().beginDaily(DAY, T0, false)) {
                s.registry().register(new SnapshotRecord(Granularity.HOURLY, T0 + 3600, "vc1", 1, null));
                w.add(summary(T0, 1));
                w.commit();
            }
            assertTrue(s.registry().get(Granularity.HOURLY, T0 + 3600, "vc1").isPresent());
            assertEquals(List.of(T0), s.rollups().dailyRollupDays(TimeWindow.all()));
        }
    }

    @Test
    void aPeriodWriterRejectsRowsOfAnotherPeriod() {
        try (Storage s = open(dir.resolve("period.db"));
             PeriodWriter w = s.rollups().beginDaily(DAY, T0, false)) {
            assertThrows(IllegalArgumentException.class, () -> w.add(summary(T0 + 86_400, 1)));
            w.add(summary(T0, 1));
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> w.add(summary(T0, 1)));
            assertTrue(twice.getMessage().contains("vc1/vm-1"), twice.getMessage());
        }
    }

    @Test
    void aKeyAddedTwiceIsRefusedWhetherRowsComeInKeyOrderOrNot() {
        try (Storage s = open(dir.resolve("twice.db"))) {
            try (PeriodWriter w = s.rollups().beginDaily(DAY, T0, false)) {
                w.add(summary(T0, 1));
                w.add(summary(T0, 3)); // in key order so far: no key set is kept
                assertThrows(IllegalArgumentException.class, () -> w.add(summary(T0, 3)));
                w.add(summary(T0, 2)); // out of order: from here on every key is looked up
                for (int n : new int[] {1, 2, 3}) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> w.add(summary(T0, n)));
                    assertTrue(e.getMessage().contains("vc1/vm-" + n), e.getMessage());
                }
                w.add(summary(T0, 4));
                assertEquals(4, w.commit());
            }
            assertEquals(List.of("vm-1", "vm-2", "vm-3", "vm-4"), s.rollups().daily(T0, SummaryQuery.all()).items()
                    .stream().map(VmSummary::vmKey).sorted().toList());
        }
    }

    @Test
    void readersSeeCommittedDataWhileAWriterHoldsItsTransaction() {
        try (Storage s = open(dir.resolve("concurrent.db"))) {
            s.hourly().replaceSnapshot("vc1", T0, List.of(vm(T0, 1), vm(T0, 2)));
            try (PeriodWriter w = s.rollups().beginDaily(DAY, T0, false)) {
                w.add(summary(T0, 1));
                List<VmSample> seen = new ArrayList<>();
                s.hourly().forEachOrdered(new TimeWindow(T0, T0 + 1), seen::add); // not blocked by the writer
                assertEquals(2, seen.size());
                assertEquals(0, s.rollups().daily(T0, io.vmledger.storage.spi.SummaryQuery.all()).total(),
                        "uncommitted rows are not visible to readers");
                w.commit();
            }
            assertEquals(1, s.rollups().daily(T0, io.vmledger.storage.spi.SummaryQuery.all()).total());
        }
    }

    @Test
    void invalidOptionsFailWithTheirKey() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> open(dir.resolve("x.db"), Map.of(SqlitePragmas.PAGE_SIZE.name(), "3000")));
        assertTrue(e.getMessage().contains("storage.sqlite.page_size"), e.getMessage());
        e = assertThrows(SettingsException.class,
                () -> open(dir.resolve("x.db"), Map.of(SqlitePragmas.MMAP_MB.name(), "lots")));
        assertTrue(e.getMessage().contains("storage.sqlite.mmap_mb"), e.getMessage());
        e = assertThrows(SettingsException.class,
                () -> open(dir.resolve("x.db"), Map.of("mmap", "64")));
        assertEquals("storage.sqlite.mmap", e.key());
        assertTrue(e.getMessage().contains("allowed: storage.sqlite.path, storage.sqlite.page_size"), e.getMessage());
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }

    private static String plan(Connection c, String sql) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                sb.append(rs.getString("detail")).append('\n');
            }
        }
        return sb.toString();
    }

    private static long count(Path file, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean tableExists(Path file, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return new SqliteDialect().exists(c, table);
        }
    }

}
