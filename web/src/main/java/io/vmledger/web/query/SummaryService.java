package io.vmledger.web.query;

import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.SummaryTotals;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.RollupStore;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.storage.spi.SummaryQuery;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Daily and monthly summaries: a period's rows exist once the period has been aggregated, which the
 * snapshot registry records (a day whose VMs were all filtered out still has a record).
 */
public final class SummaryService {
    private final RollupStore rollups;
    private final SnapshotRegistry registry;
    private final ReportCalendar calendar;

    public SummaryService(RollupStore rollups, SnapshotRegistry registry, ReportCalendar calendar) {
        this.rollups = rollups;
        this.registry = registry;
        this.calendar = calendar;
    }

    public ReportCalendar calendar() {
        return calendar;
    }

    /** Whether the day has been aggregated. */
    public boolean hasDay(LocalDate day) {
        return registered(Granularity.DAILY, calendar.startOf(day));
    }

    /** Whether the month has been aggregated. */
    public boolean hasMonth(YearMonth month) {
        return registered(Granularity.MONTHLY, calendar.startOf(month.atDay(1)));
    }

    /** A page of the day's rows, or empty when the day has not been aggregated. */
    public Optional<Page<VmSummary>> daily(LocalDate day, SummaryQuery query) {
        return hasDay(day) ? Optional.of(rollups.daily(calendar.startOf(day), query)) : Optional.empty();
    }

    /** A page of the month's rows, or empty when the month has not been aggregated. */
    public Optional<Page<VmSummary>> monthly(YearMonth month, SummaryQuery query) {
        return hasMonth(month) ? Optional.of(rollups.monthly(month, query)) : Optional.empty();
    }

    /** {@code inventory_daily_summary_YYYYMMDD}: the legacy name of the day's summary, which downloads are named after. */
    public String dailyName(LocalDate day) {
        return rollups.dailySummaryTableName(day);
    }

    /** {@code inventory_monthly_summary_YYYYMM}: the name of the month's summary. */
    public String monthlyName(YearMonth month) {
        return rollups.monthlySummaryTableName(month);
    }

    /** Count and chargeable sums of every row of the day the filter matches. */
    public SummaryTotals dailyTotals(LocalDate day, SummaryQuery filter) {
        return rollups.dailyTotals(calendar.startOf(day), filter);
    }

    /** Count and chargeable sums of every row of the month the filter matches. */
    public SummaryTotals monthlyTotals(YearMonth month, SummaryQuery filter) {
        return rollups.monthlyTotals(month, filter);
    }

    /** The nearest aggregated days before and after {@code day}, each empty when there is none. */
    public Neighbours<LocalDate> neighbours(LocalDate day) {
        long start = calendar.startOf(day);
        return new Neighbours<>(
                before(Granularity.DAILY, start).map(calendar::dateOf),
                after(Granularity.DAILY, calendar.startOf(day.plusDays(1))).map(calendar::dateOf));
    }

    /** The nearest aggregated months before and after {@code month}, each empty when there is none. */
    public Neighbours<YearMonth> neighbours(YearMonth month) {
        return new Neighbours<>(
                before(Granularity.MONTHLY, calendar.startOf(month.atDay(1))).map(calendar::monthOf),
                after(Granularity.MONTHLY, calendar.startOf(month.plusMonths(1).atDay(1))).map(calendar::monthOf));
    }

    /** The previous and next period, when they exist. */
    public record Neighbours<T>(Optional<T> previous, Optional<T> next) {
    }

    private boolean registered(Granularity type, long start) {
        return registry.get(type, start, SnapshotRecord.ALL_VCENTERS).isPresent();
    }

    /** The newest period start before {@code time}. */
    private Optional<Long> before(Granularity type, long time) {
        List<SnapshotRecord> newest = registry.list(new SnapshotQuery(type, SnapshotRecord.ALL_VCENTERS,
                new TimeWindow(TimeWindow.all().start(), time), 1, 0)).items();
        return newest.stream().findFirst().map(SnapshotRecord::snapshotTime);
    }

    /** The oldest period start at or after {@code time}: the last of the newest-first listing. */
    private Optional<Long> after(Granularity type, long time) {
        TimeWindow later = new TimeWindow(time, TimeWindow.all().end());
        long count = registry.list(new SnapshotQuery(type, SnapshotRecord.ALL_VCENTERS, later, 1, 0)).total();
        if (count == 0) {
            return Optional.empty();
        }
        return registry.list(new SnapshotQuery(type, SnapshotRecord.ALL_VCENTERS, later, 1, count - 1)).items()
                .stream().findFirst().map(SnapshotRecord::snapshotTime);
    }
}
