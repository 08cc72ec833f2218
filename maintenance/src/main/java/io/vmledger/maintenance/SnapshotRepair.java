package io.vmledger.maintenance;

import io.vmledger.aggregation.AggregationResult;
import io.vmledger.api.AggregationPath;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.SnapshotRegistration;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.Storage;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Repair from the canonical hourly facts ({@code POST /api/snapshots/repair} and {@code /repair/all}).
 * In order, canonical caches first:
 * <ol>
 *   <li>{@code vm_lifecycle_cache}, rebuilt from {@code vm_hourly_stats} ({@link LifecycleRebuild}; the
 *       cache spans all history, so it is rebuilt whole even for one day);</li>
 *   <li>for each snapshot of the day, the capture pipeline's registration step ({@link SnapshotRegistration}):
 *       {@code vcenter_totals} (and latest), the hour's aggregate totals, the {@code snapshot_registry}
 *       record and, in compatibility mode, {@code inventory_hourly_<T>};</li>
 *   <li>the day's daily aggregation (rollup, compatibility summary, registry, daily totals) and, when
 *       the month had been aggregated, the month again so that it reflects the repaired day;</li>
 *   <li>last, the XLSX reports of what was rebuilt: the day's hourly reports, the daily report and the
 *       monthly one, generated inline so the repair's job run ends when they are written.</li>
 * </ol>
 * {@link #repairAll()} does the same for every day with hourly rows and then every such month.
 */
public final class SnapshotRepair {
    private static final System.Logger LOG = System.getLogger(SnapshotRepair.class.getName());

    private final Storage storage;
    private final Settings settings;
    private final ReportCalendar calendar;
    private final DailyAggregationJob daily;
    private final MonthlyAggregationJob monthly;
    private final ReportService reports;
    private final SnapshotRegistration registration;

    public SnapshotRepair(Storage storage, Settings settings, Clock clock, ReportService reports) {
        this.storage = storage;
        this.reports = reports;
        this.settings = settings;
        this.calendar = settings.calendar();
        this.daily = new DailyAggregationJob(storage, settings, clock);
        this.monthly = new MonthlyAggregationJob(storage, settings, clock);
        this.registration = new SnapshotRegistration(storage, calendar);
    }

    /** Whether any vCenter has hourly rows on {@code day}; a repair of a day without them is refused. */
    public boolean hasHourlyRows(LocalDate day) {
        return daily.hasInput(day, AggregationPath.JAVA);
    }

    public OperationResult repairDay(LocalDate day) {
        LifecycleRebuild.Result lifecycle = new LifecycleRebuild(storage, calendar).rebuild();
        Figures f = refreshSnapshots(calendar.day(day));
        AggregationResult d = daily.runConfigured(day);
        List<String> details = new ArrayList<>(List.of(lifecycle.describe(), f.describe(), d.describe()));
        long rows = lifecycle.entries() + f.rows + d.rows();
        YearMonth month = YearMonth.from(day);
        List<ReportId> rebuilt = new ArrayList<>(reports.hourlyReports(calendar.day(day)));
        rebuilt.add(ReportId.daily(day));
        if (storage.registry().get(Granularity.MONTHLY, calendar.startOf(month.atDay(1)), SnapshotRecord.ALL_VCENTERS)
                .isPresent()) {
            AggregationResult m = monthly.runConfigured(month, settings.monthlyAggregationGranularity());
            details.add(m.describe());
            rows += m.rows();
            rebuilt.add(ReportId.monthly(month));
        }
        details.add("reports: " + reports.regenerate(rebuilt).describe());
        return new OperationResult(rows, "repair " + day + ": " + String.join("; ", details));
    }

    public OperationResult repairAll() {
        LifecycleRebuild.Result lifecycle = new LifecycleRebuild(storage, calendar).rebuild();
        long rows = lifecycle.entries();
        // drops totals of snapshots that no longer exist; the per-day pass below rewrites the rest
        rows += storage.totals().rebuildFromHourly();
        TreeSet<LocalDate> days = new TreeSet<>();
        for (String v : storage.hourly().vcenters()) {
            for (long t : storage.hourly().snapshotTimes(v, TimeWindow.all())) {
                days.add(calendar.dateOf(t));
            }
        }
        Figures all = new Figures();
        Set<YearMonth> months = new TreeSet<>();
        long dailyRows = 0;
        for (LocalDate day : days) {
            Figures f = refreshSnapshots(calendar.day(day));
            all.add(f);
            AggregationResult d = daily.runConfigured(day);
            dailyRows += d.rows();
            months.add(YearMonth.from(day));
            LOG.log(System.Logger.Level.INFO, "repair " + day + ": " + f.describe() + "; " + d.describe());
        }
        long monthlyRows = 0;
        for (YearMonth m : months) {
            monthlyRows += monthly.runConfigured(m, settings.monthlyAggregationGranularity()).rows();
        }
        rows += all.rows + dailyRows + monthlyRows;
        // reports last, once every table they are built from is rebuilt
        List<ReportId> rebuilt = new ArrayList<>(reports.hourlyReports(TimeWindow.all()));
        days.forEach(d -> rebuilt.add(ReportId.daily(d)));
        months.forEach(m -> rebuilt.add(ReportId.monthly(m)));
        ReportService.Regeneration r = reports.regenerate(rebuilt);
        return new OperationResult(rows, String.format(Locale.ROOT,
                "repair all: %s; %d days (%s): %s; %d daily rows; %d months: %d monthly rows; reports: %s",
                lifecycle.describe(), days.size(), days.isEmpty() ? "none" : days.first() + ".." + days.last(),
                all.describe(), dailyRows, months.size(), monthlyRows, r.describe()));
    }

    /** Counts of one snapshot pass. */
    private static final class Figures {
        int snapshots;
        long rows;
        int compatTables;

        void add(Figures f) {
            snapshots += f.snapshots;
            rows += f.rows;
            compatTables += f.compatTables;
        }

        String describe() {
            return snapshots + " snapshots (" + rows + " rows) re-registered with totals, " + compatTables
                    + " compatibility tables rewritten";
        }
    }

    /** The registration step of every snapshot in a window: totals, hourly aggregates, records, compatibility tables. */
    private Figures refreshSnapshots(TimeWindow window) {
        Figures f = new Figures();
        boolean compat = settings.snapshotTableCompatMode();
        Set<Long> existingTables = new HashSet<>(storage.compatibility().hourlyTableTimes(window));
        for (String v : storage.hourly().vcenters()) {
            for (long t : storage.hourly().snapshotTimes(v, window)) {
                List<VmSample> rows = storage.hourly().snapshot(v, t);
                // a table left from when compatibility mode was on keeps being named
                String kept = !compat && existingTables.contains(t) ? storage.compatibility().hourlyTableName(t) : null;
                SnapshotRecord record = registration.register(v, t, rows, rows.size(), kept);
                if (compat) {
                    registration.writeCompatibilityTable(record, rows);
                    f.compatTables++;
                }
                f.snapshots++;
                f.rows += rows.size();
            }
        }
        return f;
    }
}
