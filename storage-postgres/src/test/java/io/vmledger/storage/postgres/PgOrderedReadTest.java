package io.vmledger.storage.postgres;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ordered read split over several connections gives exactly the rows, in exactly the order, of
 * the read on one connection; a consumer that gives up releases every connection.
 */
class PgOrderedReadTest {
    static final long T0 = PgIngestionTest.T0;
    static final int HOURS = 30;
    static PgStorage one;
    static PgStorage three;

    @BeforeAll
    static void load() {
        String schema = PgTestDatabase.newSchema("ordered");
        one = PostgresStorageProvider.openPg(new io.vmledger.storage.spi.StorageContext(PgTestDatabase.settings(),
                PgTestDatabase.options(schema, Map.of(PgOptions.READ_THREADS, "1"))));
        three = PostgresStorageProvider.openPg(new io.vmledger.storage.spi.StorageContext(PgTestDatabase.settings(),
                PgTestDatabase.options(schema, Map.of(PgOptions.READ_THREADS, "3", PgOptions.POOL_SIZE, "6"))));
        for (int h = 0; h < HOURS; h++) {
            long t = T0 + h * 3600L;
            for (String vc : List.of("vc-b", "vc-a", "vc-c")) {
                List<VmSample> rows = new ArrayList<>();
                // VMs come and go, so runs differ in content
                for (int n = h % 5; n < 40 - h % 7; n++) {
                    rows.add(relabel(PgIngestionTest.vm(t, n, n % 3 == 0 ? "Gold" : "Tin", 1 + (n + h) % 4), vc));
                }
                one.hourly().replaceSnapshot(vc, t, rows);
            }
        }
    }

    @AfterAll
    static void close() {
        one.close();
        three.close();
        PgTestDatabase.dropSchemas();
    }

    static VmSample relabel(VmSample s, String vcenter) {
        return new VmSample(s.snapshotTime(), vcenter, s.vmId(), s.vmUuid(), s.name(), s.creationTime(),
                s.deletionTime(), s.resourcePool(), s.datacenter(), s.cluster(), s.folder(), s.vcpuCount(), s.ramGb(),
                s.provisionedDiskGb(), s.powerState(), s.template());
    }

    @Test
    void threeConnectionsReadTheSameRowsInTheSameOrderAsOne() {
        TimeWindow window = new TimeWindow(T0 + 3600, T0 + (HOURS - 2) * 3600L);
        List<VmSample> single = new ArrayList<>();
        one.hourly().forEachOrdered(window, single::add);
        List<VmSample> split = new ArrayList<>();
        three.hourly().forEachOrdered(window, split::add);

        assertTrue(single.size() > 2_000, "rows: " + single.size());
        assertEquals(single, split);
        List<VmSample> sorted = new ArrayList<>(single);
        sorted.sort(Comparator.<VmSample, String>comparing(VmSample::vcenter).thenComparing(VmSample::key)
                .thenComparingLong(VmSample::snapshotTime));
        assertEquals(sorted, single, "ordered by vCenter, VM key, time");
    }

    @Test
    void aConsumerThatGivesUpReleasesEveryConnection() {
        RuntimeException stop = new IllegalStateException("enough");
        for (int i = 0; i < 5; i++) { // more reads than the pool has connections
            int[] seen = {0};
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> three.hourly().forEachOrdered(TimeWindow.all(), s -> {
                        if (++seen[0] == 700) {
                            throw stop;
                        }
                    }));
            assertSame(stop, e);
        }
        List<VmSample> all = new ArrayList<>();
        three.hourly().forEachOrdered(TimeWindow.all(), all::add);
        assertEquals(count(), all.size());
    }

    private static long count() {
        long[] n = {0};
        one.hourly().forEachOrdered(TimeWindow.all(), s -> n[0]++);
        return n[0];
    }
}
