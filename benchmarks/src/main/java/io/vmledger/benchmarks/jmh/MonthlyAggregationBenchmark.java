package io.vmledger.benchmarks.jmh;

import io.vmledger.aggregation.AggregationResult;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.AggregationPath;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import io.vmledger.storage.jdbc.CanonicalSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Locale;

/**
 * Monthly aggregation of the store's month by one path from one source, every output written
 * ({@code inventory_monthly_summary_*}, the registry record, the month's vCenter totals) and the job run
 * recorded, as a scheduled run (source {@code daily}: the month's 31 daily rollups per VM) or a manual
 * rebuild (source {@code hourly}: the month's hourly rows) does it. Each invocation replaces the outputs of
 * the one before.
 */
public class MonthlyAggregationBenchmark extends SecondLongBenchmark {
    @Param({"java", "sql"})
    public String path;

    /** {@code daily} (scheduled runs) or {@code hourly} (manual rebuilds and validation). */
    @Param({"daily", "hourly"})
    public String source;

    @Param({"sqlite", "postgres"})
    public String store;

    @Param({"1500", "15000"})
    public int vms;

    private BenchStore bench;
    private MonthlyAggregationJob job;
    private AggregationPath aggregationPath;
    private MonthlyGranularity granularity;
    private String[] outputs;

    @Setup(Level.Trial)
    public void open() {
        aggregationPath = AggregationPath.parse(path);
        if (aggregationPath == AggregationPath.LEGACY) {
            throw new IllegalArgumentException("the legacy path aggregates days only");
        }
        granularity = MonthlyGranularity.valueOf(source.toUpperCase(Locale.ROOT));
        bench = BenchStore.open(StoreKind.parse(store), vms);
        bench.forgetJobRuns();
        job = new MonthlyAggregationJob(bench.storage(), bench.settings());
        outputs = new String[] {bench.storage().rollups().monthlySummaryTableName(BenchStore.MONTH),
                CanonicalSchema.SNAPSHOT_REGISTRY, CanonicalSchema.VCENTER_AGGREGATE_TOTALS, CanonicalSchema.JOB_RUNS};
    }

    @Setup(Level.Iteration)
    public void settle() {
        bench.settle(outputs);
    }

    @Benchmark
    public AggregationResult aggregate() {
        return job.run(BenchStore.MONTH, aggregationPath, granularity);
    }

    @TearDown(Level.Trial)
    public void close() {
        bench.close();
    }
}
