package io.vmledger.maintenance;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds the vCenter totals caches from canonical data ({@code POST /api/vcenters/cache/rebuild},
 * {@code bin/vmledger backfill-vcenter-cache}):
 * <ol>
 *   <li>{@code vcenter_totals} and {@code vcenter_latest_totals} from {@code vm_hourly_stats};</li>
 *   <li>hourly {@code vcenter_aggregate_totals} from those snapshot totals;</li>
 *   <li>daily rows for the days that have been aggregated (a daily registry record), from the day's
 *       snapshot totals; days whose hourly rows retention removed keep their rows;</li>
 *   <li>monthly rows for the aggregated months, combined from their daily rows as monthly aggregation
 *       does.</li>
 * </ol>
 * Periods never aggregated get no daily or monthly row, so the caches agree with the summaries.
 */
public final class TotalsCacheRebuild {
    private static final System.Logger LOG = System.getLogger(TotalsCacheRebuild.class.getName());

    private final Storage storage;
    private final ReportCalendar calendar;

    public TotalsCacheRebuild(Storage storage, ReportCalendar calendar) {
        this.storage = storage;
        this.calendar = calendar;
    }

    public OperationResult rebuild() {
        long t0 = System.nanoTime();
        long snapshotRows = storage.totals().rebuildFromHourly();
        long t1 = System.nanoTime();

        List<Long> days = periods(Granularity.DAILY);
        List<Long> months = periods(Granularity.MONTHLY);
        Set<String> vcenters = new LinkedHashSet<>(storage.hourly().vcenters());
        storage.totals().latest().forEach(t -> vcenters.add(t.vcenter()));

        long hourlyRows = 0;
        long dailyRows = 0;
        for (String v : vcenters) {
            List<VcenterTotals> series = storage.totals().series(v, TimeWindow.all());
            List<AggregateTotals> hourly = AggregateTotals.perPeriod(v, Granularity.HOURLY, series, calendar::hourStart);
            storage.totals().putAggregates(hourly);
            hourlyRows += hourly.size();

            Set<Long> aggregatedDays = Set.copyOf(days);
            List<AggregateTotals> daily = new ArrayList<>();
            for (AggregateTotals d : AggregateTotals.perPeriod(v, Granularity.DAILY, series, calendar::dayStart)) {
                if (aggregatedDays.contains(d.periodStart())) {
                    daily.add(d);
                }
            }
            storage.totals().putAggregates(daily);
            dailyRows += daily.size();
        }
        long monthlyRows = 0;
        for (long monthStart : months) {
            TimeWindow month = calendar.month(calendar.monthOf(monthStart));
            List<AggregateTotals> rows = new ArrayList<>();
            for (String v : vcenters) {
                List<AggregateTotals> parts = storage.totals().aggregates(v, Granularity.DAILY, month);
                if (!parts.isEmpty()) {
                    rows.add(AggregateTotals.combine(v, Granularity.MONTHLY, month.start(), parts));
                }
            }
            storage.totals().putAggregates(rows);
            monthlyRows += rows.size();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String detail = String.format(java.util.Locale.ROOT,
                "vcenter_totals %d rows (%d ms); aggregate totals: %d hourly, %d daily, %d monthly; %d vCenters in %d ms",
                snapshotRows, (t1 - t0) / 1_000_000, hourlyRows, dailyRows, monthlyRows, vcenters.size(), ms);
        LOG.log(System.Logger.Level.INFO, "vCenter totals cache rebuilt: " + detail);
        return new OperationResult(snapshotRows + hourlyRows + dailyRows + monthlyRows, detail);
    }

    /**
     * {@link #rebuild()}, then the daily and monthly reports of the aggregated periods, whose
     * "vCenter totals" sheets show the rebuilt aggregate totals.
     */
    public OperationResult rebuildWithReports(ReportService reports) {
        OperationResult r = rebuild();
        List<ReportId> ids = new ArrayList<>();
        periods(Granularity.DAILY).forEach(start -> ids.add(ReportId.daily(calendar.dateOf(start))));
        periods(Granularity.MONTHLY).forEach(start -> ids.add(ReportId.monthly(calendar.monthOf(start))));
        return new OperationResult(r.rows(), r.detail() + "; reports: " + reports.regenerate(ids).describe());
    }

    /** Period starts of the registry's daily or monthly records, ascending. */
    private List<Long> periods(Granularity type) {
        List<SnapshotRecord> records = storage.registry()
                .list(new SnapshotQuery(type, null, TimeWindow.all(), Integer.MAX_VALUE, 0)).items();
        return records.stream().map(SnapshotRecord::snapshotTime).distinct().sorted().toList();
    }
}
