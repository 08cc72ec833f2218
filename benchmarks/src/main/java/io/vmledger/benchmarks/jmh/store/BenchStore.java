package io.vmledger.benchmarks.jmh.store;

import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.AggregationPath;
import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.jdbc.CanonicalSchema;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.storage.spi.VmLookup;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store a benchmark runs on: one month of a simulated inventory, captured through the real capture
 * pipeline and aggregated into daily rollups, built once per (plugin, VM count) and reused by every later
 * run and fork. A SQLite store is a file under {@link StoreLocation#dataDirectory()}; a PostgreSQL store is a
 * schema of the {@code VMLEDGER_TEST_PG_*} database ({@code bin/pg-ensure}). Whoever has a store open holds
 * a lock on it, so two benchmark runs never share one at the same time; a run that finds a store built by
 * another recipe, or an unfinished build, builds it again.
 *
 * <p>The recipe: {@link #VCENTERS} simulated vCenters with {@code vms} VM slots in all (seed {@link #SEED}),
 * the month {@link #MONTH} captured every {@link #CADENCE_HOURS} hours except its last day, which is
 * captured every hour with compatibility tables (the daily benchmark's day, also the legacy path's
 * input), plus the first hour of the next month (which reconciles the last day's deletions); then every
 * day and the month aggregated by the Java path. The month's 31 daily rollups per VM are the monthly
 * benchmark's input; every benchmark that writes replaces outputs the store already holds.
 */
public final class BenchStore implements AutoCloseable {
    public static final YearMonth MONTH = YearMonth.of(2026, 1);
    public static final int VCENTERS = 3;
    public static final long SEED = 42;
    public static final int CADENCE_HOURS = 6;
    /** Changes whenever the recipe does, so that stores built by an older recipe are built again. */
    static final String RECIPE = "recipe 2: month " + MONTH + ", " + VCENTERS + " vCenters, seed " + SEED
            + ", every " + CADENCE_HOURS + " h, last day hourly with compatibility tables, days and month aggregated";
    /** Relative sizes of the simulated vCenters (SimulatedInventorySource's): 1.0 + 0.55 + 1.45 = 3.0. */
    private static final double SIZE_SUM = 3.0;

    private final StoreKind kind;
    private final int vms;
    private final StoreLocation location;
    private final Settings settings;
    private final Storage storage;
    private final boolean built;

    private BenchStore(StoreKind kind, int vms, StoreLocation location, Settings settings, Storage storage,
                       boolean built) {
        this.kind = kind;
        this.vms = vms;
        this.location = location;
        this.settings = settings;
        this.storage = storage;
        this.built = built;
    }

    /** Opens the store of {@code kind} with {@code vms} VM slots, building it first when needed. */
    public static BenchStore open(StoreKind kind, int vms) {
        return open(kind, vms, Map.of());
    }

    /**
     * Opens the store with extra plugin options (for example {@code ingestion=insert}), building it first
     * with the plugin's defaults when needed.
     */
    public static BenchStore open(StoreKind kind, int vms, Map<String, String> options) {
        if (vms < VCENTERS * 10) {
            throw new IllegalArgumentException("vms must be at least " + VCENTERS * 10 + ", got " + vms);
        }
        quietLogs();
        Settings settings = settings(kind, vms);
        StoreLocation location = StoreLocation.lock(kind, vms);
        try {
            String recipe = RECIPE + ", " + vms + " VM slots";
            boolean build = !location.builtWith(recipe);
            if (build) {
                location.wipe();
                try (Storage fresh = StorageProviders.open(settings, location.pluginOptions(Map.of()))) {
                    build(kind, vms, fresh, settings, System.out);
                }
                location.settleAll();
                location.markBuilt(recipe);
            }
            location.dropBenchmarkObjects();
            Storage storage = StorageProviders.open(settings, location.pluginOptions(options));
            return new BenchStore(kind, vms, location, settings, storage, build);
        } catch (RuntimeException e) {
            location.close();
            throw e;
        }
    }

    /** Removes the stores of {@code kind} with {@code vms} VM slots, so that the next run builds them anew. */
    public static void discard(StoreKind kind, int vms) {
        try (StoreLocation location = StoreLocation.lock(kind, vms)) {
            location.wipe();
        }
    }

    /** Where the SQLite stores live ({@code $VMLEDGER_JMH_DATA}, else {@code benchmarks/target/jmh-stores}). */
    public static Path dataDirectory() {
        return StoreLocation.dataDirectory();
    }

    /** The settings of every benchmark on a store: the defaults (compatibility tables on), this plugin. */
    static Settings settings(StoreKind kind, int vms) {
        return Settings.defaults().toBuilder()
                .storage(new Settings.StorageSettings(kind.wire()))
                .asyncReportGeneration(false)
                .hourlySnapshotConcurrency(VCENTERS)
                .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED, VCENTERS,
                        vmsPerVcenter(vms), SEED))
                .build();
    }

    private static int vmsPerVcenter(int vms) {
        return (int) Math.round(vms / SIZE_SUM);
    }

    /** The simulated inventory the store was captured from. */
    public static SimulatedInventorySource source(int vms) {
        return new SimulatedInventorySource(VCENTERS, vmsPerVcenter(vms), SEED);
    }

    public Storage storage() {
        return storage;
    }

    /** Whether this {@link #open} built the store (rather than finding it built). */
    public boolean built() {
        return built;
    }

    public Settings settings() {
        return settings;
    }

    public StoreKind kind() {
        return kind;
    }

    public int vms() {
        return vms;
    }

    /** The day captured every hour: the daily benchmark's day. */
    public LocalDate day() {
        return MONTH.atEndOfMonth();
    }

    /** The first snapshot time after the month: the last one the store holds. */
    public long lastSnapshotTime() {
        return settings.calendar().startOf(MONTH.plusMonths(1).atDay(1));
    }

    /**
     * The VM a trace benchmark follows: one of the first vCenter present in every snapshot of the 30 days
     * that end with the store's last snapshot (the longest trace there is), and that window.
     */
    public record TraceTarget(String vcenter, String vmId, TimeWindow window, int samples) {
    }

    public TraceTarget traceTarget() {
        long end = lastSnapshotTime();
        TimeWindow window = new TimeWindow(end - 30 * 86_400L, end);
        String vc = storage.hourly().vcenters().get(0);
        List<Long> times = storage.hourly().snapshotTimes(vc, window);
        Set<String> first = new TreeSet<>();
        storage.hourly().snapshot(vc, times.get(0)).forEach(s -> first.add(s.vmId()));
        List<String> lasting = storage.hourly().snapshot(vc, times.get(times.size() - 1)).stream()
                .map(VmSample::vmId).filter(first::contains).sorted().toList();
        for (int i = 0; i < lasting.size(); i++) {
            // from the middle of the key range on; a VM that was away for some hours has a shorter trace
            String id = lasting.get((lasting.size() / 2 + i) % lasting.size());
            LifecycleEntry vm = storage.lifecycle().find(new VmLookup(VmLookup.By.VM_ID, id, vc)).get(0);
            if (storage.hourly().trace(vc, vm.vmKey(), window).size() == times.size()) {
                return new TraceTarget(vc, id, window, times.size());
            }
        }
        throw new IllegalStateException("no VM of " + vc + " is in every snapshot of " + window);
    }

    /** The plugin options the store is opened with (its file, or its server and schema). */
    public Map<String, String> pluginOptions() {
        return location.pluginOptions(Map.of());
    }

    /** Runs {@code sql} (DDL of a benchmark's own) in one transaction on the plugin's writer. */
    public void execute(String... sql) {
        ((JdbcStorage) storage).database().write("benchmark DDL", c -> {
            try (Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.execute(s);
                }
            }
            return null;
        });
    }

    /** Forgets every job run, so that each trial starts from the same {@code job_runs}. */
    public void forgetJobRuns() {
        storage.jobs().deleteEndedBefore(Long.MAX_VALUE);
    }

    /**
     * Brings the tables a measured operation rewrites back to a settled state before the next one, outside the
     * measured time: PostgreSQL vacuums them (dead rows of the replaced outputs would otherwise pile up until
     * autovacuum runs at a random moment), SQLite checkpoints its write-ahead log.
     */
    public void settle(String... tables) {
        location.settle(List.of(tables));
    }

    /** Removes every vCenter's hourly rows and catalog entry at {@code snapshotTime}, through the plugin's writer. */
    public void deleteSnapshots(long snapshotTime) {
        ((JdbcStorage) storage).database().write("remove a benchmark snapshot", c -> {
            for (String table : List.of(CanonicalSchema.VM_HOURLY_STATS, CanonicalSchema.VM_HOURLY_SNAPSHOTS)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE \""
                        + CanonicalSchema.SNAPSHOT_TIME + "\" = ?")) {
                    ps.setLong(1, snapshotTime);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
        try {
            storage.close();
        } finally {
            location.close();
        }
    }

    @Override
    public String toString() {
        return kind.wire() + "-" + vms;
    }

    // ------------------------------------------------------------------ the recipe

    private static void build(StoreKind kind, int vms, Storage storage, Settings settings, PrintStream out) {
        ReportCalendar cal = settings.calendar();
        SimulatedInventorySource source = source(vms);
        LocalDate lastDay = MONTH.atEndOfMonth();
        List<Long> times = new ArrayList<>();
        for (LocalDate d : cal.daysOf(MONTH)) {
            int step = d.equals(lastDay) ? 1 : CADENCE_HOURS;
            for (int h = 0; h < 24; h += step) {
                times.add(cal.startOf(d) + h * 3600L);
            }
        }
        times.add(cal.startOf(lastDay.plusDays(1)));
        out.printf(Locale.ROOT, "store %s-%d: building it (once; later runs reuse it): %d captures of %,d VM slots, "
                + "then %d daily aggregations and the month's%n", kind.wire(), vms, times.size(),
                source.vcenters().stream().mapToInt(source::slotCount).sum(), MONTH.lengthOfMonth());
        long start = System.nanoTime();
        Settings plainSettings = settings.toBuilder().snapshotTableCompatMode(false).build();
        long lastDayStart = cal.startOf(lastDay);
        long lastDayEnd = cal.startOf(lastDay.plusDays(1));
        long rows = 0;
        try (CapturePipeline plain = new CapturePipeline(storage, source, plainSettings);
             CapturePipeline compat = new CapturePipeline(storage, source, settings)) {
            int done = 0;
            for (long t : times) {
                // compatibility tables only where the legacy path reads them: the benchmark day
                CaptureRun run = (t >= lastDayStart && t < lastDayEnd ? compat : plain).captureAll(t);
                if (run.failures() > 0) {
                    throw new IllegalStateException("building the benchmark store: the capture of " + t + " failed: "
                            + run.results());
                }
                rows += run.rows();
                if (++done % 24 == 0 || done == times.size()) {
                    out.printf(Locale.ROOT, "  %d/%d captures, %,d rows, %.0f s%n", done, times.size(), rows,
                            (System.nanoTime() - start) / 1e9);
                }
            }
        }
        DailyAggregationJob daily = new DailyAggregationJob(storage, plainSettings);
        for (LocalDate d : cal.daysOf(MONTH)) {
            daily.run(d, AggregationPath.JAVA);
        }
        new MonthlyAggregationJob(storage, settings).run(MONTH, AggregationPath.JAVA, MonthlyGranularity.DAILY);
        storage.jobs().deleteEndedBefore(Long.MAX_VALUE);
        long dailyRecords = storage.registry().list(new SnapshotQuery(Granularity.DAILY, null,
                new TimeWindow(cal.startOf(MONTH.atDay(1)), lastDayEnd), 100, 0)).total();
        if (dailyRecords != MONTH.lengthOfMonth() || storage.registry().get(Granularity.MONTHLY,
                cal.startOf(MONTH.atDay(1)), SnapshotRecord.ALL_VCENTERS).isEmpty()) {
            throw new IllegalStateException("building the benchmark store: " + dailyRecords + " daily records, expected "
                    + MONTH.lengthOfMonth() + ", and a monthly one");
        }
        out.printf(Locale.ROOT, "store %s-%d: built in %.0f s (%,d hourly rows)%n", kind.wire(), vms,
                (System.nanoTime() - start) / 1e9, rows);
    }

    /** The jobs' one line per stage would drown JMH's output. */
    private static void quietLogs() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (var h : root.getHandlers()) {
            h.setLevel(Level.WARNING);
        }
    }

    /** Plugin options of a store: its location plus {@code extra}. */
    static Map<String, String> withExtra(Map<String, String> location, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(location);
        all.putAll(extra);
        return all;
    }
}
