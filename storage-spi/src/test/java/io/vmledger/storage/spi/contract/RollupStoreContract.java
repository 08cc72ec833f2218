package io.vmledger.storage.spi.contract;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.ChargeBasis;
import io.vmledger.api.ChargeSums;
import io.vmledger.api.Chargeable;
import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.SummaryTotals;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.ChargeableAmounts;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.SummarySort;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void emptyCellsSortLastInEitherDirection() {
        long d = start(D1);
        List<VmSummary> rows = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            VmSummary s = summary(d, VC_A, "vm-" + i, "vm-" + i, i == 2 ? null : "Gold", i);
            Long deleted = i % 2 == 0 ? null : d + i * 3600L;
            rows.add(new VmSummary(s.periodStart(), s.vcenter(), s.vmKey(), s.vmId(), s.vmUuid(), s.name(),
                    s.samplesPresent(), s.totalSamples(), s.avgIsPresent(), s.avgVcpuCount(), s.avgRamGb(),
                    s.avgProvisionedDisk(), s.poolTinPct(), s.poolBronzePct(), s.poolSilverPct(), s.poolGoldPct(),
                    s.poolOtherPct(), s.firstSample(), s.lastSample(), s.resourcePool(), s.vcpuCount(), s.ramGb(),
                    s.provisionedDisk(), s.powerState(), s.datacenter(), s.cluster(), s.folder(), s.creationTime(),
                    deleted));
        }
        writeDaily(D1, rows, List.of());
        assertEquals(List.of("vm-1", "vm-3", "vm-2", "vm-4"), names(storage.rollups().daily(d,
                new SummaryQuery(null, null, null, SummarySort.DELETION_TIME, false, 10, 0))));
        assertEquals(List.of("vm-3", "vm-1", "vm-2", "vm-4"), names(storage.rollups().daily(d,
                new SummaryQuery(null, null, null, SummarySort.DELETION_TIME, true, 10, 0))), "deletions first, newest first");
        assertEquals("vm-2", names(storage.rollups().daily(d,
                new SummaryQuery(null, null, null, SummarySort.RESOURCE_POOL, true, 10, 0))).get(3), "no pool last");
    }

    @Test
    void sumsArePerVcenterOverEveryFilteredRow() {
        long d = start(D1);
        writeDaily(D1, List.of(
                summary(d, VC_A, "vm-1", "web-01", "Gold", 4, 24),
                summary(d, VC_A, "vm-2", "web-02", "Gold", 2, 6),
                summary(d, VC_A, "vm-3", "db-01", "Silver", 8, 12),
                summary(d, VC_B, "vm-4", "web-03", "Gold", 6, 18)), List.of());

        List<ChargeSums> all = storage.rollups().dailySums(d, new SummaryQuery(null, null, null, null, false, 1, 3));
        assertEquals(List.of(VC_A, VC_B), all.stream().map(ChargeSums::vcenter).toList(), "one line per vCenter, in order");
        assertEquals(3, all.get(0).rows(), "the page of the query does not limit its sums");
        assertEquals(4 * 1.0 + 2 * 0.25 + 8 * 0.5, all.get(0).vcpu(), 1e-9);
        assertEquals(4.0 * (1.0 + 0.25 + 0.5), all.get(0).ramGb(), 1e-9);
        assertEquals(40.0 * (1.0 + 0.25 + 0.5), all.get(0).diskGb(), 1e-9);
        assertEquals(new ChargeSums(VC_B, 1, 6 * 0.75, 4 * 0.75, 40 * 0.75), all.get(1));
        assertSums(ChargeSums.of(storage.rollups().daily(d, SummaryQuery.all()).items()), all);

        List<ChargeSums> webInA = storage.rollups().dailySums(d, new SummaryQuery(VC_A, "gold", "web-", null, false, 10, 0));
        assertEquals(1, webInA.size());
        assertEquals(2, webInA.get(0).rows());
        assertEquals(4 * 1.0 + 2 * 0.25, webInA.get(0).vcpu(), 1e-9);

        assertEquals(List.of(), storage.rollups().dailySums(start(D2), SummaryQuery.all()));
        assertEquals(List.of(), storage.rollups().monthlySums(M, SummaryQuery.all()), "never aggregated");

        long m = CAL.startOf(M.atDay(1));
        try (PeriodWriter w = storage.rollups().beginMonthly(M, m)) {
            w.add(summary(m, VC_A, "vm-1", "web-01", "Gold", 3, 12));
            w.add(summary(m, VC_B, "vm-4", "web-03", "Gold", 5, 24));
            w.register(new SnapshotRecord(Granularity.MONTHLY, m, SnapshotRecord.ALL_VCENTERS, 2,
                    "inventory_monthly_summary_202403"));
            w.commit();
        }
        assertEquals(List.of(new ChargeSums(VC_B, 1, 5.0, 4.0, 40.0)),
                storage.rollups().monthlySums(M, new SummaryQuery(VC_B, null, null, null, false, 1, 0)));
    }

    /**
     * A month's chargeable amounts are its rows' averages x AvgIsPresent x the days its vCenter was captured:
     * the sum of the daily amounts when every day has as many snapshots. VC_A is captured on three days (a VM in
     * half of the first day's snapshots with 2 vCPUs, all of the second's with 4, none of the third's), VC_B on one.
     */
    @Test
    void aMonthsChargeableAmountsScaleEachVcenterByItsDaysCapturedAndEqualTheSumOfItsDays() {
        VmSummary a1 = summary(start(D1), VC_A, "vm-1", "web-01", "Gold", 2, 12);
        VmSummary a2 = summary(start(D2), VC_A, "vm-1", "web-01", "Gold", 4, 24);
        VmSummary other = summary(start(D3), VC_A, "vm-2", "web-02", "Gold", 1, 24);
        VmSummary b1 = summary(start(D1), VC_B, "vm-4", "db-01", "Gold", 6, 6);
        writeDaily(D1, List.of(a1, b1), List.of(dayTotals(VC_A, D1, 2), dayTotals(VC_B, D1, 1)));
        writeDaily(D2, List.of(a2), List.of(dayTotals(VC_A, D2, 1)));
        writeDaily(D3, List.of(other), List.of(dayTotals(VC_A, D3, 1)));
        long m = CAL.startOf(M.atDay(1));
        // the month's rows as monthly-from-daily computes them (semantics section 5)
        VmSummary monthA = monthOf(m, List.of(a1, a2), 72);
        VmSummary monthOther = monthOf(m, List.of(other), 72);
        VmSummary monthB = monthOf(m, List.of(b1), 24);
        try (PeriodWriter w = storage.rollups().beginMonthly(M, m)) {
            List.of(monthA, monthOther, monthB).forEach(w::add);
            w.register(new SnapshotRecord(Granularity.MONTHLY, m, SnapshotRecord.ALL_VCENTERS, 3,
                    "inventory_monthly_summary_202403"));
            w.commit();
        }

        ChargeableAmounts charges = new ChargeableAmounts(storage, CAL);
        ChargeBasis month = charges.month(M);
        assertEquals(3, month.daysCaptured(VC_A));
        assertEquals(1, month.daysCaptured(VC_B));
        Chargeable days = ChargeBasis.DAY.of(a1).plus(ChargeBasis.DAY.of(a2));
        assertEquals(2 * 0.5 + 4 * 1.0, days.vcpuDays(), 1e-12);
        Chargeable ofMonth = month.of(storage.rollups().monthly(M, new SummaryQuery(null, null, "web-01", null, false,
                1, 0)).items().get(0));
        assertEquals(days.vcpuDays(), ofMonth.vcpuDays(), 1e-9, "the month's vCPU-days are the sum of its days'");
        assertEquals(days.ramGbDays(), ofMonth.ramGbDays(), 1e-9);
        assertEquals(days.diskGbDays(), ofMonth.diskGbDays(), 1e-9);
        assertEquals(6 * 0.25, month.of(monthB).vcpuDays(), 1e-9, "one day captured: the day's amount");

        SummaryTotals monthTotals = charges.monthlyTotals(M, month, SummaryQuery.all());
        Chargeable dayAmounts = Chargeable.ZERO;
        for (LocalDate d : List.of(D1, D2, D3)) {
            dayAmounts = dayAmounts.plus(charges.dailyTotals(d, SummaryQuery.all()).amounts());
        }
        assertEquals(3, monthTotals.rows());
        assertEquals(Map.of(VC_A, 3, VC_B, 1), monthTotals.daysCaptured());
        assertEquals(dayAmounts.vcpuDays(), monthTotals.vcpuDays(), 1e-9, "the month's total is the days' total");
        assertEquals(dayAmounts.ramGbDays(), monthTotals.ramGbDays(), 1e-9);
        assertEquals(dayAmounts.diskGbDays(), monthTotals.diskGbDays(), 1e-9);
        Chargeable rowByRow = Chargeable.ZERO;
        for (VmSummary r : storage.rollups().monthly(M, SummaryQuery.all()).items()) {
            rowByRow = rowByRow.plus(month.of(r));
        }
        assertEquals(rowByRow.vcpuDays(), monthTotals.vcpuDays(), 1e-9, "totals summed in SQL = the rows' amounts");
        assertEquals(new SummaryTotals(1, month.of(monthB), Map.of(VC_B, 1)), charges.monthlyTotals(M, month,
                new SummaryQuery(VC_B, null, null, null, false, 1, 0)));
        assertEquals(SummaryTotals.NONE, charges.monthlyTotals(M.plusMonths(1), charges.month(M.plusMonths(1)),
                SummaryQuery.all()), "never aggregated");

        // a vCenter without daily totals in the month counts the days of its hourly snapshots, at least one
        storage.hourly().replaceSnapshot(VC_B, start(D2), List.of(ContractData.vm(VC_B, start(D2), 1)));
        storage.hourly().replaceSnapshot(VC_B, start(D2) + 3600, List.of(ContractData.vm(VC_B, start(D2) + 3600, 1)));
        storage.hourly().replaceSnapshot(VC_B, start(D3), List.of(ContractData.vm(VC_B, start(D3), 1)));
        TimeWindow afterD1 = new TimeWindow(start(D2), CAL.month(M).end());
        assertEquals(List.of(), storage.totals().aggregates(VC_B, Granularity.DAILY, afterD1));
        assertEquals(2, charges.daysCaptured(VC_B, afterD1), "two days of hourly snapshots (three snapshots)");
        assertEquals(1, charges.daysCaptured("vc-none.example.org", CAL.month(M)));
    }

    @Test
    void chargeableAmountsSortByAverageTimesPresenceTimesTheQuerysDaysCaptured() {
        long d = start(D1);
        writeDaily(D1, List.of(
                summary(d, VC_A, "vm-1", "a-full-4", "Gold", 4, 24),
                summary(d, VC_A, "vm-2", "a-half-6", "Gold", 6, 12),
                summary(d, VC_B, "vm-3", "b-full-2", "Gold", 2, 24),
                summary(d, VC_B, "vm-4", "b-quarter-16", "Gold", 16, 6)), List.of());
        // vCPU-days: a-full-4 4, a-half-6 3, b-full-2 2, b-quarter-16 4 (ties broken by vCenter and key)
        assertEquals(List.of("a-full-4", "b-quarter-16", "a-half-6", "b-full-2"), names(storage.rollups().daily(d,
                new SummaryQuery(null, null, null, SummarySort.VCPU_DAYS, true, 10, 0))));
        assertEquals(List.of("b-full-2", "a-half-6", "a-full-4", "b-quarter-16"), names(storage.rollups().daily(d,
                new SummaryQuery(null, null, null, SummarySort.VCPU_DAYS, false, 10, 0))));
        // RAM and disk are equal per VM here, so presence alone orders them
        assertEquals(List.of("b-quarter-16", "a-half-6", "a-full-4", "b-full-2"), names(storage.rollups().daily(d,
                new SummaryQuery(null, null, null, SummarySort.RAM_GB_DAYS, false, 10, 0))));
        assertEquals(List.of("a-full-4", "b-full-2", "a-half-6"), names(storage.rollups().daily(d,
                new SummaryQuery(null, null, null, SummarySort.DISK_GB_DAYS, true, 3, 0))));

        // a month: VC_B captured on 3 days, VC_A on 1, so VC_B's amounts weigh three times as much
        long m = CAL.startOf(M.atDay(1));
        try (PeriodWriter w = storage.rollups().beginMonthly(M, m)) {
            dailyRows(D1).stream().map(r -> summary(m, r.vcenter(), r.vmKey(), r.name(), "Gold", r.avgVcpuCount(),
                    (int) r.samplesPresent())).forEach(w::add);
            w.register(new SnapshotRecord(Granularity.MONTHLY, m, SnapshotRecord.ALL_VCENTERS, 4,
                    "inventory_monthly_summary_202403"));
            w.commit();
        }
        SummaryQuery byVcpuDays = new SummaryQuery(null, null, null, SummarySort.VCPU_DAYS, true, 10, 0);
        // weighted: a-full-4 4, a-half-6 3, b-full-2 6, b-quarter-16 12
        assertEquals(List.of("b-quarter-16", "b-full-2", "a-full-4", "a-half-6"), names(storage.rollups().monthly(M,
                byVcpuDays.withDaysCaptured(Map.of(VC_A, 1, VC_B, 3)))));
        assertEquals(List.of("b-quarter-16", "b-full-2"), names(storage.rollups().monthly(M,
                new SummaryQuery(null, null, null, SummarySort.VCPU_DAYS, true, 2, 0,
                        Map.of(VC_A, 1, VC_B, 3)))), "a page of the weighted order");
        assertEquals(List.of("a-full-4", "b-quarter-16", "a-half-6", "b-full-2"), names(storage.rollups().monthly(M,
                byVcpuDays)), "without days captured every vCenter counts one day");
        // a vCenter name is bound as a parameter, never written into the SQL
        assertEquals(4, storage.rollups().monthly(M, byVcpuDays.withDaysCaptured(
                Map.of("x' OR '1'='1", 2, VC_A, 1))).total());
    }

    /** A month's row of one VM from its daily rows, as monthly-from-daily computes it (semantics section 5). */
    private static VmSummary monthOf(long monthStart, List<VmSummary> days, long totalSamples) {
        long present = 0;
        double vcpu = 0;
        double ram = 0;
        double disk = 0;
        for (VmSummary d : days) {
            present += d.samplesPresent();
            vcpu += d.avgVcpuCount() * d.samplesPresent();
            ram += d.avgRamGb() * d.samplesPresent();
            disk += d.avgProvisionedDisk() * d.samplesPresent();
        }
        VmSummary last = days.get(days.size() - 1);
        return new VmSummary(monthStart, last.vcenter(), last.vmKey(), last.vmId(), last.vmUuid(), last.name(), present,
                totalSamples, (double) present / totalSamples, vcpu / present, ram / present, disk / present, 0, 0, 0,
                100, 0, days.get(0).firstSample(), last.lastSample(), last.resourcePool(), last.vcpuCount(), last.ramGb(),
                last.provisionedDisk(), last.powerState(), last.datacenter(), last.cluster(), last.folder(),
                last.creationTime(), last.deletionTime());
    }

    private static void assertSums(List<ChargeSums> expected, List<ChargeSums> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).vcenter(), actual.get(i).vcenter());
            assertEquals(expected.get(i).rows(), actual.get(i).rows());
            assertEquals(expected.get(i).vcpu(), actual.get(i).vcpu(), 1e-9);
            assertEquals(expected.get(i).ramGb(), actual.get(i).ramGb(), 1e-9);
            assertEquals(expected.get(i).diskGb(), actual.get(i).diskGb(), 1e-9);
        }
    }

    private static List<String> names(Page<VmSummary> page) {
        return page.items().stream().map(VmSummary::name).toList();
    }
}
