package io.vmledger.benchmarks.jmh;

import io.vmledger.aggregation.AggregationResult;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.api.AggregationPath;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import io.vmledger.storage.jdbc.CanonicalSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.time.LocalDate;

/**
 * Daily aggregation of the store's hourly day (24 snapshots of every vCenter) by one path, as a scheduled
 * run does it: the rows computed and every output written in one transaction ({@code vm_daily_rollup},
 * {@code inventory_daily_summary_*}, the registry record, the day's vCenter totals) and the job run
 * recorded. Every path writes the same rows, so each invocation replaces the outputs of the one before and
 * the store does not drift.
 */
public class DailyAggregationBenchmark extends SecondLongBenchmark {
    /** {@code java}, {@code sql} (the plugin's canonical SQL) or {@code legacy} (its UNION ALL over inventory_hourly_*). */
    @Param({"java", "sql", "legacy"})
    public String path;

    @Param({"sqlite", "postgres"})
    public String store;

    /** VM slots over the store's three vCenters. */
    @Param({"1500", "15000"})
    public int vms;

    private BenchStore bench;
    private DailyAggregationJob job;
    private AggregationPath aggregationPath;
    private LocalDate day;
    private String[] outputs;

    @Setup(Level.Trial)
    public void open() {
        aggregationPath = AggregationPath.parse(path);
        bench = BenchStore.open(StoreKind.parse(store), vms);
        bench.forgetJobRuns();
        day = bench.day();
        job = new DailyAggregationJob(bench.storage(), bench.settings());
        outputs = new String[] {CanonicalSchema.VM_DAILY_ROLLUP, bench.storage().rollups().dailySummaryTableName(day),
                CanonicalSchema.SNAPSHOT_REGISTRY, CanonicalSchema.VCENTER_AGGREGATE_TOTALS, CanonicalSchema.JOB_RUNS};
    }

    /** Before each invocation (one per iteration): the outputs the previous one replaced are settled. */
    @Setup(Level.Iteration)
    public void settle() {
        bench.settle(outputs);
    }

    @Benchmark
    public AggregationResult aggregate() {
        return job.run(day, aggregationPath);
    }

    @TearDown(Level.Trial)
    public void close() {
        bench.close();
    }
}
