package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.api.Granularity;

/**
 * What one aggregation run did.
 *
 * @param granularity daily or monthly
 * @param period      the day ({@code 2024-05-01}) or month ({@code 2024-05})
 * @param path        how the rows were computed
 * @param source      the table(s) read for the VM rows
 * @param rows        summary rows written
 * @param totalsRows  {@code vcenter_aggregate_totals} rows written
 * @param millis      wall time of the whole run, outputs and commit included
 * @param fallback    why the run fell back to the Java path (the SQL path's error), or null when it did not
 */
public record AggregationResult(Granularity granularity, String period, AggregationPath path, String source,
                                long rows, int totalsRows, long millis, String fallback) {

    /** A run by the path it was asked for. */
    public AggregationResult(Granularity granularity, String period, AggregationPath path, String source, long rows,
                             int totalsRows, long millis) {
        this(granularity, period, path, source, rows, totalsRows, millis, null);
    }

    /** Whether the SQL path failed and the Java path did the run. */
    public boolean fellBack() {
        return fallback != null;
    }

    /** This run, done by the Java path after the SQL path failed with {@code error}; {@code millis} covers both. */
    AggregationResult afterFallback(String error, long totalMillis) {
        return new AggregationResult(granularity, period, path, source, rows, totalsRows, totalMillis, error);
    }

    /** One line for logs, job details and the command line. */
    public String describe() {
        return granularity.wire() + " " + period + " path=" + path.wire() + " source=" + source + ": " + rows
                + " rows, " + totalsRows + " totals rows in " + millis + " ms"
                + (fallback == null ? "" : "; fell back to java: the sql path failed: " + fallback);
    }
}
