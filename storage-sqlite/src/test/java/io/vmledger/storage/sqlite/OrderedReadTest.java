package io.vmledger.storage.sqlite;

import io.vmledger.api.PowerState;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ordered window reads with one and with several read threads. */
class OrderedReadTest {
    static final long T0 = 1_710_028_800L; // 2024-03-10T00:00:00Z
    static final Comparator<VmSample> ORDER = Comparator.<VmSample, String>comparing(VmSample::vcenter,
                    Rows::compareCodePoints)
            .thenComparing(VmSample::key, Rows::compareCodePoints)
            .thenComparingLong(VmSample::snapshotTime);

    @TempDir
    Path dir;

    Storage open(String name, int threads) {
        Settings settings = Settings.defaults().toBuilder()
                .storage(new Settings.StorageSettings("sqlite", dir.resolve(name).toString())).build();
        return new SqliteStorageProvider().open(new StorageContext(settings,
                Map.of(SqlitePragmas.READ_THREADS, Integer.toString(threads))));
    }

    /** 30 hours, 3 vCenters, VMs coming and going, legacy keys, so that every run differs. */
    static List<VmSample> fill(Storage s) {
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
    void oneAndSeveralReadThreadsStreamTheSameOrderedRows() {
        for (int threads : new int[] {1, 2, 3}) {
            try (Storage s = open("t" + threads + ".db", threads)) {
                List<VmSample> all = fill(s);
                TimeWindow window = new TimeWindow(T0 + 2 * 3600, T0 + 10 * 3600);
                List<VmSample> expected = all.stream().filter(r -> window.contains(r.snapshotTime())).sorted(ORDER)
                        .toList();
                for (int repeat = 0; repeat < 3; repeat++) {
                    List<VmSample> seen = new ArrayList<>();
                    s.hourly().forEachOrdered(window, seen::add);
                    assertEquals(expected, seen, threads + " threads");
                }
            }
        }
    }

    @Test
    void aFailingSinkStopsTheReadAndLeavesTheStoreUsable() {
        try (Storage s = open("fail.db", 2)) {
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
                assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "the producers stop soon after the sink fails");
            }
            long[] rows = {0};
            s.hourly().forEachOrdered(TimeWindow.all(), r -> rows[0]++);
            assertEquals(8 * 3000, rows[0]);
            s.hourly().replaceSnapshot("vc-a", T0, List.of()); // writes still work
        }
    }

    @Test
    void dailyRollupsMergeAcrossManyDaysWithSeveralThreads() {
        try (Storage s = open("daily.db", 2)) {
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
    }

    @Test
    void theVcenterStringIsSharedBetweenRows() {
        try (Storage s = open("dedup.db", 1)) {
            fill(s);
            List<VmSample> seen = new ArrayList<>();
            s.hourly().forEachOrdered(TimeWindow.all(), seen::add);
            assertSame(seen.get(0).vcenter(), seen.get(1).vcenter());
        }
    }
}
