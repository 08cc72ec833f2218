package io.vmledger.storage.jdbc;

import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PowerState;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.PeriodWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JDBC core promises on every plugin, beyond the storage contract kit: transactions that span
 * stores, the ordered merge on one and on several connections, compatibility tables shaped like their
 * canonical tables, and Java's key order agreeing with the database's. A plugin runs it by extending this
 * class and opening empty stores of its kind.
 */
public abstract class AbstractJdbcStorageTest {
    protected static final long T0 = 1_710_028_800L; // 2024-03-10T00:00:00Z
    static final Comparator<VmSample> ORDER = Comparator.<VmSample, String>comparing(VmSample::vcenter,
                    Sql::compareCodePoints)
            .thenComparing(VmSample::key, Sql::compareCodePoints)
            .thenComparingLong(VmSample::snapshotTime);

    private final List<JdbcStorage> opened = new ArrayList<>();

    /** A new, empty store whose ordered reads use {@code readThreads} connections. */
    protected abstract JdbcStorage openEmpty(int readThreads);

    private JdbcStorage open(int readThreads) {
        JdbcStorage s = openEmpty(readThreads);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JdbcStorage::close);
        opened.clear();
    }

    static VmSample vm(long t, String vcenter, int n) {
        return new VmSample(t, vcenter, "vm-" + n, "uuid-" + n, "name-" + n, null, null, "Gold", "dc", "cl", "f",
                2, 4, 40, PowerState.POWERED_ON, false);
    }

    /** 12 hours, 3 vCenters, VMs coming and going, legacy keys, so that every run differs. */
    static List<VmSample> fill(JdbcStorage s) {
        Random random = new Random(3);
        List<VmSample> all = new ArrayList<>();
        for (int h = 0; h < 12; h++) {
            long t = T0 + h * 3600L;
            for (String vc : List.of("vc-b", "vc-a", "vc-c")) {
                List<VmSample> rows = new ArrayList<>();
                for (int n = 0; n < 40; n++) {
                    if (random.nextInt(5) == 0) {
                        continue;
                    }
                    String id = n % 7 == 0 ? null : "vm-" + n;
                    String uuid = n % 14 == 0 ? null : "uuid-" + n;
                    rows.add(new VmSample(t, vc, id, uuid, "name-" + n, null, null, "Gold", "dc", "cl", "f",
                            1 + random.nextInt(8), 4, 40, PowerState.POWERED_ON, false));
                }
                s.hourly().replaceSnapshot(vc, t, rows);
                all.addAll(rows);
            }
        }
        return all;
    }

    @Test
    void writesOfSeveralStoresCommitTogetherInOneTransaction() {
        JdbcStorage s = open(1);
        List<VmSample> rows = List.of(vm(T0, "vc-a", 1), vm(T0, "vc-a", 2));
        int read = s.inTransaction("capture vc-a", () -> {
            s.hourly().replaceSnapshot("vc-a", T0, rows);
            s.totals().putSnapshotTotals(VcenterTotals.of("vc-a", T0, rows));
            s.registry().register(new SnapshotRecord(Granularity.HOURLY, T0, "vc-a", 2, null));
            s.lifecycle().upsert(List.of(new LifecycleEntry("vc-a", "vm-1", "vm-1", null, "name-1", T0, T0, null,
                    null, null)));
            // reads inside the transaction see its writes; other threads do not, yet
            assertEquals(rows, s.hourly().snapshot("vc-a", T0));
            assertEquals(1, s.totals().series("vc-a", TimeWindow.all()).size());
            assertTrue(s.database().inTransaction());
            assertFalse(CompletableFuture.supplyAsync(() -> s.registry().get(Granularity.HOURLY, T0, "vc-a")
                    .isPresent()).join(), "another thread sees the write before the commit");
            return s.hourly().snapshot("vc-a", T0).size();
        });
        assertEquals(2, read);
        assertFalse(s.database().inTransaction());
        assertEquals(rows, s.hourly().snapshot("vc-a", T0));
        assertTrue(s.registry().get(Granularity.HOURLY, T0, "vc-a").isPresent());
        assertTrue(s.lifecycle().get("vc-a", "vm-1").isPresent());
        assertEquals(List.of(T0), s.hourly().snapshotTimes("vc-a", TimeWindow.all()));
    }

    @Test
    void aFailureInsideATransactionRollsEveryStoreBack() {
        JdbcStorage s = open(1);
        s.hourly().replaceSnapshot("vc-a", T0, List.of(vm(T0, "vc-a", 1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.inTransaction("capture vc-a", () -> {
            s.hourly().replaceSnapshot("vc-a", T0, List.of(vm(T0, "vc-a", 7), vm(T0, "vc-a", 8)));
            s.hourly().replaceSnapshot("vc-a", T0 + 3600, List.of(vm(T0 + 3600, "vc-a", 7)));
            s.registry().register(new SnapshotRecord(Granularity.HOURLY, T0 + 3600, "vc-a", 1, null));
            s.jobs().start("capture", "vc-a", 1);
            throw new IllegalStateException("the capture failed after its writes");
        }));
        assertEquals("the capture failed after its writes", e.getMessage());
        assertEquals(List.of(vm(T0, "vc-a", 1)), s.hourly().snapshot("vc-a", T0), "the earlier snapshot is intact");
        assertEquals(List.of(T0), s.hourly().snapshotTimes("vc-a", TimeWindow.all()));
        assertTrue(s.registry().get(Granularity.HOURLY, T0 + 3600, "vc-a").isEmpty());
        assertEquals(0, s.jobs().recent(null, 10, 0).total());
        // the store keeps working, also for the thread that failed
        s.hourly().replaceSnapshot("vc-a", T0 + 3600, List.of(vm(T0 + 3600, "vc-a", 7)));
        assertEquals(List.of(T0, T0 + 3600), s.hourly().snapshotTimes("vc-a", TimeWindow.all()));
    }

    @Test
    void anInvalidWriteInsideATransactionWritesNothingOfIt() {
        JdbcStorage s = open(1);
        assertThrows(IllegalArgumentException.class, () -> s.inTransaction("capture", () -> {
            s.registry().register(new SnapshotRecord(Granularity.HOURLY, T0, "vc-a", 1, null));
            return s.hourly().replaceSnapshot("vc-a", T0, List.of(vm(T0, "vc-a", 1), vm(T0, "vc-a", 1)));
        }));
        assertTrue(s.registry().get(Granularity.HOURLY, T0, "vc-a").isEmpty());
    }

    @Test
    void oneAndSeveralReadThreadsStreamTheSameOrderedRows() {
        for (int threads : new int[] {1, 2, 3}) {
            JdbcStorage s = open(threads);
            List<VmSample> all = fill(s);
            TimeWindow window = new TimeWindow(T0 + 2 * 3600, T0 + 10 * 3600);
            List<VmSample> expected = all.stream().filter(r -> window.contains(r.snapshotTime())).sorted(ORDER).toList();
            for (int repeat = 0; repeat < 3; repeat++) {
                List<VmSample> seen = new ArrayList<>();
                s.hourly().forEachOrdered(window, seen::add);
                assertEquals(expected, seen, threads + " threads");
            }
            // inside a transaction the read runs on its connection, and sees its writes
            List<VmSample> inside = s.inTransaction("read", () -> {
                s.hourly().replaceSnapshot("vc-a", T0 + 5 * 3600, List.of());
                List<VmSample> out = new ArrayList<>();
                s.hourly().forEachOrdered(window, out::add);
                return out;
            });
            assertEquals(expected.stream().filter(r -> !(r.vcenter().equals("vc-a") && r.snapshotTime() == T0 + 5 * 3600))
                    .toList(), inside);
        }
    }

    @Test
    void aFailingSinkStopsTheReadAndLeavesTheStoreUsable() {
        JdbcStorage s = open(2);
        // enough rows that the producer threads fill their queues and block before the sink fails
        for (int h = 0; h < 8; h++) {
            long t = T0 + h * 3600L;
            List<VmSample> rows = new ArrayList<>();
            for (int n = 0; n < 3000; n++) {
                rows.add(new VmSample(t, "vc-a", "vm-" + n, null, "n" + n, null, null, "Gold", null, null, null, 2,
                        4, 40, PowerState.POWERED_ON, false));
            }
            s.hourly().replaceSnapshot("vc-a", t, rows);
        }
        for (int i = 0; i < 6; i++) { // more times than there are pooled connections
            int[] count = {0};
            long t0 = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> s.hourly().forEachOrdered(TimeWindow.all(), r -> {
                        if (++count[0] == 10) {
                            throw new IllegalStateException("consumer failed");
                        }
                    }));
            assertEquals("consumer failed", e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "the producers stop soon after the sink fails");
        }
        long[] rows = {0};
        s.hourly().forEachOrdered(TimeWindow.all(), r -> rows[0]++);
        assertEquals(8 * 3000, rows[0]);
        s.hourly().replaceSnapshot("vc-a", T0, List.of()); // writes still work
    }

    @Test
    void dailyRollupsMergeAcrossManyDaysWithSeveralThreads() {
        JdbcStorage s = open(2);
        List<VmSummary> all = new ArrayList<>();
        for (int d = 0; d < 9; d++) {
            long day = T0 + d * 86_400L;
            try (PeriodWriter w = s.rollups().beginDaily(LocalDate.of(2024, 3, 10 + d), day, false)) {
                for (int n = d % 3; n < 40; n += 1 + d % 2) {
                    VmSummary row = new VmSummary(day, n % 2 == 0 ? "vc-a" : "vc-b", "vm-" + n, "vm-" + n, null,
                            "n" + n, 24, 24, 1, 2, 4, 40, 0, 0, 0, 100, 0, day, day + 3600, "Gold", 2, 4, 40,
                            PowerState.POWERED_ON, null, null, null, null, null);
                    w.add(row);
                    all.add(row);
                }
                w.commit();
            }
        }
        List<VmSummary> expected = all.stream().sorted(Comparator.comparing(VmSummary::vcenter)
                .thenComparing(VmSummary::vmKey).thenComparingLong(VmSummary::periodStart)).toList();
        List<VmSummary> seen = new ArrayList<>();
        s.rollups().forEachDailyOrdered(TimeWindow.all(), seen::add);
        assertEquals(expected, seen);
    }

    @Test
    void theVcenterStringIsSharedBetweenRows() {
        JdbcStorage s = open(1);
        fill(s);
        List<VmSample> seen = new ArrayList<>();
        s.hourly().forEachOrdered(TimeWindow.all(), seen::add);
        assertSame(seen.get(0).vcenter(), seen.get(1).vcenter());
    }

    @Test
    void compatibilityTablesHaveTheColumnsOfTheirCanonicalTableKeyedByVm() throws SQLException {
        JdbcStorage s = open(1);
        s.compatibility().writeHourly(T0, "vc-a", List.of(vm(T0, "vc-a", 1)));
        try (PeriodWriter w = s.rollups().beginDaily(LocalDate.of(2024, 3, 10), T0, true)) {
            w.commit();
        }
        for (String[] pair : new String[][] {{"inventory_hourly_" + T0, CanonicalSchema.VM_HOURLY_STATS},
                {"inventory_daily_summary_20240310", CanonicalSchema.VM_DAILY_ROLLUP}}) {
            List<String> like = s.database().read("shape", c -> shape(c.getMetaData(), c.getSchema(), pair[0]));
            List<String> canonical = s.database().read("shape", c -> shape(c.getMetaData(), c.getSchema(), pair[1]));
            assertEquals(canonical, like, pair[0] + " has the columns of " + pair[1]);
            assertEquals(List.of("Vcenter", "VmKey"), s.database().read("key",
                    c -> primaryKey(c.getMetaData(), c.getSchema(), pair[0])));
        }
    }

    @Test
    void javaOrdersKeysAsTheStoreOrdersThem() {
        JdbcStorage s = open(1);
        List<String> keys = List.of("a", "B", "\uE000", "\uD83D\uDE00", "z", "\u00E9", "ab", "a b", "A", "\uFFFD",
                "\uD800\uDC00x", "vm-10", "vm-9");
        List<LifecycleEntry> entries = new ArrayList<>();
        for (String k : keys) {
            entries.add(new LifecycleEntry("vc-a", k, k, null, null, T0, T0, null, null, null));
        }
        s.lifecycle().upsert(entries);
        List<String> javaSorted = new ArrayList<>(keys);
        javaSorted.sort(Sql::compareCodePoints);
        assertEquals(javaSorted, List.copyOf(s.lifecycle().forVcenter("vc-a").keySet()), "ORDER BY \"VmKey\"");
    }

    /** Name, type and nullability of each column, in order (names are compared case-insensitively). */
    private static List<String> shape(DatabaseMetaData meta, String schema, String table) throws SQLException {
        TreeMap<Integer, String> columns = new TreeMap<>();
        try (ResultSet rs = meta.getColumns(null, schema, table, null)) {
            while (rs.next()) {
                columns.put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME") + " "
                        + rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT) + " " + rs.getString("IS_NULLABLE"));
            }
        }
        assertFalse(columns.isEmpty(), "no table " + table);
        return List.copyOf(columns.values());
    }

    private static List<String> primaryKey(DatabaseMetaData meta, String schema, String table) throws SQLException {
        TreeMap<Integer, String> key = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(key.values());
    }
}
