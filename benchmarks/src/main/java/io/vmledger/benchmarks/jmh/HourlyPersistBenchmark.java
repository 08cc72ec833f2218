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
     * upsert; the default) or {@code postgres-insert} (multi-row {@code INSERT ... ON CONFLICT}).
     */
    @Param({"sqlite-batched", "postgres-copy", "postgres-insert"})
    public String ingest;

    @Param({"1500", "15000"})
    public int vms;

    private BenchStore bench;
    private long hour;
    private final Map<String, List<VmSample>> snapshots = new LinkedHashMap<>();
    private String[] written;

    @Setup(Level.Trial)
    public void open() {
        StoreKind kind = switch (ingest) {
            case "sqlite-batched" -> StoreKind.SQLITE;
            case "postgres-copy", "postgres-insert" -> StoreKind.POSTGRES;
            default -> throw new IllegalArgumentException("unknown ingest '" + ingest
                    + "' (allowed: sqlite-batched, postgres-copy, postgres-insert)");
        };
        Map<String, String> options = kind == StoreKind.POSTGRES
                ? Map.of("ingestion", ingest.substring("postgres-".length())) : Map.of();
        bench = BenchStore.open(kind, vms, options);
        hour = bench.lastSnapshotTime() + 3600;
        SimulatedInventorySource source = BenchStore.source(vms);
        for (String vc : source.vcenters()) {
            snapshots.put(vc, source.capture(vc, hour).vms());
        }
        written = new String[] {CanonicalSchema.VM_HOURLY_STATS, CanonicalSchema.VM_HOURLY_SNAPSHOTS};
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
            bench.settle(written);
        } finally {
            bench.close();
        }
    }
}
