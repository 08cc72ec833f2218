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
 */
public record AggregationResult(Granularity granularity, String period, AggregationPath path, String source,
                                long rows, int totalsRows, long millis) {

    /** One line for logs, job details and the command line. */
    public String describe() {
        return granularity.wire() + " " + period + " path=" + path.wire() + " source=" + source + ": " + rows
                + " rows, " + totalsRows + " totals rows in " + millis + " ms";
    }
}
