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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;


/**
 * Monthly aggregation of the store's month by one path, every output written ({@code inventory_monthly_summary_*},
 * the registry record, the month's vCenter totals) and the job run recorded: {@link #fromDaily} as a scheduled run
 * does it (the month's 31 daily rollups per VM), {@link #fromHourly} as a manual rebuild does it (the month's
 * hourly rows). Each invocation replaces the outputs the store holds.
 */
public class MonthlyAggregationBenchmark extends SecondLongBenchmark {
    @Param({"java", "sql"})
    public String path;

    @Param({"sqlite", "postgres"})
    public String store;

    @Param({"1500", "15000"})
    public int vms;

    private BenchStore bench;
    private MonthlyAggregationJob job;
    private AggregationPath aggregationPath;
    private String[] outputs;

    @Setup(Level.Trial)
    public void open() {
        aggregationPath = AggregationPath.parse(path);
        if (aggregationPath == AggregationPath.LEGACY) {
            throw new IllegalArgumentException("the legacy path aggregates days only");
        }
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

    /** The scheduled run: from the month's daily rollups. */
    @Benchmark
    public AggregationResult fromDaily() {
        return job.run(BenchStore.MONTH, aggregationPath, MonthlyGranularity.DAILY);
    }

    /**
     * A manual rebuild from the month's hourly rows: a validation path that no schedule runs and no
     * promotion looks at, and several times slower, so measured with fewer invocations (decision 0130).
     */
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 2)
    public AggregationResult fromHourly() {
        return job.run(BenchStore.MONTH, aggregationPath, MonthlyGranularity.HOURLY);
    }

    @TearDown(Level.Trial)
    public void close() {
        bench.close();
    }
}
