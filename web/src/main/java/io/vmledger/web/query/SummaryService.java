package io.vmledger.web.query;

import io.vmledger.api.ChargeBasis;
import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.SummaryTotals;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.ChargeableAmounts;
import io.vmledger.storage.spi.RollupStore;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Daily and monthly summaries: a period's rows exist once the period has been aggregated, which the
 * snapshot registry records (a day whose VMs were all filtered out still has a record). Rows come with the
 * basis of their chargeable amounts and totals come summed, both from {@link ChargeableAmounts}, which the
 * XLSX reports use too: the UI, the API's JSON and CSV and the reports show the same amounts.
 */
public final class SummaryService {
    private final RollupStore rollups;
    private final SnapshotRegistry registry;
    private final ReportCalendar calendar;
    private final ChargeableAmounts charges;

    public SummaryService(Storage storage, ReportCalendar calendar) {
        this.rollups = storage.rollups();
        this.registry = storage.registry();
        this.calendar = calendar;
        this.charges = new ChargeableAmounts(storage, calendar);
    }

    /**
     * A page of a period's rows and the basis of their chargeable amounts.
     *
     * @param page  the rows
     * @param basis their chargeable amounts: {@code basis.of(row)}
     */
    public record Rows(Page<VmSummary> page, ChargeBasis basis) {
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
    public Optional<Rows> daily(LocalDate day, SummaryQuery query) {
        if (!hasDay(day)) {
            return Optional.empty();
        }
        return Optional.of(new Rows(rollups.daily(calendar.startOf(day), query), charges.day()));
    }

    /** A page of the month's rows, or empty when the month has not been aggregated. */
    public Optional<Rows> monthly(YearMonth month, SummaryQuery query) {
        if (!hasMonth(month)) {
            return Optional.empty();
        }
        ChargeBasis basis = charges.month(month);
        return Optional.of(new Rows(rollups.monthly(month, charges.monthlyQuery(month, basis, query)), basis));
    }

    /** {@code inventory_daily_summary_YYYYMMDD}: the legacy name of the day's summary, which downloads are named after. */
    public String dailyName(LocalDate day) {
        return rollups.dailySummaryTableName(day);
    }

    /** {@code inventory_monthly_summary_YYYYMM}: the name of the month's summary. */
    public String monthlyName(YearMonth month) {
        return rollups.monthlySummaryTableName(month);
    }

    /** Count and chargeable totals of every row of the day the filter matches. */
    public SummaryTotals dailyTotals(LocalDate day, SummaryQuery filter) {
        return charges.dailyTotals(day, filter);
    }

    /** Count and chargeable totals of every row of the month the filter matches, on the basis of its rows. */
    public SummaryTotals monthlyTotals(YearMonth month, ChargeBasis basis, SummaryQuery filter) {
        return charges.monthlyTotals(month, basis, filter);
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
