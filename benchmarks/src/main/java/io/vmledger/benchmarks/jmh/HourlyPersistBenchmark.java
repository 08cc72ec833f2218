package io.vmledger.benchmarks.jmh;

import io.vmledger.api.VmSample;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.jdbc.CanonicalSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistence of one new hour of the whole fleet (every vCenter's snapshot, {@code vms} VMs in all) into
 * {@code vm_hourly_stats} through {@code HourlyStore.replaceSnapshot}, the call the capture pipeline's persist
 * stage makes, appended after the store's month of history. Before each invocation the hour is removed again
 * (outside the measured time), so every invocation writes a new hour into the same store.
 */
public class HourlyPersistBenchmark extends SecondLongBenchmark {
    /**
     * How rows are written: {@code sqlite-batched} (the SQLite plugin's multi-row inserts of
     * {@code capture_write_batch_size} rows), {@code postgres-copy} (COPY into a staging table, then one
     * upsert; the default) or {@code postgres-insert} (multi-row {@code INSERT ... ON CONFLICT}). Not run by
     * default: {@code postgres-copy-plan-indexes}, COPY with the original plan's five secondary indexes on
     * {@code vm_hourly_stats}, built for the trial and dropped after it (decision 0051).
     */
    @Param({"sqlite-batched", "postgres-copy", "postgres-insert"})
    public String ingest;

    @Param({"1500", "15000"})
    public int vms;

    static final String PLAN_INDEXES = "postgres-copy-plan-indexes";
    /** The secondary indexes of the original plan that decision 0051 left out (named bench_*: see BenchStore.open). */
    private static final String[] PLAN_INDEX_DDL = {
            "CREATE INDEX bench_t ON vm_hourly_stats (\"SnapshotTime\")",
            "CREATE INDEX bench_vt ON vm_hourly_stats (\"Vcenter\", \"SnapshotTime\")",
            "CREATE INDEX bench_vid ON vm_hourly_stats (\"Vcenter\", \"VmId\", \"SnapshotTime\")",
            "CREATE INDEX bench_vuuid ON vm_hourly_stats (\"Vcenter\", \"VmUuid\", \"SnapshotTime\")",
            "CREATE INDEX bench_name ON vm_hourly_stats (\"Vcenter\", \"Name\", \"SnapshotTime\")"};

    private BenchStore bench;
    private long hour;
    private final Map<String, List<VmSample>> snapshots = new LinkedHashMap<>();
    private String[] written;

    @Setup(Level.Trial)
    public void open() {
        StoreKind kind = switch (ingest) {
            case "sqlite-batched" -> StoreKind.SQLITE;
            case "postgres-copy", "postgres-insert", PLAN_INDEXES -> StoreKind.POSTGRES;
            default -> throw new IllegalArgumentException("unknown ingest '" + ingest
                    + "' (allowed: sqlite-batched, postgres-copy, postgres-insert, " + PLAN_INDEXES + ")");
        };
        Map<String, String> options = kind == StoreKind.POSTGRES
                ? Map.of("ingestion", ingest.equals("postgres-insert") ? "insert" : "copy") : Map.of();
        bench = BenchStore.open(kind, vms, options);
        if (ingest.equals(PLAN_INDEXES)) {
            bench.execute(PLAN_INDEX_DDL);
        }
        hour = bench.lastSnapshotTime() + 3600;
        SimulatedInventorySource source = BenchStore.source(vms);
        for (String vc : source.vcenters()) {
            snapshots.put(vc, source.capture(vc, hour).vms());
        }
        // on PostgreSQL the hour's monthly partition alone: vacuuming the whole table would read the month
        String partition = CanonicalSchema.VM_HOURLY_STATS + "_p" + DateTimeFormatter.ofPattern("yyyyMM")
                .format(Instant.ofEpochSecond(hour).atOffset(ZoneOffset.UTC));
        written = new String[] {partition, CanonicalSchema.VM_HOURLY_SNAPSHOTS};
    }

    /** Before each invocation (one per iteration): the hour is removed, so that it is new again. */
    @Setup(Level.Iteration)
    public void removeHour() {
        bench.deleteSnapshots(hour);
        bench.settle(written);
    }

    @Benchmark
    public int persist() {
        int rows = 0;
        for (Map.Entry<String, List<VmSample>> e : snapshots.entrySet()) {
            rows += bench.storage().hourly().replaceSnapshot(e.getKey(), hour, e.getValue());
        }
        return rows;
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            bench.deleteSnapshots(hour);
            if (ingest.equals(PLAN_INDEXES)) {
                bench.execute(dropPlanIndexes());
            }
            bench.settle(written);
        } finally {
            bench.close();
        }
    }

    private static String[] dropPlanIndexes() {
        return java.util.Arrays.stream(PLAN_INDEX_DDL).map(ddl -> "DROP INDEX IF EXISTS " + ddl.split(" ")[2])
                .toArray(String[]::new);
    }
}
