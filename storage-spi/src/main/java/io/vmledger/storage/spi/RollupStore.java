package io.vmledger.storage.spi;

import io.vmledger.api.ChargeSums;
import io.vmledger.api.Page;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Consumer;

/**
 * Outputs of daily and monthly aggregation: {@code vm_daily_rollup} (canonical, the monthly input),
 * {@code inventory_daily_summary_YYYYMMDD} in compatibility mode, {@code inventory_monthly_summary_YYYYMM}.
 */
public interface RollupStore {

    /**
     * Begins the daily outputs of {@code day} (whose window starts at {@code dayStart}): rows go to
     * {@code vm_daily_rollup} and, when {@code compat} is set, to {@code inventory_daily_summary_YYYYMMDD}.
     */
    PeriodWriter beginDaily(LocalDate day, long dayStart, boolean compat);

    /** Begins the monthly outputs of {@code month}: rows go to {@code inventory_monthly_summary_YYYYMM}. */
    PeriodWriter beginMonthly(YearMonth month, long monthStart);

    /** {@code vm_daily_rollup} rows with {@code "Date"} in the window, ordered by vCenter, VM key, date. */
    void forEachDailyOrdered(TimeWindow window, Consumer<VmSummary> sink);

    /** Day starts that have {@code vm_daily_rollup} rows in the window, ascending. */
    List<Long> dailyRollupDays(TimeWindow window);

    /**
     * A filtered, sorted page of one day's {@code vm_daily_rollup} rows. A sort by a chargeable amount orders by
     * {@code Avg* x AvgIsPresent} (times the query's days captured, see {@link SummaryQuery#daysCaptured()}).
     */
    Page<VmSummary> daily(long dayStart, SummaryQuery query);

    /** A filtered, sorted page of one month's summary rows; empty when the month was never aggregated. */
    Page<VmSummary> monthly(YearMonth month, SummaryQuery query);

    /**
     * Per vCenter, the count of the rows of one day that {@code filter} matches and their sums of
     * {@code Avg* x AvgIsPresent} ({@link ChargeSums}), ordered by vCenter; its sort, limit and offset are ignored.
     * {@code ChargeableAmounts} turns them into the chargeable totals. This default reads the rows; plugins
     * should sum in the database.
     */
    default List<ChargeSums> dailySums(long dayStart, SummaryQuery filter) {
        return ChargeSums.of(daily(dayStart, filter.unpaged()).items());
    }

    /** As {@link #dailySums} for one month's summary rows; empty when the month was never aggregated. */
    default List<ChargeSums> monthlySums(YearMonth month, SummaryQuery filter) {
        return ChargeSums.of(monthly(month, filter.unpaged()).items());
    }

    /**
     * {@code inventory_daily_summary_YYYYMMDD}: the legacy name of a day's summary, which the registry records
     * in compatibility mode and the API names its CSV download after.
     */
    String dailySummaryTableName(LocalDate day);

    /** {@code inventory_monthly_summary_YYYYMM}, the table of a month's summary rows. */
    String monthlySummaryTableName(YearMonth month);
}
