package io.vmledger.storage.spi;

import io.vmledger.api.ChargeBasis;
import io.vmledger.api.ChargeSums;
import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SummaryTotals;
import io.vmledger.api.TimeWindow;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chargeable amounts of daily and monthly summary rows, as the store gives them: the one place the web
 * UI (rows and totals), the API's JSON and CSV and the XLSX reports take them from, so that a page and a
 * spreadsheet of the same period show the same numbers. The definition is {@link ChargeBasis}; this class
 * reads what it needs: a month's days captured per vCenter ({@link #daysCaptured}), and the totals of
 * filtered rows, summed by the database per vCenter ({@link RollupStore#dailySums}) and then scaled, so they
 * cost one grouped scan whatever the row count.
 */
public final class ChargeableAmounts {
    private final RollupStore rollups;
    private final TotalsStore totals;
    private final HourlyStore hourly;
    private final ReportCalendar calendar;

    public ChargeableAmounts(Storage storage, ReportCalendar calendar) {
        Objects.requireNonNull(storage, "storage");
        this.rollups = storage.rollups();
        this.totals = storage.totals();
        this.hourly = storage.hourly();
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /** A day's basis: one day per row. */
    public ChargeBasis day() {
        return ChargeBasis.DAY;
    }

    /** A month's basis: each vCenter's days captured in {@code month}, read when first needed. */
    public ChargeBasis month(YearMonth month) {
        TimeWindow w = calendar.month(month);
        return ChargeBasis.month(v -> daysCaptured(v, w));
    }

    /**
     * The days of {@code month} on which {@code vcenter} was captured: its daily {@code vcenter_aggregate_totals}
     * rows (one per aggregated day with snapshots; retention keeps them), else, for a month built from hourly
     * rows before its days were aggregated, the days of its hourly snapshots; at least 1.
     */
    public int daysCaptured(String vcenter, TimeWindow month) {
        int days = totals.aggregates(vcenter, Granularity.DAILY, month).size();
        if (days > 0) {
            return days;
        }
        Set<LocalDate> distinct = new TreeSet<>();
        for (long t : hourly.snapshotTimes(vcenter, month)) {
            distinct.add(calendar.dateOf(t));
        }
        return Math.max(distinct.size(), 1);
    }

    /** Count and chargeable totals of every row of {@code day} that {@code filter} matches (its page ignored). */
    public SummaryTotals dailyTotals(LocalDate day, SummaryQuery filter) {
        return day().totals(rollups.dailySums(calendar.startOf(day), filter));
    }

    /** Count and chargeable totals of every row of {@code month} that {@code filter} matches, on {@code basis}. */
    public SummaryTotals monthlyTotals(YearMonth month, ChargeBasis basis, SummaryQuery filter) {
        return basis.totals(rollups.monthlySums(month, filter));
    }

    /**
     * {@code query} over {@code month}'s rows made ready for the store: a sort by a chargeable amount gets the days
     * captured of every vCenter whose rows the filter matches, so that the database orders by the amounts shown.
     */
    public SummaryQuery monthlyQuery(YearMonth month, ChargeBasis basis, SummaryQuery query) {
        if (query.sort().chargedAverage().isEmpty()) {
            return query;
        }
        List<String> vcenters = rollups.monthlySums(month, query).stream().map(ChargeSums::vcenter).toList();
        return query.withDaysCaptured(basis.daysCaptured(vcenters));
    }
}
