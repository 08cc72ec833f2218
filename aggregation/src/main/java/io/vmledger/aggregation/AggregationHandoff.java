package io.vmledger.aggregation;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * What follows a committed aggregation: report generation. The jobs call it after a period's outputs
 * are committed and its job run is recorded, on the aggregating thread; the reports module's
 * implementation queues the report when {@code settings.async_report_generation} is on (the job does not
 * wait) and generates it inline otherwise. A failure there is logged, never fails the aggregation.
 */
public interface AggregationHandoff {

    AggregationHandoff NONE = new AggregationHandoff() {
        @Override
        public void dayAggregated(LocalDate day) {
        }

        @Override
        public void monthAggregated(YearMonth month) {
        }
    };

    void dayAggregated(LocalDate day);

    void monthAggregated(YearMonth month);

    /** Calls {@code step}, logging instead of throwing what it throws. */
    static void safely(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.getLogger(AggregationHandoff.class.getName()).log(System.Logger.Level.ERROR,
                    "report hand-off after " + what + " failed: " + e.getMessage(), e);
        }
    }
}
