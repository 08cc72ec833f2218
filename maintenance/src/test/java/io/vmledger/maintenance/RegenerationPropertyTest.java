package io.vmledger.maintenance;

import io.vmledger.aggregation.AggregationResult;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.aggregation.ScheduledAggregation;
import io.vmledger.api.AggregationPath;
import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.Inventory;
import io.vmledger.capture.InventorySource;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.reports.DataVersion;
import io.vmledger.reports.ReportFiles;
import io.vmledger.reports.ReportQueue;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A closed period never changes when it is regenerated (issue 9). A simulated inventory is captured
 * hour by hour and aggregated as production does: each day right after the next day's first capture
 * is reconciled, the month right after its last day ({@link ScheduledAggregation#afterCapture}).
 * Right after each scheduled run the outputs are kept, as the scheduled run wrote them and as each
 * other path and monthly source writes them at that moment. After more days have been captured,
 * every day and the month are rebuilt by {@code repair/all} ({@link SnapshotRepair#repairAll()}, what
 * {@code POST /api/snapshots/repair/all} runs) and by each aggregation path, and every output must be
 * byte-identical to what was written on schedule: all columns of {@code vm_daily_rollup}, the
 * compatibility summary tables, the monthly summary, {@code vcenter_aggregate_totals} (and the
 * {@code vcenter_totals} and registry records they come with). A second {@code repair/all} changes
 * no stored row at all.
 *
 * <p>The inventory holds the cases the {@code DeletionTime} rule is about, which the last test
 * checks: VMs deleted days after a day they were present on, removal events in a day's last hour,
 * deletions observed at the next day's first capture, and VMs that vanish and come back (at a day's
 * first capture, and mid-day to return on a later day: {@link Outages}). Under the rule of before
 * issue 9 (a lifecycle deletion counted however late it came) the rebuilds fail. A plugin runs this
 * by extending it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RegenerationPropertyTest {
    static final ZoneId UTC = ZoneOffset.UTC;
    /** A fortnight across a month's end, so that the month is aggregated on schedule too. */
    static final LocalDate FIRST = LocalDate.of(2026, 10, 22);
    static final int FORTNIGHT = 14;
    /** Days captured after the fortnight, before the rebuilds. */
    static final int MORE_DAYS = 2;
    /** Slots of the first simulated vCenter (the second has 0.55 times as many). */
    static final int VMS = 200;
    /** The simulated inventory's seed; the last test checks that its fortnight holds every case. */
    static final long SEED = 5L;
    static final long HOUR = 3600;
    static final long DAY = 86_400;
    static final List<AggregationPath> REWRITE_ORDER = List.of(AggregationPath.LEGACY, AggregationPath.SQL,
            AggregationPath.JAVA);
    /** Monthly path and source pairs; the scheduled one (Java from daily rollups) last. */
    static final List<MonthlyRun> MONTHLY_RUNS = List.of(new MonthlyRun(AggregationPath.SQL, MonthlyGranularity.DAILY),
            new MonthlyRun(AggregationPath.JAVA, MonthlyGranularity.HOURLY),
            new MonthlyRun(AggregationPath.SQL, MonthlyGranularity.HOURLY),
            new MonthlyRun(AggregationPath.JAVA, MonthlyGranularity.DAILY));

    record MonthlyRun(AggregationPath path, MonthlyGranularity source) {
        @Override
        public String toString() {
            return path.wire() + " from " + source.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    protected Storage storage;
    protected Settings settings;
    /** Repair regenerates the XLSX reports of what it rebuilt; they go to a temporary directory. */
    private ReportService reports;
    private Path reportsDir;
    private ReportCalendar calendar;
    private final SimClock clock = new SimClock();
    /**
     * Every output of each day as each path wrote it right after the scheduled run (the Java path's are
     * the scheduled run's own).
     */
    private final Map<LocalDate, Map<AggregationPath, List<String>>> dayOutputs = new TreeMap<>();
    /** The month's outputs as each path and source wrote them right after the scheduled run. */
    private final Map<YearMonth, Map<MonthlyRun, List<String>>> monthOutputs = new TreeMap<>();

    /** Opens an empty store of the plugin with these settings. */
    protected abstract Storage open(Settings settings);

    /** A plain JDBC connection to the store, to read its tables as they are stored. */
    protected abstract Connection connect() throws SQLException;

    /** Removes what {@link #open} created, after the store is closed. */
    protected void dispose() {
    }

    @BeforeAll
    void captureAndAggregateOnSchedule() {
        settings = Settings.defaults().toBuilder()
                .snapshotTableCompatMode(true)
                .asyncReportGeneration(false)
                .hourlySnapshotConcurrency(2)
                .build();
        storage = open(settings);
        calendar = settings.calendar();
        try {
            reportsDir = Files.createTempDirectory("vmledger-regeneration-reports");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reports = new ReportService(storage, settings, new ReportFiles(reportsDir), DataVersion.UNKNOWN, clock,
                ReportQueue.DEFAULT_CAPACITY);
        InventorySource source = new Outages(new SimulatedInventorySource(2, VMS, SEED));
        ScheduledAggregation scheduled = new ScheduledAggregation(storage, settings, clock);
        long start = FIRST.atStartOfDay(UTC).toEpochSecond();
        long end = start + (FORTNIGHT + MORE_DAYS) * DAY;
        try (CapturePipeline pipeline = new CapturePipeline(storage, source, settings)) {
            for (long t = start; t <= end; t += HOUR) {
                clock.set(t);
                CaptureRun run = pipeline.captureAll(t);
                assertEquals(0, run.failures(), "capture at " + Instant.ofEpochSecond(t));
                clock.set(t + 600);
                for (AggregationResult r : scheduled.afterCapture(t)) {
                    if (r.granularity() == Granularity.DAILY) {
                        keepDay(LocalDate.parse(r.period()));
                    } else {
                        keepMonth(YearMonth.parse(r.period()));
                    }
                }
            }
        }
        clock.set(end + 2 * HOUR);
        assertEquals(FORTNIGHT + MORE_DAYS, dayOutputs.size(), "days aggregated on schedule: " + dayOutputs.keySet());
        assertEquals(List.of(YearMonth.of(2026, 10)), List.copyOf(monthOutputs.keySet()), "months aggregated on schedule");
    }

    @AfterAll
    void close() throws IOException {
        if (reports != null) {
            reports.close();
        }
        if (storage != null) {
            storage.close();
        }
        dispose();
        if (reportsDir != null) {
            try (Stream<Path> files = Files.walk(reportsDir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** What {@code POST /api/snapshots/repair/all} runs. */
    private void repairAll() {
        new SnapshotRepair(storage, settings, clock, reports).repairAll();
    }

    /** Right after the scheduled run of {@code day}: the outputs each path writes. */
    private void keepDay(LocalDate day) {
        DailyAggregationJob job = new DailyAggregationJob(storage, settings, clock);
        Map<AggregationPath, List<String>> outputs = new EnumMap<>(AggregationPath.class);
        List<String> scheduledOutputs = dumpDay(day);
        for (AggregationPath p : REWRITE_ORDER) {
            job.run(day, p);
            outputs.put(p, dumpDay(day));
        }
        assertSame("the outputs of " + day + " written again by the Java path at once", scheduledOutputs,
                outputs.get(AggregationPath.JAVA));
        dayOutputs.put(day, outputs);
    }

    private void keepMonth(YearMonth month) {
        MonthlyAggregationJob job = new MonthlyAggregationJob(storage, settings, clock);
        List<String> scheduledOutputs = dumpMonth(month);
        Map<MonthlyRun, List<String>> outputs = new LinkedHashMap<>();
        for (MonthlyRun m : MONTHLY_RUNS) {
            job.run(month, m.path(), m.source());
            outputs.put(m, dumpMonth(month));
        }
        assertSame("the outputs of " + month + " written again at once", scheduledOutputs,
                outputs.get(MONTHLY_RUNS.get(MONTHLY_RUNS.size() - 1)));
        monthOutputs.put(month, outputs);
    }

    @Test
    @Order(1)
    void repairAllRewritesEveryScheduledOutputByteForByte() {
        // first the store as an earlier version left it: a lifecycle deletion after LastSample counted
        // however late it came, in every table that holds summary rows
        int damaged = writeDeletionsAsBeforeIssue9();
        assertTrue(damaged >= 100, damaged + " rows hold a deletion from a later day");
        repairAll();
        dayOutputs.forEach((day, byPath) ->
                assertSame("outputs of " + day + " after repair/all", byPath.get(AggregationPath.JAVA), dumpDay(day)));
        monthOutputs.forEach((month, byRun) ->
                assertSame("outputs of " + month + " after repair/all", byRun.get(MONTHLY_RUNS.get(MONTHLY_RUNS.size() - 1)),
                        dumpMonth(month)));
    }

    @Test
    @Order(2)
    void eachPathRewritesEveryScheduledOutputByteForByte() {
        DailyAggregationJob daily = new DailyAggregationJob(storage, settings, clock);
        for (AggregationPath p : REWRITE_ORDER) {
            dayOutputs.forEach((day, byPath) -> {
                daily.run(day, p);
                assertSame("outputs of " + day + " rebuilt by " + p.wire(), byPath.get(p), dumpDay(day));
            });
        }
        MonthlyAggregationJob monthly = new MonthlyAggregationJob(storage, settings, clock);
        monthOutputs.forEach((month, byRun) -> byRun.forEach((run, outputs) -> {
            monthly.run(month, run.path(), run.source());
            assertSame("outputs of " + month + " rebuilt " + run, outputs, dumpMonth(month));
        }));
    }

    @Test
    @Order(3)
    void aSecondRepairAllChangesNothing() {
        // the store is as the first repair/all left it: the rebuilds above ended with the scheduled path
        List<String> before = dumpAll();
        repairAll();
        assertSame("every stored row after a second repair/all", before, dumpAll());
        assertEquals(0, new LifecycleRebuild(storage, calendar).rebuild().changed(),
                "lifecycle entries a rebuild after repair/all changes");
    }

    /**
     * The comparison means something only if the inventory holds what the rule is about; the counts
     * are taken from the days' rows (the same as the scheduled runs wrote, as the tests above show) and
     * the final lifecycle cache.
     */
    @Test
    @Order(4)
    void theSimulatedInventoryHoldsEveryCaseTheDeletionRuleIsAbout() {
        Map<String, LifecycleEntry> lifecycle = new HashMap<>();
        for (String v : storage.hourly().vcenters()) {
            storage.lifecycle().forVcenter(v).forEach((k, e) -> lifecycle.put(v + "/" + k, e));
        }
        Map<String, List<VmSummary>> byVm = new HashMap<>();
        DailyAggregationJob daily = new DailyAggregationJob(storage, settings, clock);
        for (LocalDate day : dayOutputs.keySet()) {
            daily.compute(day, AggregationPath.JAVA,
                    r -> byVm.computeIfAbsent(r.vcenter() + "/" + r.vmKey(), k -> new ArrayList<>()).add(r));
        }
        int deletedDaysLater = 0;
        int lastHourEvents = 0;
        int observedAtNextDay = 0;
        int vanishedMidDayAndBack = 0;
        int vanishedAtMidnightAndBack = 0;
        for (Map.Entry<String, List<VmSummary>> e : byVm.entrySet()) {
            LifecycleEntry lc = lifecycle.get(e.getKey());
            List<VmSummary> rows = e.getValue();
            for (int i = 0; i < rows.size(); i++) {
                VmSummary r = rows.get(i);
                long dayEnd = r.periodStart() + DAY;
                boolean inLastSnapshot = r.lastSample() == dayEnd - HOUR;
                boolean backLater = i + 1 < rows.size();
                if (r.deletionTime() == null) {
                    if (lc != null && lc.deletionTime() != null && lc.deletionTime() >= dayEnd + DAY) {
                        deletedDaysLater++;
                    }
                } else if (inLastSnapshot && r.deletionTime() < dayEnd) {
                    lastHourEvents++;
                } else if (inLastSnapshot && r.deletionTime() == dayEnd) {
                    observedAtNextDay++;
                    vanishedAtMidnightAndBack += backLater ? 1 : 0;
                } else if (backLater) {
                    vanishedMidDayAndBack++;
                }
            }
        }
        String counts = "rows of VMs deleted a day or more later " + deletedDaysLater
                + ", removal events in the last hour " + lastHourEvents
                + ", deletions observed at the next day's first capture " + observedAtNextDay
                + " (VMs back later " + vanishedAtMidnightAndBack + "), VMs vanished mid-day and back on a later day "
                + vanishedMidDayAndBack;
        System.out.println("regeneration property: " + counts);
        assertTrue(deletedDaysLater >= 100, counts);
        assertTrue(lastHourEvents >= 2, counts);
        assertTrue(observedAtNextDay >= 2, counts);
        assertTrue(vanishedMidDayAndBack >= 2, counts);
        assertTrue(vanishedAtMidnightAndBack >= 1, counts);
    }

    // ------------------------------------------------------------------ reading and writing the tables

    /**
     * Sets each summary row's {@code DeletionTime} as the rule of before issue 9 did: the lifecycle
     * deletion whenever it lies after {@code LastSample}. Returns the rows changed.
     */
    private int writeDeletionsAsBeforeIssue9() {
        List<String> tables = new ArrayList<>(List.of("vm_daily_rollup"));
        dayOutputs.keySet().forEach(d -> tables.add(storage.rollups().dailySummaryTableName(d)));
        monthOutputs.keySet().forEach(m -> tables.add(storage.rollups().monthlySummaryTableName(m)));
        int changed = 0;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String t : tables) {
                changed += st.executeUpdate("""
                        UPDATE %1$s SET "DeletionTime" = (
                                SELECT l."DeletionTime" FROM vm_lifecycle_cache AS l
                                 WHERE l."Vcenter" = %1$s."Vcenter" AND l."VmKey" = %1$s."VmKey")
                         WHERE EXISTS (SELECT 1 FROM vm_lifecycle_cache AS l
                                        WHERE l."Vcenter" = %1$s."Vcenter" AND l."VmKey" = %1$s."VmKey"
                                          AND l."DeletionTime" > %1$s."LastSample"
                                          AND l."DeletionTime" <> coalesce(%1$s."DeletionTime", -1))""".formatted(t));
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot rewrite the deletion times: " + e.getMessage(), e);
        }
        return changed;
    }

    /** Every output of a day: its rollup rows, compatibility table, totals (hourly and daily) and registry record. */
    private List<String> dumpDay(LocalDate day) {
        TimeWindow w = calendar.day(day);
        List<String> out = new ArrayList<>();
        String in = " >= " + w.start() + " AND %s < " + w.end();
        out.addAll(rows("vm_daily_rollup", "\"Date\" = " + w.start(), "\"Vcenter\", \"VmKey\""));
        out.addAll(rows(storage.rollups().dailySummaryTableName(day), "1 = 1", "\"Vcenter\", \"VmKey\""));
        out.addAll(rows("vcenter_totals", "\"SnapshotTime\"" + in.formatted("\"SnapshotTime\""),
                "\"Vcenter\", \"SnapshotTime\""));
        out.addAll(rows("vcenter_aggregate_totals", "\"Granularity\" IN ('hourly', 'daily') AND \"PeriodStart\""
                + in.formatted("\"PeriodStart\""), "\"Vcenter\", \"Granularity\", \"PeriodStart\""));
        out.addAll(rows("snapshot_registry", "\"SnapshotType\" = 'daily' AND \"SnapshotTime\" = " + w.start(),
                "\"Vcenter\""));
        return out;
    }

    private List<String> dumpMonth(YearMonth month) {
        long start = calendar.month(month).start();
        List<String> out = new ArrayList<>();
        out.addAll(rows(storage.rollups().monthlySummaryTableName(month), "1 = 1", "\"Vcenter\", \"VmKey\""));
        out.addAll(rows("vcenter_aggregate_totals", "\"Granularity\" = 'monthly' AND \"PeriodStart\" = " + start,
                "\"Vcenter\""));
        out.addAll(rows("snapshot_registry", "\"SnapshotType\" = 'monthly' AND \"SnapshotTime\" = " + start,
                "\"Vcenter\""));
        return out;
    }

    /** Every derived table whole, for the idempotence check. */
    private List<String> dumpAll() {
        List<String> out = new ArrayList<>();
        out.addAll(rows("vm_daily_rollup", "1 = 1", "\"Date\", \"Vcenter\", \"VmKey\""));
        out.addAll(rows("vm_lifecycle_cache", "1 = 1", "\"Vcenter\", \"VmKey\""));
        out.addAll(rows("vcenter_totals", "1 = 1", "\"Vcenter\", \"SnapshotTime\""));
        out.addAll(rows("vcenter_latest_totals", "1 = 1", "\"Vcenter\""));
        out.addAll(rows("vcenter_aggregate_totals", "1 = 1", "\"Vcenter\", \"Granularity\", \"PeriodStart\""));
        out.addAll(rows("snapshot_registry", "1 = 1", "\"SnapshotType\", \"SnapshotTime\", \"Vcenter\""));
        for (LocalDate d = FIRST; !d.isAfter(FIRST.plusDays(FORTNIGHT + MORE_DAYS)); d = d.plusDays(1)) {
            out.addAll(rows(storage.rollups().dailySummaryTableName(d), "1 = 1", "\"Vcenter\", \"VmKey\""));
        }
        for (YearMonth m : List.of(YearMonth.of(2026, 10), YearMonth.of(2026, 11))) {
            out.addAll(rows(storage.rollups().monthlySummaryTableName(m), "1 = 1", "\"Vcenter\", \"VmKey\""));
        }
        return out;
    }

    /**
     * The rows of a table as stored, one string each naming the table and every column; numbers are
     * written exactly (a double by its shortest round-trip form), so equal strings mean equal bytes.
     */
    private List<String> rows(String table, String where, String orderBy) {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE " + where + " ORDER BY " + orderBy)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder(table);
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    b.append(' ').append(md.getColumnLabel(i)).append('=');
                    if (v instanceof Double || v instanceof Float) {
                        b.append(Double.toString(((Number) v).doubleValue())).append('d');
                    } else if (v instanceof Number n) {
                        b.append(n.longValue());
                    } else if (v instanceof Boolean flag) {
                        b.append(flag ? 1 : 0);
                    } else {
                        b.append(v == null ? "NULL" : "'" + v + "'");
                    }
                }
                out.add(b.toString());
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + table + ": " + e.getMessage(), e);
        }
        return out;
    }

    // ------------------------------------------------------------------ assertions

    /**
     * Equal lists of stored rows. A failure names the first few rows that differ and, for a row whose
     * key (table and first three columns) is on both sides, only the columns that differ.
     */
    static void assertSame(String what, List<String> expected, List<String> actual) {
        if (expected.equals(actual)) {
            return;
        }
        Map<String, String> now = new LinkedHashMap<>();
        actual.forEach(row -> now.put(key(row), row));
        java.util.Set<String> was = new java.util.HashSet<>(expected);
        List<String> lines = new ArrayList<>();
        int differing = 0;
        for (String row : expected) {
            String other = now.remove(key(row));
            if (row.equals(other)) {
                continue;
            }
            if (differing++ < 8) {
                lines.add(other == null ? "  gone: " + row : "  " + key(row) + ": " + columnDiff(row, other));
            }
        }
        for (String row : now.values()) {
            if (!was.contains(row) && differing++ < 8) {
                lines.add("  new: " + row);
            }
        }
        fail(what + " differ: " + differing + " rows (" + expected.size() + " rows before, " + actual.size()
                + " now)\n" + String.join("\n", lines));
    }

    private static String key(String row) {
        String[] parts = row.split(" ", 5);
        return String.join(" ", java.util.Arrays.copyOf(parts, Math.min(parts.length, 4)));
    }

    private static String columnDiff(String was, String now) {
        String[] a = was.split(" ");
        String[] b = now.split(" ");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                out.add(a[i] + " now " + b[i].substring(b[i].indexOf('=') + 1));
            }
        }
        return out.isEmpty() ? "column layout differs" : String.join(", ", out);
    }

    /**
     * The simulated inventory with longer absences than its one-hour blinks: about one VM in 20 is
     * missing, without any event, for 3 to 30 hours from a time in the fortnight, so VMs vanish mid-day
     * and come back the next day, vanish in a day's last hour, and stay away over whole days.
     */
    static final class Outages implements InventorySource {
        private final InventorySource inner;

        Outages(InventorySource inner) {
            this.inner = inner;
        }

        private static boolean away(VmSample s) {
            java.util.SplittableRandom r = new java.util.SplittableRandom((s.vcenter() + "/" + s.key()).hashCode() * 31L + SEED);
            if (r.nextInt(20) != 0) {
                return false;
            }
            long from = FIRST.atStartOfDay(UTC).toEpochSecond() + r.nextLong(FORTNIGHT * 24L) * HOUR;
            long to = from + (3 + r.nextLong(28)) * HOUR;
            return s.snapshotTime() >= from && s.snapshotTime() < to;
        }

        @Override
        public List<String> vcenters() {
            return inner.vcenters();
        }

        @Override
        public Inventory capture(String vcenter, long snapshotTime) {
            Inventory all = inner.capture(vcenter, snapshotTime);
            return new Inventory(vcenter, snapshotTime, all.vms().stream().filter(s -> !away(s)).toList(), all.fallbacks());
        }

        @Override
        public List<VmEvent> events(String vcenter, long fromExclusive, long toInclusive) {
            return inner.events(vcenter, fromExclusive, toInclusive);
        }
    }

    /** A clock the test moves along with the simulated captures. */
    static final class SimClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        void set(long epochSecond) {
            now = Instant.ofEpochSecond(epochSecond);
        }

        @Override
        public ZoneId getZone() {
            return UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
