package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.SqlAggregation;
import io.vmledger.storage.spi.Storage;

import java.util.function.Function;

/**
 * The path of runs that name none (scheduled runs, repairs, manual runs without a path):
 * {@code settings.aggregation_path} when it forces {@code java} or {@code sql}, else ({@code auto}) the
 * storage plugin's recorded default, which its JMH figures decided under the rule of
 * docs/decisions/0130-jmh-benchmarks-and-sql-promotion.md. Such a run falls back to the Java path when the SQL
 * path fails (the jobs' {@code runConfigured}).
 */
public final class AggregationPaths {
    private static final System.Logger LOG = System.getLogger(AggregationPaths.class.getName());

    private AggregationPaths() {
    }

    /** The path {@code settings} gives on {@code storage}. */
    public static AggregationPath configured(Settings settings, Storage storage) {
        return settings.aggregationPath().forced().orElseGet(() -> recorded(storage));
    }

    /** The plugin's recorded default: {@code sql} when its SQL aggregation was promoted, else {@code java}. */
    public static AggregationPath recorded(Storage storage) {
        return storage.sqlAggregation().filter(SqlAggregation::promoted).isPresent()
                ? AggregationPath.SQL : AggregationPath.JAVA;
    }

    /**
     * Runs {@code run} by {@code path}; when that is the SQL path and it fails, runs it again by the Java path
     * (the failed attempt wrote nothing: its transaction was rolled back) and returns that result, which
     * names the SQL path's error.
     */
    static AggregationResult withFallback(String what, AggregationPath path,
                                          Function<AggregationPath, AggregationResult> run) {
        if (path != AggregationPath.SQL) {
            return run.apply(path);
        }
        long t0 = System.nanoTime();
        try {
            return run.apply(AggregationPath.SQL);
        } catch (RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.log(System.Logger.Level.WARNING, what + ": the sql path failed (" + error
                    + "); falling back to the java path", e);
            return run.apply(AggregationPath.JAVA).afterFallback(error, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** For logs and the command line: {@code auto: java (the recorded default of sqlite)} or {@code sql (forced)}. */
    public static String describe(Settings settings, Storage storage) {
        AggregationPath path = configured(settings, storage);
        return settings.aggregationPath().forced().isPresent()
                ? path.wire() + " (settings.aggregation_path)"
                : "auto: " + path.wire() + " (the recorded default of " + storage.providerName() + ")";
    }
}
