package io.vmledger.storage.spi.contract;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.SummaryTotals;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.SummarySort;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.vmledger.storage.spi.contract.ContractData.VC_A;
import static io.vmledger.storage.spi.contract.ContractData.VC_B;
import static io.vmledger.storage.spi.contract.ContractData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code RollupStore} and {@code PeriodWriter}: daily and monthly outputs, re-runs, rollback and queries. */
public abstract class RollupStoreContract extends ContractBase {
    static final ReportCalendar CAL = ReportCalendar.utc();
    static final LocalDate D1 = LocalDate.of(2024, 3, 10);
    static final LocalDate D2 = D1.plusDays(1);
    static final LocalDate D3 = D1.plusDays(2);
    static final YearMonth M = YearMonth.of(2024, 3);

    static long start(LocalDate d) {
        return CAL.startOf(d);
    }

    static List<VmSummary> dayRows(LocalDate d, int count) {
        List<VmSummary> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(summary(start(d), i % 2 == 0 ? VC_A : VC_B, "vm-" + i, "name-" + i, "Gold", 2 + i));
        }
        return rows;
    }

    static AggregateTotals dayTotals(String vcenter, LocalDate d, double avgVms) {
        return new AggregateTotals(vcenter, Granularity.DAILY, start(d), 24, avgVms, avgVms, 2 * avgVms,
                4 * avgVms, 40 * avgVms, (int) avgVms);
    }

    long writeDaily(LocalDate d, List<VmSummary> rows, List<AggregateTotals> totals) {
        try (PeriodWriter w = storage.rollups().beginDaily(d, start(d), true)) {
            rows.forEach(w::add);
            totals.forEach(w::addTotals);
            w.register(new SnapshotRecord(Granularity.DAILY, start(d), SnapshotRecord.ALL_VCENTERS, rows.size(),
                    "inventory_daily_summary_" + d.toString().replace("-", "")));
            return w.commit();
        }
    }

    List<VmSummary> dailyRows(LocalDate d) {
        return storage.rollups().daily(start(d), SummaryQuery.all()).items();
    }

    @Test
    void aDailyWriterCommitsRowsRegistryAndTotalsTogether() {
        List<VmSummary> rows = dayRows(D1, 7);

        long written = writeDaily(D1, rows, List.of(dayTotals(VC_A, D1, 4), dayTotals(VC_B, D1, 3)));

        assertEquals(7, written);
        Page<VmSummary> page = storage.rollups().daily(start(D1), SummaryQuery.all());
        assertEquals(7, page.total());
        assertEquals(rows.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList(), page.items());
        assertEquals(7, storage.registry().get(Granularity.DAILY, start(D1), SnapshotRecord.ALL_VCENTERS)
                .orElseThrow().rowCount());
        assertEquals(List.of(dayTotals(VC_A, D1, 4)),
                storage.totals().aggregates(VC_A, Granularity.DAILY, TimeWindow.all()));
        assertEquals(List.of(start(D1)), storage.rollups().dailyRollupDays(TimeWindow.all()));
    }

    @Test
    void aRerunReplacesThePeriodsEarlierOutputs() {
        writeDaily(D1, dayRows(D1, 7), List.of(dayTotals(VC_A, D1, 4), dayTotals(VC_B, D1, 3)));
        writeDaily(D2, dayRows(D2, 3), List.of(dayTotals(VC_A, D2, 2)));

        List<VmSummary> fewer = dayRows(D1, 2);
        writeDaily(D1, fewer, List.of(dayTotals(VC_A, D1, 1)));

        assertEquals(fewer, dailyRows(D1));
        assertEquals(3, dailyRows(D2).size(), "other days are untouched");
        assertEquals(List.of(dayTotals(VC_A, D1, 1), dayTotals(VC_A, D2, 2)),
                storage.totals().aggregates(VC_A, Granularity.DAILY, TimeWindow.all()));
        assertEquals(List.of(), storage.totals().aggregates(VC_B, Granularity.DAILY, TimeWindow.all()),
                "the earlier run's totals of a vCenter absent from the re-run are removed");
        assertEquals(2, storage.registry().get(Granularity.DAILY, start(D1), SnapshotRecord.ALL_VCENTERS)
                .orElseThrow().rowCount());
    }

    @Test
    void closingWithoutCommitRollsBackAndKeepsTheEarlierOutputs() {
        List<VmSummary> first = dayRows(D1, 4);
        writeDaily(D1, first, List.of(dayTotals(VC_A, D1, 4)));

        try (PeriodWriter w = storage.rollups().beginDaily(D1, start(D1), true)) {
            dayRows(D1, 9).forEach(w::add);
            w.addTotals(dayTotals(VC_A, D1, 9));
            w.register(new SnapshotRecord(Granularity.DAILY, start(D1), SnapshotRecord.ALL_VCENTERS, 9, null));
            // no commit: an aggregation that fails half-way
        }

        assertEquals(first.size(), dailyRows(D1).size());
        assertEquals(List.of(dayTotals(VC_A, D1, 4)),
                storage.totals().aggregates(VC_A, Granularity.DAILY, TimeWindow.all()));
        assertEquals(4, storage.registry().get(Granularity.DAILY, start(D1), SnapshotRecord.ALL_VCENTERS)
                .orElseThrow().rowCount());

        try (PeriodWriter w = storage.rollups().beginDaily(D2, start(D2), false)) {
            dayRows(D2, 3).forEach(w::add);
        }
        assertEquals(List.of(), dailyRows(D2));
        assertEquals(List.of(start(D1)), storage.rollups().dailyRollupDays(TimeWindow.all()));
    }

    @Test
    void otherWritesWorkAfterAWriterIsClosed() {
        try (PeriodWriter w = storage.rollups().beginDaily(D1, start(D1), true)) {
            dayRows(D1, 2).forEach(w::add);
        }
        storage.registry().register(new SnapshotRecord(Granularity.HOURLY, start(D1), VC_A, 1, null));
        assertTrue(storage.registry().get(Granularity.HOURLY, start(D1), VC_A).isPresent());
    }

    @Test
    void forEachDailyOrderedStreamsByVcenterKeyAndDateWithinAHalfOpenWindow() {
        writeDaily(D2, List.of(summary(start(D2), VC_B, "vm-1", "b1", "Gold", 1),
                summary(start(D2), VC_A, "vm-2", "a2", "Gold", 1),
                summary(start(D2), VC_A, "vm-1", "a1", "Gold", 1)), List.of());
        writeDaily(D1, List.of(summary(start(D1), VC_A, "vm-2", "a2", "Gold", 1),
                summary(start(D1), VC_A, "uuid:u-9", "a9", "Gold", 1)), List.of());
        writeDaily(D3, List.of(summary(start(D3), VC_A, "vm-1", "a1", "Gold", 1)), List.of());

        List<String> seen = new ArrayList<>();
        storage.rollups().forEachDailyOrdered(new TimeWindow(start(D1), start(D3)),
                r -> seen.add(r.vcenter() + " " + r.vmKey() + " " + CAL.dateOf(r.periodStart()).getDayOfMonth()));

        assertEquals(List.of(
                VC_A + " uuid:u-9 10",
                VC_A + " vm-1 11",
                VC_A + " vm-2 10", VC_A + " vm-2 11",
                VC_B + " vm-1 11"), seen);
        assertEquals(List.of(start(D2), start(D3)),
                storage.rollups().dailyRollupDays(new TimeWindow(start(D2), start(D3) + 1)));
        assertEquals(List.of(start(D1), start(D2), start(D3)), storage.rollups().dailyRollupDays(TimeWindow.all()));
    }

    @Test
    void aMonthlyWriterWritesTheMonthsSummaryAndReplacesOnRerun() {
        long monthStart = CAL.startOf(M.atDay(1));
        assertEquals(new Page<VmSummary>(List.of(), 0, Integer.MAX_VALUE, 0),
                storage.rollups().monthly(M, SummaryQuery.all()), "a month never aggregated is empty");

        for (int run = 0; run < 2; run++) {
            try (PeriodWriter w = storage.rollups().beginMonthly(M, monthStart)) {
                for (int i = 0; i < 5 - 2 * run; i++) {
                    w.add(summary(monthStart, VC_A, "vm-" + i, "name-" + i, "Silver", 1 + i));
                }
                w.addTotals(new AggregateTotals(VC_A, Granularity.MONTHLY, monthStart, 700, 5, 4, 9, 20, 200, 6));
                w.register(new SnapshotRecord(Granularity.MONTHLY, monthStart, SnapshotRecord.ALL_VCENTERS,
                        5 - 2 * run, "inventory_monthly_summary_202403"));
                assertEquals(5 - 2 * run, w.commit());
            }
        }

        Page<VmSummary> page = storage.rollups().monthly(M, SummaryQuery.all());
        assertEquals(3, page.total());
        assertEquals(List.of("name-0", "name-1", "name-2"), page.items().stream().map(VmSummary::name).toList());
        assertEquals(1, storage.totals().aggregates(VC_A, Granularity.MONTHLY, TimeWindow.all()).size());
        assertEquals(Optional.of(new SnapshotRecord(Granularity.MONTHLY, monthStart, SnapshotRecord.ALL_VCENTERS, 3,
                "inventory_monthly_summary_202403")),
                storage.registry().get(Granularity.MONTHLY, monthStart, SnapshotRecord.ALL_VCENTERS));
        assertEquals(List.of(), storage.rollups().dailyRollupDays(TimeWindow.all()), "monthly rows are not daily rows");
        assertEquals(0, storage.rollups().monthly(M.plusMonths(1), SummaryQuery.all()).total());
    }

    @Test
    void summaryQueriesFilterSortAndPage() {
        long d = start(D1);
        writeDaily(D1, List.of(
                summary(d, VC_A, "vm-1", "web-01", "Gold", 4),
                summary(d, VC_A, "vm-2", "web-02", "gold", 2),
                summary(d, VC_A, "vm-3", "db-01", "Silver", 8),
                summary(d, VC_B, "vm-4", "web-03", "Gold", 6),
                summary(d, VC_B, "vm-5", "Web-04", "Gold", 1)), List.of());

        Page<VmSummary> gold = storage.rollups().daily(d,
                new SummaryQuery(null, "GOLD", null, SummarySort.AVG_VCPU_COUNT, false, 10, 0));
        assertEquals(List.of("Web-04", "web-02", "web-01", "web-03"), names(gold), "pool matches ignoring case");

        Page<VmSummary> web = storage.rollups().daily(d,
                new SummaryQuery(null, null, "web-", SummarySort.AVG_VCPU_COUNT, true, 10, 0));
        assertEquals(List.of("web-03", "web-01", "web-02"), names(web), "name prefix is case-sensitive");

        Page<VmSummary> vcA = storage.rollups().daily(d,
                new SummaryQuery(VC_A, null, null, SummarySort.AVG_VCPU_COUNT, false, 2, 1));
        assertEquals(3, vcA.total());
        assertEquals(List.of("web-01", "db-01"), names(vcA));
        assertEquals(2, vcA.limit());
        assertEquals(1, vcA.offset());

        Page<VmSummary> byVcenter = storage.rollups().daily(d,
                new SummaryQuery(null, null, null, SummarySort.VCENTER, true, 10, 0));
        assertEquals(List.of(VC_B, VC_B, VC_A, VC_A, VC_A), byVcenter.items().stream().map(VmSummary::vcenter).toList());

        Page<VmSummary> none = storage.rollups().daily(d, new SummaryQuery(VC_B, "Silver", null, null, false, 10, 0));
        assertEquals(0, none.total());
        assertEquals(List.of(), none.items());
        assertEquals(0, storage.rollups().daily(start(D2), SummaryQuery.all()).total());
    }

    @Test
    void totalsSumTheChargeableAmountsOfEveryFilteredRow() {
        long d = start(D1);
        writeDaily(D1, List.of(
                summary(d, VC_A, "vm-1", "web-01", "Gold", 4, 24),
                summary(d, VC_A, "vm-2", "web-02", "Gold", 2, 6),
                summary(d, VC_A, "vm-3", "db-01", "Silver", 8, 12),
                summary(d, VC_B, "vm-4", "web-03", "Gold", 6, 18)), List.of());

        SummaryTotals all = storage.rollups().dailyTotals(d, new SummaryQuery(null, null, null, null, false, 1, 3));
        assertEquals(4, all.rows(), "the page of the query does not limit its totals");
        assertEquals(4 * 1.0 + 2 * 0.25 + 8 * 0.5 + 6 * 0.75, all.vcpu(), 1e-9);
        assertEquals(4.0 * (1.0 + 0.25 + 0.5 + 0.75), all.ramGb(), 1e-9);
        assertEquals(40.0 * (1.0 + 0.25 + 0.5 + 0.75), all.diskGb(), 1e-9);
        assertEquals(SummaryTotals.of(storage.rollups().daily(d, SummaryQuery.all()).items()), all);

        SummaryTotals webInA = storage.rollups().dailyTotals(d, new SummaryQuery(VC_A, "gold", "web-", null, false, 10, 0));
        assertEquals(2, webInA.rows());
        assertEquals(4 * 1.0 + 2 * 0.25, webInA.vcpu(), 1e-9);

        assertEquals(SummaryTotals.NONE, storage.rollups().dailyTotals(start(D2), SummaryQuery.all()));
        assertEquals(SummaryTotals.NONE, storage.rollups().monthlyTotals(M, SummaryQuery.all()), "never aggregated");

        long m = CAL.startOf(M.atDay(1));
        try (PeriodWriter w = storage.rollups().beginMonthly(M, m)) {
            w.add(summary(m, VC_A, "vm-1", "web-01", "Gold", 3, 12));
            w.add(summary(m, VC_B, "vm-4", "web-03", "Gold", 5, 24));
            w.register(new SnapshotRecord(Granularity.MONTHLY, m, SnapshotRecord.ALL_VCENTERS, 2,
                    "inventory_monthly_summary_202403"));
            w.commit();
        }
        SummaryTotals month = storage.rollups().monthlyTotals(M, new SummaryQuery(VC_B, null, null, null, false, 1, 0));
        assertEquals(new SummaryTotals(1, 5.0, 4.0, 40.0), month);
    }

    private static List<String> names(Page<VmSummary> page) {
        return page.items().stream().map(VmSummary::name).toList();
    }
}
