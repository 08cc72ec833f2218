package io.vmledger.storage.postgres;

import io.vmledger.storage.spi.HourlyStore;
import io.vmledger.storage.spi.PartitionMigration;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monthly partitioning of {@code vm_hourly_stats}: partitions ahead of time and on demand, retention
 * by dropping partitions, and the migration command for an unpartitioned table.
 */
class PgPartitionTest {
    static final String VC = PgIngestionTest.VC;
    static final long JAN_2024 = YearMonth.of(2024, 1).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    static final long FEB_2024 = YearMonth.of(2024, 2).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    static final long MAR_2024 = YearMonth.of(2024, 3).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    static final long DAY = 86_400;

    private JdbcStorage storage;

    @AfterEach
    void closeStore() {
        if (storage != null) {
            storage.close();
        }
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }

    @Test
    void aNewStoreIsPartitionedWithTheCurrentAndTheNextMonthsReady() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "part", Map.of(PgOptions.PARTITIONS_AHEAD.name(), "2"));
        assertTrue(PgTestDatabase.layout(storage).partitioned());
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        assertEquals(List.of(HourlyPartitions.nameOf(now), HourlyPartitions.nameOf(now.plusMonths(1)),
                HourlyPartitions.nameOf(now.plusMonths(2))), partitionNames());
        List<HourlyPartitions.Partition> parts = partitions();
        assertEquals(HourlyPartitions.startOf(now), parts.get(0).from());
        assertEquals(HourlyPartitions.startOf(now.plusMonths(1)), parts.get(0).to());
    }

    @Test
    void olderDataGetsItsMonthPartitionOnDemandAndRowsLandInIt() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "part", Map.of());
        write(JAN_2024 + 5 * DAY, 3);
        write(MAR_2024 - 3600, 2); // the last hour of February
        assertTrue(partitionNames().containsAll(List.of("vm_hourly_stats_p202401", "vm_hourly_stats_p202402")));
        assertFalse(partitionNames().contains("vm_hourly_stats_p202403"), "only months with data are created");
        assertEquals(3, count("SELECT count(*) FROM vm_hourly_stats_p202401"));
        assertEquals(2, count("SELECT count(*) FROM vm_hourly_stats_p202402"));
        assertEquals(2, storage.hourly().trace(VC, "vm-1", TimeWindow.all()).size(), "a trace reads both partitions");
    }

    @Test
    void concurrentWritersOfANewMonthCreateItsPartitionOnce() throws Exception {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "part", Map.of());
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int v = 0; v < 4; v++) {
            String vc = "vc-" + v;
            Thread t = new Thread(() -> {
                try {
                    storage.hourly().replaceSnapshot(vc, JAN_2024,
                            List.of(relabel(PgIngestionTest.vm(JAN_2024, 1, "Gold", 2), vc)));
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), errors);
        assertEquals(4, count("SELECT count(*) FROM vm_hourly_stats_p202401"));
    }

    @Test
    void retentionDropsWholePartitionsAndDeletesRowsOnlyInsideTheStraddlingMonth() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "part", Map.of());
        for (long t : new long[] {JAN_2024 + DAY, JAN_2024 + 20 * DAY, FEB_2024 + DAY, FEB_2024 + 10 * DAY, MAR_2024 + DAY}) {
            write(t, 4);
        }
        HourlyStore hourly = storage.hourly();

        // at a month boundary: January's partition is dropped, no row is deleted one by one
        assertEquals(FEB_2024, hourly.retentionBoundary(FEB_2024 + 5 * DAY));
        assertEquals(8, hourly.deleteBefore(hourly.retentionBoundary(FEB_2024 + 5 * DAY)));
        assertFalse(partitionNames().contains("vm_hourly_stats_p202401"));
        assertTrue(partitionNames().contains("vm_hourly_stats_p202402"));
        assertEquals(List.of(FEB_2024 + DAY, FEB_2024 + 10 * DAY, MAR_2024 + DAY),
                hourly.snapshotTimes(VC, TimeWindow.all()));

        // inside a month (the SPI's exact contract): the rows before the cut-off go, the partition stays
        assertEquals(4, hourly.deleteBefore(FEB_2024 + 5 * DAY));
        assertTrue(partitionNames().contains("vm_hourly_stats_p202402"));
        assertEquals(List.of(FEB_2024 + 10 * DAY, MAR_2024 + DAY), hourly.snapshotTimes(VC, TimeWindow.all()));
        assertEquals(8, count("SELECT count(*) FROM vm_hourly_stats"));

        // a dropped month can be written again: its partition comes back on demand
        write(JAN_2024 + 2 * DAY, 1);
        assertTrue(partitionNames().contains("vm_hourly_stats_p202401"));
    }

    @Test
    void anUnpartitionedStoreDeletesRowsAndReportsTheTimeItselfAsBoundary() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "part", Map.of(PgOptions.PARTITIONING.name(), "none"));
        assertFalse(PgTestDatabase.layout(storage).partitioned());
        assertEquals(List.of(), partitionNames());
        write(JAN_2024 + DAY, 3);
        write(FEB_2024 + DAY, 3);
        assertEquals(FEB_2024 + 7, storage.hourly().retentionBoundary(FEB_2024 + 7));
        assertEquals(3, storage.hourly().deleteBefore(FEB_2024));
    }

    @Test
    void theMigrationCommandPartitionsAnExistingTableWithoutLosingARow() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "mig", Map.of(PgOptions.PARTITIONING.name(), "none"));
        for (long t : new long[] {JAN_2024 + DAY, JAN_2024 + 30 * DAY, FEB_2024 + 3 * DAY, MAR_2024 + 2 * DAY}) {
            write(t, 25);
        }
        List<VmSample> before = all();
        assertEquals(100, before.size());

        PartitionMigration.Result r = storage.partitionMigration().orElseThrow().migrate(false);

        assertTrue(r.migrated());
        assertEquals(100, r.rows());
        assertNull(r.keptTable());
        assertTrue(PgTestDatabase.layout(storage).partitioned(), "the open store sees the new layout");
        assertTrue(partitionNames().containsAll(List.of("vm_hourly_stats_p202401", "vm_hourly_stats_p202402",
                "vm_hourly_stats_p202403", HourlyPartitions.nameOf(YearMonth.now(ZoneOffset.UTC).plusMonths(1)))));
        assertEquals(50, count("SELECT count(*) FROM vm_hourly_stats_p202401"));
        assertEquals(before, all(), "every row, every column");
        assertEquals(0, count("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                + " AND tablename = 'vm_hourly_stats_unpartitioned'"));
        assertEquals(List.of("SnapshotTime", "Vcenter", "VmKey"), primaryKey(), "the key survives");

        // the store keeps working: re-ingestion, new months, partition retention
        write(FEB_2024 + 3 * DAY, 10);
        assertEquals(10, storage.hourly().snapshot(VC, FEB_2024 + 3 * DAY).size());
        assertEquals(50, storage.hourly().deleteBefore(storage.hourly().retentionBoundary(FEB_2024 + DAY)));
        assertFalse(partitionNames().contains("vm_hourly_stats_p202401"));

        PartitionMigration.Result again = storage.partitionMigration().orElseThrow().migrate(false);
        assertFalse(again.migrated(), "a second run changes nothing");
    }

    @Test
    void theMigrationCanKeepTheOldTableAndRefusesToOverwriteAKeptOne() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "mig", Map.of(PgOptions.PARTITIONING.name(), "none"));
        write(JAN_2024 + DAY, 5);
        PartitionMigration.Result r = storage.partitionMigration().orElseThrow().migrate(true);
        assertEquals(PgPartitionMigration.OLD, r.keptTable());
        assertEquals(5, count("SELECT count(*) FROM vm_hourly_stats_unpartitioned"));
        assertEquals(5, count("SELECT count(*) FROM vm_hourly_stats"));
    }

    @Test
    void aFailedMigrationRollsBackAndLeavesTheTableAsItWas() throws SQLException {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "mig", Map.of(PgOptions.PARTITIONING.name(), "none"));
        write(JAN_2024 + DAY, 5);
        exec("CREATE TABLE vm_hourly_stats_unpartitioned (x int)"); // in the way
        RuntimeException e = assertThrows(RuntimeException.class, () -> storage.partitionMigration().orElseThrow().migrate(false));
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        assertFalse(PgTestDatabase.layout(storage).partitioned());
        assertEquals(5, count("SELECT count(*) FROM vm_hourly_stats"));
        write(JAN_2024 + 2 * DAY, 2);
        assertEquals(2, storage.hourly().snapshot(VC, JAN_2024 + 2 * DAY).size());
    }

    private void write(long t, int vms) {
        storage.hourly().replaceSnapshot(VC, t, PgIngestionTest.fleet(t, vms));
    }

    private static VmSample relabel(VmSample s, String vcenter) {
        return new VmSample(s.snapshotTime(), vcenter, s.vmId(), s.vmUuid(), s.name(), s.creationTime(),
                s.deletionTime(), s.resourcePool(), s.datacenter(), s.cluster(), s.folder(), s.vcpuCount(), s.ramGb(),
                s.provisionedDiskGb(), s.powerState(), s.template());
    }

    private List<VmSample> all() {
        List<VmSample> out = new ArrayList<>();
        storage.hourly().forEachOrdered(TimeWindow.all(), out::add);
        return out;
    }

    private List<HourlyPartitions.Partition> partitions() {
        return storage.database().write("list", HourlyPartitions::list);
    }

    private List<String> partitionNames() {
        return partitions().stream().map(HourlyPartitions.Partition::name).toList();
    }

    private List<String> primaryKey() {
        return storage.database().write("key", c -> {
            List<String> cols = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT a.attname
                      FROM pg_index i
                      JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                     WHERE i.indrelid = 'vm_hourly_stats'::regclass AND i.indisprimary
                     ORDER BY k.ord""")) {
                while (rs.next()) {
                    cols.add(rs.getString(1));
                }
            }
            return cols;
        });
    }

    private long count(String sql) {
        return storage.database().write("count", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = PgTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path = " + PgTestDatabase.db(storage).options().schema());
            st.execute(sql);
        }
    }
}
