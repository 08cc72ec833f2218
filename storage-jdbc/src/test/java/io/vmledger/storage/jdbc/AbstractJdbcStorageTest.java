package io.vmledger.storage.jdbc;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.DeletionSource;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobStatus;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PowerState;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.api.Page;
import io.vmledger.storage.spi.SummarySort;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.WaitLimit;
import io.vmledger.storage.spi.StoreTables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

    /**
     * Four days of two vCenters, VMs coming and going and changing, captured hour by hour, with the days
     * before the last packed: every trace (whole, and cut to odd windows) equals the trace by probes, and stays
     * equal after a snapshot of a packed day is rewritten, a late snapshot lands in a packed day, and retention
     * cuts a day in two.
     */
    @Test
    void tracesOfPackedDaysEqualTracesByProbesAsTheStoreChanges() {
        JdbcStorage s = open(2);
        JdbcHourlyStore hourly = (JdbcHourlyStore) s.hourly();
        Random random = new Random(11);
        long day = TraceSegments.DAY;
        for (int h = 0; h < 4 * 24; h += h % 24 == 10 ? 2 : 1) { // 11:00 of each day is missing at first
            for (String vc : List.of("vc-a", "vc-b")) {
                hourly.replaceSnapshot(vc, T0 + h * 3600L, traceRows(random, vc, T0 + h * 3600L, h));
            }
        }
        assertEquals(3, hourly.packTraces("vc-a", T0 + 3 * day + 5 * 3600), "the three days that ended");
        assertEquals(0, hourly.packTraces("vc-a", T0 + 3 * day + 6 * 3600), "packed once");
        assertEquals(2, hourly.packTraces("vc-b", T0 + 2 * day), "only days that ended before the time");
        assertTracesAgree(hourly, random);

        // a packed day's snapshot rewritten: its day is read hour by hour until packed again
        hourly.replaceSnapshot("vc-a", T0 + 5 * 3600L, traceRows(random, "vc-a", T0 + 5 * 3600L, 500));
        assertTracesAgree(hourly, random);
        assertEquals(1, hourly.packTraces("vc-a", T0 + 3 * day + 3600), "the rewritten day again");
        assertTracesAgree(hourly, random);

        // a late snapshot in a packed day (11:00 of the second day), then retention in the middle of the first
        hourly.replaceSnapshot("vc-a", T0 + day + 11 * 3600L, traceRows(random, "vc-a", T0 + day + 11 * 3600L, 35));
        assertTracesAgree(hourly, random);
        assertEquals(1, hourly.packTraces("vc-a", T0 + 3 * day + 3600), "the day with the late snapshot");
        assertTracesAgree(hourly, random);
        // a snapshot removed behind the packing's back (a tool that edits the store): the day's count differs
        s.database().write("remove a snapshot", c -> {
            for (String table : List.of(CanonicalSchema.VM_HOURLY_STATS, CanonicalSchema.VM_HOURLY_SNAPSHOTS)) {
                try (var ps = c.prepareStatement("DELETE FROM " + table + " WHERE \"Vcenter\" = 'vc-a'"
                        + " AND \"SnapshotTime\" = " + (T0 + 2 * day + 3 * 3600L))) {
                    ps.executeUpdate();
                }
            }
            return null;
        });
        assertTracesAgree(hourly, random);
        hourly.deleteBefore(T0 + 7 * 3600L);
        assertTracesAgree(hourly, random);
        // what is left of the first day for both, the third (one snapshot fewer) and fourth for vc-a, the third
        // and fourth for vc-b
        assertEquals(3, hourly.packTraces("vc-a", T0 + 4 * day));
        assertEquals(3, hourly.packTraces("vc-b", T0 + 4 * day));
        assertTracesAgree(hourly, random);
    }

    /** Rows of one snapshot: VMs 0 to 29, each present most hours, with names, pools and sizes that change. */
    private static List<VmSample> traceRows(Random random, String vcenter, long t, int hour) {
        List<VmSample> rows = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            if ((n + hour) % 9 == 0 || random.nextInt(10) == 0) {
                continue;
            }
            String id = n % 7 == 0 ? null : "vm-" + n;
            String name = n % 5 == 0 && hour > 30 ? "renamed-" + n : "name-" + n;
            String pool = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> "Gold";
                default -> "Tin";
            };
            rows.add(new VmSample(t, vcenter, id, n % 11 == 0 ? null : "uuid-" + n, name,
                    n % 3 == 0 ? null : 1_700_000_000L + n, hour > 80 && n == 4 ? t + 60 : null, pool, "dc",
                    n % 2 == 0 ? "cl-1" : null, "f", 1 + random.nextInt(3), random.nextInt(3) * 0.5 + (n == 6 ? -0.0 : 1),
                    40 + hour / 24, PowerState.values()[random.nextInt(3)], n == 8));
        }
        return rows;
    }

    private static void assertTracesAgree(JdbcHourlyStore hourly, Random random) {
        long day = TraceSegments.DAY;
        List<TimeWindow> windows = new ArrayList<>(List.of(TimeWindow.all(), new TimeWindow(T0 - day, T0 + 5 * day),
                new TimeWindow(T0, T0 + day), new TimeWindow(T0 + day + 3600, T0 + day + 3601)));
        for (int i = 0; i < 6; i++) {
            long from = T0 + random.nextInt(4 * 24 * 3600);
            windows.add(new TimeWindow(from, from + random.nextInt(3 * 24 * 3600) + 1));
        }
        for (String vc : List.of("vc-a", "vc-b")) {
            for (int n = 0; n < 30; n++) {
                String key = n % 7 == 0 ? "uuid:uuid-" + n : "vm-" + n;
                if (n % 7 == 0 && n % 11 == 0) {
                    continue; // keyed by name, which changes: another VM each time
                }
                for (TimeWindow w : windows) {
                    assertEquals(hourly.traceByProbes(vc, key, w), hourly.trace(vc, key, w),
                            vc + " " + key + " " + w);
                }
            }
        }
    }

    /**
     * Pages up to 1,000 rows are read keys first, larger ones directly: for every sort, direction, filter and
     * offset (past the end too), with ties, NULLs and weights, a page equals its slice of the whole answer and
     * carries the same total, on a day and on a month.
     */
    @Test
    void pagesReadByTheirKeysFirstAreSlicesOfTheWholeAnswer() {
        JdbcStorage s = open(1);
        Random random = new Random(17);
        try (PeriodWriter day = s.rollups().beginDaily(LocalDate.of(2024, 3, 10), T0, false);
             PeriodWriter month = s.rollups().beginMonthly(YearMonth.of(2024, 3), T0)) {
            for (int n = 0; n < 230; n++) {
                String vc = List.of("vc-a", "vc-b", "vc-c").get(n % 3);
                String pool = List.of("Gold", "gold", "Tin").get(random.nextInt(3));
                VmSummary row = new VmSummary(T0, vc, "vm-" + n, "vm-" + n, null,
                        (n % 4 == 0 ? "prd-" : "dev-") + random.nextInt(40), 24, 24, random.nextInt(3) / 2.0,
                        random.nextInt(4), random.nextInt(3) * 2.0, 40, 0, 0, 0, 100, 0, T0, T0 + 3600,
                        random.nextInt(5) == 0 ? null : pool, 2, 4, 40, PowerState.POWERED_ON, null, null, null,
                        random.nextInt(3) == 0 ? null : T0 - random.nextInt(3) * 3600L,
                        random.nextInt(4) == 0 ? T0 + random.nextInt(2) * 3600L : null);
                day.add(row);
                month.add(row);
            }
            day.commit();
            month.commit();
        }
        for (SummarySort sort : SummarySort.values()) {
            for (int i = 0; i < 6; i++) {
                SummaryQuery q = new SummaryQuery(i % 3 == 1 ? "vc-b" : null, i == 2 ? "GOLD" : null,
                        i == 3 ? "prd-" : null, sort, i % 2 == 0, 1 + random.nextInt(60), 0,
                        i >= 4 ? Map.of("vc-a", 31, "vc-b", 7) : Map.of());
                Page<VmSummary> whole = s.rollups().daily(T0, q.unpaged());
                Page<VmSummary> wholeMonth = s.rollups().monthly(YearMonth.of(2024, 3), q.unpaged());
                for (long offset : new long[] {0, random.nextInt(200), whole.total() - 1, whole.total(), 500}) {
                    if (offset < 0) {
                        continue;
                    }
                    SummaryQuery at = q.at(q.limit(), offset);
                    Page<VmSummary> page = s.rollups().daily(T0, at);
                    assertEquals(slice(whole.items(), offset, q.limit()), page.items(), sort + " " + at);
                    assertEquals(whole.total(), page.total(), "total of " + at);
                    Page<VmSummary> monthPage = s.rollups().monthly(YearMonth.of(2024, 3), at);
                    assertEquals(slice(wholeMonth.items(), offset, q.limit()), monthPage.items(), "month " + at);
                    assertEquals(wholeMonth.total(), monthPage.total(), "month total of " + at);
                }
            }
        }
    }

    private static <T> List<T> slice(List<T> all, long offset, int limit) {
        return all.subList((int) Math.min(offset, all.size()), (int) Math.min(offset + limit, all.size()));
    }

    /**
     * A read of a virtual thread (a web request) runs on a platform thread of the plugin, under the request's wait
     * limit less its wait for a worker, and its failure reaches the request; reads beyond the workers queue and
     * all finish; a platform thread reads on itself.
     */
    @Test
    void readsOfVirtualThreadsRunOnPlatformWorkers() throws Exception {
        JdbcStorage s = open(1);
        assertSame(Thread.currentThread(), s.database().read("here", c -> Thread.currentThread()));
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            List<?> seen = requests.submit(() -> WaitLimit.within(Duration.ofSeconds(2), () -> s.database().read(
                    "probe", c -> List.of(Thread.currentThread().isVirtual(), WaitLimit.current().orElseThrow()))))
                    .get();
            assertEquals(false, seen.get(0), "a platform thread");
            Duration limit = (Duration) seen.get(1);
            assertTrue(limit.compareTo(Duration.ofSeconds(2)) <= 0 && limit.compareTo(Duration.ofSeconds(1)) > 0,
                    "the request's wait limit goes along: " + limit);

            ExecutionException failed = assertThrows(ExecutionException.class, () -> requests.submit(
                    () -> s.database().read("fail", c -> {
                        throw new IllegalStateException("boom");
                    })).get());
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertEquals("boom", failed.getCause().getMessage());

            CountDownLatch release = new CountDownLatch(1);
            List<Future<Integer>> many = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                many.add(requests.submit(() -> s.database().read("wait " + n, c -> {
                    try {
                        assertTrue(release.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return n;
                })));
            }
            release.countDown();
            for (int i = 0; i < many.size(); i++) {
                assertEquals(i, many.get(i).get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aTraceSegmentRoundTripsEveryValue() {
        List<VmSample> rows = new ArrayList<>();
        String[] texts = {null, "", "plain", "=HYPERLINK(\"x\")", "näme ünïcode 😀", "a\u0000b", "x".repeat(300)};
        Random random = new Random(5);
        long t = 1_700_000_000L;
        for (int i = 0; i < 40; i++) {
            t += 1 + random.nextInt(i % 5 == 0 ? 1_000_000 : 3600);
            rows.add(new VmSample(t, "vc", random.nextBoolean() ? "vm-1" : null, texts[random.nextInt(texts.length)],
                    "name-" + random.nextInt(2), random.nextBoolean() ? null : (long) random.nextInt() * 1000,
                    random.nextBoolean() ? null : -5L, texts[random.nextInt(texts.length)], texts[random.nextInt(3)],
                    texts[random.nextInt(3)], texts[random.nextInt(3)], random.nextInt(3) - 1,
                    new double[] {0.0, -0.0, Double.NaN, 1e-300, Double.MAX_VALUE, 2.5}[random.nextInt(6)],
                    random.nextDouble() * 1e6, PowerState.values()[random.nextInt(3)], random.nextBoolean()));
        }
        byte[] bytes = TraceSegmentCodec.encode(rows);
        List<VmSample> back = TraceSegmentCodec.decode("vc", bytes);
        assertEquals(rows.size(), back.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i), back.get(i), "row " + i);
            assertEquals(Double.doubleToRawLongBits(rows.get(i).ramGb()), Double.doubleToRawLongBits(back.get(i).ramGb()));
        }
        assertThrows(IllegalArgumentException.class, () -> TraceSegmentCodec.encode(List.of(rows.get(1), rows.get(0))));
        assertThrows(IllegalStateException.class, () -> TraceSegmentCodec.decode("vc", Arrays.copyOf(bytes, bytes.length - 1)));
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

    /** Some rows in every table of the ledger, compatibility and monthly summary tables included. */
    static void seedEveryTable(JdbcStorage s) {
        List<VmSample> hourly = fill(s);
        s.compatibility().writeHourly(T0, "vc-a", hourly.stream().filter(r -> r.snapshotTime() == T0
                && r.vcenter().equals("vc-a")).toList());
        for (String vc : List.of("vc-a", "vc-b")) {
            s.totals().putSnapshotTotals(VcenterTotals.of(vc, T0, List.of(vm(T0, vc, 1), vm(T0, vc, 2))));
        }
        s.lifecycle().upsert(List.of(new LifecycleEntry("vc-a", "vm-1", "vm-1", "uuid-1", "name-1", T0, T0 + 3600,
                        1_000L, T0 + 7200, DeletionSource.EVENT),
                new LifecycleEntry("vc-b", "name:x", null, null, "x \t\n\\ é 😀", T0, T0, null, null, null)));
        LocalDate day = LocalDate.of(2024, 3, 10);
        try (PeriodWriter w = s.rollups().beginDaily(day, T0, true)) {
            for (int n = 1; n <= 3; n++) {
                w.add(new VmSummary(T0, "vc-a", "vm-" + n, "vm-" + n, null, "n" + n, 20, 24, 20 / 24.0, 2.5, 4, 40,
                        0.1, 0.2, 0.3, 0.4, 0, T0, T0 + 3600, "Gold", 2, 4, 40, PowerState.POWERED_ON, "dc", null,
                        null, 1_000L, null));
            }
            w.addTotals(new AggregateTotals("vc-a", Granularity.DAILY, T0, 24, 3, 2.5, 6, 12, 120, 3));
            w.register(new SnapshotRecord(Granularity.DAILY, T0, "vc-a", 3, "inventory_daily_summary_20240310"));
            w.commit();
        }
        try (PeriodWriter w = s.rollups().beginMonthly(YearMonth.of(2024, 3), T0 - 9 * 86_400L)) {
            w.add(new VmSummary(T0 - 9 * 86_400L, "vc-a", "vm-1", "vm-1", null, "n1", 20, 24, 1 / 3.0, 2, 4, 40,
                    0, 0, 0, 1, 0, T0, T0 + 3600, "Gold", 2, 4, 40, PowerState.POWERED_OFF, null, null, null, null,
                    T0 + 7200L));
            w.commit();
        }
        // leases: one freed with its progress mark, one held
        assertTrue(s.instances().tryAcquire("capture").held());
        s.instances().release("capture", T0 - 3600);
        assertTrue(s.instances().tryAcquire("retention").held());
        long run = s.jobs().start("capture", "vc-a", T0 * 1000);
        s.jobs().finish(run, JobStatus.SUCCEEDED, T0 * 1000 + 1500, 120, "ok");
        s.jobs().start("report", null, T0 * 1000 + 2000); // still running: no end
    }

    /** Every row of a table, read in pages of {@code page}, as lists (arrays compare by identity). */
    static List<List<Object>> rows(StoreTables tables, StoreTables.Table t, int page) {
        List<List<Object>> out = new ArrayList<>();
        Object[] after = null;
        for (List<Object[]> rows; !(rows = tables.read(t, after, page)).isEmpty(); after = rows.get(rows.size() - 1)) {
            rows.forEach(r -> out.add(Arrays.asList(r)));
        }
        return out;
    }

    @Test
    void everyTableCopiesPageByPageIntoAnotherStoreAndReadsBackTheSame() {
        JdbcStorage a = open(1);
        seedEveryTable(a);
        JdbcStorage b = open(1);
        StoreTables from = a.tables().orElseThrow();
        StoreTables to = b.tables().orElseThrow();
        List<StoreTables.Table> tables = from.tables(true);
        assertEquals(List.of(CanonicalSchema.VM_HOURLY_STATS, CanonicalSchema.VM_HOURLY_SNAPSHOTS,
                        CanonicalSchema.VM_LIFECYCLE_CACHE, CanonicalSchema.VCENTER_TOTALS,
                        CanonicalSchema.VCENTER_LATEST_TOTALS, CanonicalSchema.VCENTER_AGGREGATE_TOTALS,
                        CanonicalSchema.SNAPSHOT_REGISTRY, CanonicalSchema.VM_DAILY_ROLLUP, CanonicalSchema.JOB_RUNS,
                        CanonicalSchema.INSTANCE_LEASES, "inventory_monthly_summary_202403", "inventory_hourly_" + T0,
                        "inventory_daily_summary_20240310", CanonicalSchema.SERVICE_INSTANCES),
                tables.stream().map(StoreTables.Table::name).toList());
        List<StoreTables.Table> withoutCompat = new ArrayList<>(tables.subList(0, 11));
        withoutCompat.add(tables.get(tables.size() - 1));
        assertEquals(withoutCompat, from.tables(false), "compatibility tables only when asked");
        for (StoreTables.Table t : tables) {
            if (t.kind() == StoreTables.Kind.PROCESSES) {
                assertTrue(from.count(t) > 0 && to.count(t) > 0, "each store records its own instance");
                continue;
            }
            assertTrue(from.count(t) > 0, t.name() + " is seeded");
            assertEquals(0, to.count(t), t.name());
            Object[] after = null;
            long copied = 0;
            for (List<Object[]> page; !(page = from.read(t, after, 7)).isEmpty(); after = page.get(page.size() - 1)) {
                copied += page.size();
                to.append(t, page, t.name(), Long.toString(copied));
            }
            assertEquals(from.count(t), to.count(t), t.name());
            assertEquals(rows(from, t, 1000), rows(to, t, 3), t.name());
            assertEquals(Long.toString(copied), to.markers().get(t.name()));
        }
        assertEquals(tables, to.tables(true));
        // the copy is a store like the original: its stores read the same, its next job id is new
        assertEquals(a.hourly().snapshot("vc-b", T0 + 3600), b.hourly().snapshot("vc-b", T0 + 3600));
        assertEquals(a.lifecycle().forVcenter("vc-b"), b.lifecycle().forVcenter("vc-b"));
        assertEquals(a.jobs().recent(null, 10, 0), b.jobs().recent(null, 10, 0));
        long next = b.jobs().start("capture", "vc-b", T0 * 1000);
        assertTrue(next > a.jobs().recent(null, 10, 0).items().get(0).id(), "ids go on after the copied ones");
        b.hourly().replaceSnapshot("vc-a", T0 + 24 * 3600, List.of(vm(T0 + 24 * 3600, "vc-a", 1)));
        // the leases keep their progress marks; a holder of the old store holds nothing in the new one
        assertEquals(T0 - 3600, b.instances().tryAcquire("capture").progress());
        assertTrue(b.instances().tryAcquire("retention").held(), "held by an instance the copy does not know");
    }

    @Test
    void markersAreKeptUntilClearedAndClearingATableEmptiesOrDropsIt() {
        JdbcStorage s = open(1);
        seedEveryTable(s);
        StoreTables t = s.tables().orElseThrow();
        assertEquals(Map.of(), t.markers());
        t.mark("source", "sqlite /var/lib/a.db");
        t.mark("source", "sqlite /var/lib/b.db");
        t.mark("job_runs", "2 1");
        assertEquals(Map.of("source", "sqlite /var/lib/b.db", "job_runs", "2 1"), t.markers());
        t.mark("job_runs", null);
        t.mark("never set", null);
        assertEquals(Map.of("source", "sqlite /var/lib/b.db"), t.markers());
        t.clearMarkers();
        t.mark("probe", "x");
        t.mark("probe", null);
        boolean left = s.database().read("marker table", c -> s.dialect().exists(c, CanonicalSchema.STORE_MIGRATION));
        assertFalse(left, "removing the last marker leaves no table behind");
        assertEquals(Map.of(), t.markers());
        boolean kept = s.database().read("marker table", c -> s.dialect().exists(c, CanonicalSchema.STORE_MIGRATION));
        assertFalse(kept, "no table left behind");

        StoreTables.Table hourly = t.tables(true).get(0);
        StoreTables.Table compat = t.tables(true).get(t.tables(true).size() - 2);
        t.clear(hourly);
        t.clear(compat);
        assertEquals(0, t.count(hourly));
        assertEquals(0, t.count(compat));
        assertFalse(t.tables(true).contains(compat), "a compatibility table is dropped");
        assertTrue(t.read(compat, null, 10).isEmpty());
    }

    @Test
    void aNameThatIsNoLedgerTableIsRefused() {
        StoreTables t = open(1).tables().orElseThrow();
        StoreTables.Table evil = new StoreTables.Table("vm_hourly_stats; DROP TABLE job_runs", StoreTables.Kind.CANONICAL,
                List.of(), List.of(), CanonicalSchema.SNAPSHOT_TIME, false);
        assertThrows(IllegalArgumentException.class, () -> t.count(evil));
        assertThrows(IllegalArgumentException.class, () -> t.read(evil, null, 1));
        assertThrows(IllegalArgumentException.class, () -> t.append(evil, List.of(), "m", "v"));
    }

    @Test
    void theDescribedTablesAreTheMigratedOnesWithTheirTypesAndKeys() {
        JdbcStorage s = open(1);
        seedEveryTable(s);
        for (StoreTables.Table t : s.tables().orElseThrow().tables(true)) {
            List<String> actual = s.database().read("shape", c -> shape(c.getMetaData(), c.getSchema(), t.name()));
            List<String> described = new ArrayList<>();
            for (int i = 0; i < t.columns().size(); i++) {
                StoreTables.Column col = t.columns().get(i);
                String[] parts = actual.get(i).split(" ");
                assertEquals(col.name(), parts[0], t.name());
                assertTrue(typeMatches(col.type(), parts[1]), t.name() + "." + col.name() + " is " + parts[1]
                        + ", described as " + col.type());
                described.add(actual.get(i));
            }
            assertEquals(actual, described, t.name() + ": every column described");
            assertEquals(t.key(), s.database().read("key", c -> primaryKey(c.getMetaData(), c.getSchema(), t.name())),
                    t.name());
        }
    }

    /**
     * Every table a seeded store holds is one the migration copies: a table added by a schema migration and not
     * described in {@code LedgerTables} would be left behind by {@code migrate-store}. Only the migration tool's own
     * tables and PostgreSQL's monthly partitions (rows of {@code vm_hourly_stats}) are not described.
     */
    @Test
    void everyTableOfAStoreIsOneTheMigrationCopies() {
        JdbcStorage s = open(1);
        seedEveryTable(s);
        List<String> described = s.tables().orElseThrow().tables(true).stream().map(StoreTables.Table::name).toList();
        List<String> held = s.database().read("tables", c -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%",
                    new String[] {"TABLE", "PARTITIONED TABLE"})) {
                while (rs.next()) {
                    out.add(rs.getString("TABLE_NAME"));
                }
            }
            return out;
        });
        List<String> missing = held.stream()
                .filter(t -> !described.contains(t))
                .filter(t -> !t.equals("flyway_schema_history") && !t.matches("vm_hourly_stats_p\\d{6}"))
                .filter(t -> !LedgerTables.DERIVED.contains(t))
                .toList();
        assertEquals(List.of(), missing, "tables migrate-store would not copy (describe them in LedgerTables)");
        assertTrue(held.containsAll(described), held + " holds " + described);
    }

    /** A column's type in the store's words; SQLite keeps a boolean in an INTEGER column. */
    private static boolean typeMatches(StoreTables.ColumnType type, String stored) {
        return switch (type) {
            case INTEGER -> stored.startsWith("int") || stored.equals("bigint");
            case REAL -> stored.equals("real") || stored.startsWith("float") || stored.startsWith("double");
            case TEXT -> stored.equals("text");
            case BOOLEAN -> stored.startsWith("bool") || stored.equals("integer");
        };
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
