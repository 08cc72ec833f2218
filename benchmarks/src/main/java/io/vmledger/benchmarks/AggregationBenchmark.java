package io.vmledger.benchmarks;

import io.vmledger.api.AggregationPath;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.SummaryComparison;
import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.api.settings.SettingsException;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.storage.spi.SummaryQuery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The aggregation benchmark ({@code bin/vmledger -benchmark-aggregations}): every aggregation path on the
 * same day and the same month of a simulated inventory (15,000 VMs over three vCenters by default),
 * each run writing all of its outputs, as scheduled runs do. Prints per path the time (min and median
 * of the timed runs), the rows written and whether they are identical to the Java path's rows.
 *
 * <p>The store is built once through the real capture pipeline and reused: the month's last day is
 * captured every hour (24 snapshots, the daily benchmark's input, with compatibility tables for the
 * legacy path), its other days every {@code --cadence} hours (6 by default; the monthly input is their
 * 31 daily rollups per VM, whatever the cadence), and every day is aggregated once.
 */
public final class AggregationBenchmark {
    static final double TARGET_SECONDS = 1.0;
    private static final String DB_FILE = "aggregation-bench.db";
    private static final String MARKER = "aggregation-bench.properties";
    private static final double[] SIZE_FACTORS = {1.0, 0.55, 1.45, 0.8, 1.2};

    private final Options o;
    private final PrintStream out;

    AggregationBenchmark(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the benchmark; returns the exit code (2 bad options, 1 failure or, with --enforce, a missed target or a difference). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("aggregation benchmark: " + e.getMessage());
            err.println();
            err.println(Options.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(Options.USAGE);
            return 0;
        }
        quietLogs(options.verbose);
        try {
            boolean ok = new AggregationBenchmark(options, out).run();
            return options.enforce && !ok ? 1 : 0;
        } catch (SettingsException | StorageException | IllegalStateException e) {
            err.println("aggregation benchmark failed: " + e.getMessage());
            return 1;
        }
    }

    private static void quietLogs(boolean verbose) {
        Logger root = Logger.getLogger("");
        Level level = verbose ? Level.INFO : Level.WARNING;
        root.setLevel(level);
        for (var h : root.getHandlers()) {
            h.setLevel(level);
        }
    }

    /** The plugin options of the run; a SQLite store lives in the data directory unless an option says otherwise. */
    private Map<String, String> storageOptions(Path db) {
        Map<String, String> options = new HashMap<>(o.storageOptions);
        if ("sqlite".equals(o.provider)) {
            options.putIfAbsent("path", db.toString());
        }
        return options;
    }

    /** @return whether every target was met and every path's rows were identical */
    boolean run() {
        Path dir = o.data.toAbsolutePath().normalize();
        Path db = dir.resolve(DB_FILE);
        prepare(dir, db);
        Settings settings = Settings.defaults().toBuilder()
                .storage(new Settings.StorageSettings(o.provider))
                .snapshotTableCompatMode(true)
                .asyncReportGeneration(false)
                .hourlySnapshotConcurrency(1)
                .build();
        double perVcenter = 0;
        for (int i = 0; i < o.vcenters; i++) {
            perVcenter += SIZE_FACTORS[i % SIZE_FACTORS.length];
        }
        int vmsPerVcenter = (int) Math.round(o.vms / perVcenter);
        SimulatedInventorySource source = new SimulatedInventorySource(o.vcenters, vmsPerVcenter, o.seed);
        LocalDate day = o.month.atEndOfMonth();
        out.printf(Locale.ROOT, "aggregation benchmark: %d simulated vCenters, %,d VM slots (seed %d); month %s, "
                        + "%s captured hourly, the other days every %d h%n", o.vcenters,
                source.vcenters().stream().mapToInt(source::slotCount).sum(), o.seed, o.month, day, o.cadence);
        out.printf(Locale.ROOT, "store: %s (%s); java %s, %d processors%n", db, o.provider,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try (Storage storage = StorageProviders.open(settings, storageOptions(db))) {
            build(storage, settings, source, day);
            boolean ok = benchmarkDay(storage, settings, day);
            ok &= benchmarkMonth(storage, settings);
            return ok;
        }
    }

    // ------------------------------------------------------------------ building the store once

    private void prepare(Path dir, Path db) {
        try {
            Files.createDirectories(dir);
            Path marker = dir.resolve(MARKER);
            Properties wanted = new Properties();
            wanted.setProperty("vms", Integer.toString(o.vms));
            wanted.setProperty("vcenters", Integer.toString(o.vcenters));
            wanted.setProperty("seed", Long.toString(o.seed));
            wanted.setProperty("month", o.month.toString());
            wanted.setProperty("cadence", Integer.toString(o.cadence));
            wanted.setProperty("provider", o.provider);
            boolean exists = Files.exists(db);
            if (exists && !o.rebuild) {
                Properties have = new Properties();
                if (Files.exists(marker)) {
                    try (InputStream in = Files.newInputStream(marker)) {
                        have.load(in);
                    }
                }
                if (have.equals(wanted)) {
                    return;
                }
                out.println("the store in " + dir + " was built with other parameters " + new java.util.TreeMap<>(have)
                        + "; rebuilding it");
            }
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(dir.resolve(DB_FILE + suffix));
            }
            try (OutputStream os = Files.newOutputStream(marker)) {
                wanted.store(os, "parameters of the aggregation benchmark store " + DB_FILE);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Captures the month (skipping hours already stored) and aggregates every day that has no rollup yet. */
    private void build(Storage storage, Settings settings, SimulatedInventorySource source, LocalDate lastDay) {
        ReportCalendar cal = settings.calendar();
        List<Long> times = new ArrayList<>();
        for (LocalDate d : cal.daysOf(o.month)) {
            int step = d.equals(lastDay) ? 1 : o.cadence;
            for (int h = 0; h < 24; h += step) {
                times.add(cal.startOf(d) + h * 3600L);
            }
        }
        // the next day's first capture reconciles the deletions of the last day's last hour
        times.add(cal.startOf(lastDay.plusDays(1)));
        Set<Long> present = new LinkedHashSet<>(storage.hourly().snapshotTimes(source.vcenters().get(0),
                new TimeWindow(times.get(0), times.get(times.size() - 1) + 1)));
        List<Long> missing = times.stream().filter(t -> !present.contains(t)).toList();
        if (!missing.isEmpty()) {
            out.printf(Locale.ROOT, "building: %d captures (once; later runs reuse the store)%n", missing.size());
            long start = System.nanoTime();
            Settings noCompat = settings.toBuilder().snapshotTableCompatMode(false).build();
            long lastDayStart = cal.startOf(lastDay);
            long lastDayEnd = cal.startOf(lastDay.plusDays(1));
            try (CapturePipeline plain = new CapturePipeline(storage, source, noCompat);
                 CapturePipeline compat = new CapturePipeline(storage, source, settings)) {
                int done = 0;
                long rows = 0;
                for (long t : missing) {
                    // compatibility tables only where the legacy path reads them: the benchmark day
                    CaptureRun run = (t >= lastDayStart && t < lastDayEnd ? compat : plain).captureAll(t);
                    if (run.failures() > 0) {
                        throw new IllegalStateException("capture at " + t + " failed: " + run.results());
                    }
                    rows += run.rows();
                    if (++done % 24 == 0 || done == missing.size()) {
                        double s = (System.nanoTime() - start) / 1e9;
                        out.printf(Locale.ROOT, "  %4d/%d captures, %,d rows, %.0f s elapsed%n", done, missing.size(),
                                rows, s);
                    }
                }
            }
        }
        DailyAggregationJob daily = new DailyAggregationJob(storage, settings.toBuilder()
                .snapshotTableCompatMode(false).build());
        int aggregated = 0;
        for (LocalDate d : cal.daysOf(o.month)) {
            if (storage.registry().get(Granularity.DAILY, cal.startOf(d), SnapshotRecord.ALL_VCENTERS).isEmpty()) {
                daily.run(d, AggregationPath.JAVA);
                aggregated++;
            }
        }
        if (aggregated > 0) {
            out.printf(Locale.ROOT, "building: aggregated %d days of %s%n", aggregated, o.month);
        }
    }

    // ------------------------------------------------------------------ measuring

    private boolean benchmarkDay(Storage storage, Settings settings, LocalDate day) {
        ReportCalendar cal = settings.calendar();
        TimeWindow w = cal.day(day);
        long inputRows = storage.registry().list(new SnapshotQuery(Granularity.HOURLY, null, w, 10_000, 0)).items()
                .stream().mapToLong(SnapshotRecord::rowCount).sum();
        out.printf(Locale.ROOT, "%ndaily %s: %,d hourly rows (templates included) -> vm_daily_rollup, "
                + "inventory_daily_summary, registry, daily totals; %d timed runs per path after 1 warm-up%n", day,
                inputRows, o.runs);
        header();
        DailyAggregationJob job = new DailyAggregationJob(storage, settings);
        List<VmSummary> reference = null;
        double javaMedian = Double.NaN;
        boolean identical = true;
        for (AggregationPath path : o.paths) {
            double[] t = time(() -> job.run(day, path));
            List<VmSummary> rows = storage.rollups().daily(w.start(), SummaryQuery.all()).items();
            String verdict;
            if (reference == null) {
                reference = rows;
                verdict = "reference";
            } else {
                SummaryComparison.Result r = SummaryComparison.compare(reference, rows, SummaryComparison.DAILY_TOLERANCE);
                verdict = r.verdict();
                identical &= r.identical();
            }
            if (path == AggregationPath.JAVA) {
                javaMedian = median(t);
            }
            line(path.wire(), t, rows.size(), verdict);
        }
        if (o.paths.get(o.paths.size() - 1) != AggregationPath.JAVA && o.paths.contains(AggregationPath.JAVA)) {
            job.run(day, AggregationPath.JAVA); // leave the Java rows as the month's input
        }
        return verdictLine("java daily", javaMedian) & identical;
    }

    private boolean benchmarkMonth(Storage storage, Settings settings) {
        ReportCalendar cal = settings.calendar();
        TimeWindow w = cal.month(o.month);
        long inputRows = 0;
        for (long d : storage.rollups().dailyRollupDays(w)) {
            inputRows += storage.rollups().daily(d, new SummaryQuery(null, null, null, null, false, 1, 0)).total();
        }
        out.printf(Locale.ROOT, "%nmonthly %s: %,d vm_daily_rollup rows -> inventory_monthly_summary, registry, "
                + "monthly totals; %d timed runs per path after 1 warm-up%n", o.month, inputRows, o.runs);
        header();
        MonthlyAggregationJob job = new MonthlyAggregationJob(storage, settings);
        List<VmSummary> reference = null;
        double javaMedian = Double.NaN;
        boolean identical = true;
        List<MonthlyGranularity> sources = o.hourlyMonthly
                ? List.of(MonthlyGranularity.DAILY, MonthlyGranularity.HOURLY) : List.of(MonthlyGranularity.DAILY);
        for (MonthlyGranularity source : sources) {
            for (AggregationPath path : o.paths) {
                if (path == AggregationPath.LEGACY) {
                    continue;
                }
                double[] t = time(() -> job.run(o.month, path, source));
                List<VmSummary> rows = storage.rollups().monthly(o.month, SummaryQuery.all()).items();
                String verdict;
                if (reference == null) {
                    reference = rows;
                    verdict = "reference";
                } else {
                    // from hourly rows the means are summed in another order: semantics allows 1e-9
                    SummaryComparison.Result r = SummaryComparison.compare(reference, rows,
                            source == MonthlyGranularity.DAILY ? SummaryComparison.DAILY_TOLERANCE
                                    : SummaryComparison.MONTHLY_TOLERANCE);
                    verdict = r.verdict();
                    identical &= r.identical();
                }
                if (path == AggregationPath.JAVA && source == MonthlyGranularity.DAILY) {
                    javaMedian = median(t);
                }
                line(path.wire() + " from " + source.name().toLowerCase(Locale.ROOT), t, rows.size(), verdict);
            }
        }
        return verdictLine("java monthly", javaMedian) & identical;
    }

    private double[] time(Runnable run) {
        run.run(); // warm-up: JIT and page cache
        double[] t = new double[o.runs];
        for (int i = 0; i < o.runs; i++) {
            long start = System.nanoTime();
            run.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        return t;
    }

    private void header() {
        out.printf(Locale.ROOT, "  %-18s %9s %9s %9s  %s%n", "path", "min", "median", "rows", "outputs vs java");
    }

    private void line(String path, double[] t, int rows, String verdict) {
        out.printf(Locale.ROOT, "  %-18s %8.3fs %8.3fs %,9d  %s%n", path, min(t), median(t), rows, verdict);
    }

    private boolean verdictLine(String what, double median) {
        if (Double.isNaN(median)) {
            return true;
        }
        boolean met = median <= TARGET_SECONDS;
        out.printf(Locale.ROOT, "  target: %s median %.3f s <= %.1f s (all outputs written): %s%n", what, median,
                TARGET_SECONDS, met ? "MET" : "MISSED");
        return met;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = """
                usage: bin/vmledger -benchmark-aggregations [options]   (also: benchmark-aggregations)
                  --data DIR        where the benchmark store lives, built once and reused
                                    (default benchmarks/target/aggregation-bench-data)
                  --vms N           VM slots over all simulated vCenters (default 15000)
                  --vcenters N      simulated vCenters, 1 to 5 (default 3)
                  --month YYYY-MM   the benchmark month; its last day is the benchmark day (default 2026-01)
                  --cadence H       hours between captures on the month's other days, 1 to 24 (default 6)
                  --paths LIST      comma-separated paths, java first (default java,sql,legacy)
                  --runs N          timed runs per path after one warm-up (default 3)
                  --no-hourly-monthly  skip the monthly-from-hourly validation paths
                  --seed N          simulation seed (default 42)
                  --provider NAME   storage plugin (default sqlite)
                  --option K=V      a storage.<provider>.K option, repeatable
                  --rebuild         discard the store in --data and build it again
                  --enforce         exit 1 when a target is missed or a path's rows differ
                  --verbose         keep the jobs' stage log lines
                  --help            this text
                """;

        Path data = Path.of("benchmarks", "target", "aggregation-bench-data");
        int vms = 15_000;
        int vcenters = 3;
        YearMonth month = YearMonth.of(2026, 1);
        int cadence = 6;
        List<AggregationPath> paths = List.of(AggregationPath.JAVA, AggregationPath.SQL, AggregationPath.LEGACY);
        int runs = 3;
        boolean hourlyMonthly = true;
        long seed = 42;
        String provider = "sqlite";
        Map<String, String> storageOptions = new HashMap<>();
        boolean rebuild;
        boolean enforce;
        boolean verbose;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> a = new ArrayList<>(Arrays.asList(args));
            for (int i = 0; i < a.size(); i++) {
                String arg = a.get(i);
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--help", "-h" -> o.help = true;
                    case "--rebuild" -> o.rebuild = true;
                    case "--enforce" -> o.enforce = true;
                    case "--verbose" -> o.verbose = true;
                    case "--no-hourly-monthly" -> o.hourlyMonthly = false;
                    case "--data" -> o.data = Path.of(value != null ? value : next(a, ++i, arg));
                    case "--vms" -> o.vms = intArg(arg, value != null ? value : next(a, ++i, arg), 10, 1_000_000);
                    case "--vcenters" -> o.vcenters = intArg(arg, value != null ? value : next(a, ++i, arg), 1, 5);
                    case "--cadence" -> o.cadence = intArg(arg, value != null ? value : next(a, ++i, arg), 1, 24);
                    case "--runs" -> o.runs = intArg(arg, value != null ? value : next(a, ++i, arg), 1, 100);
                    case "--month" -> {
                        String v = value != null ? value : next(a, ++i, arg);
                        try {
                            o.month = YearMonth.parse(v);
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException("--month expects YYYY-MM, got '" + v + "'");
                        }
                        if (o.month.isBefore(YearMonth.of(2000, 1))) {
                            throw new IllegalArgumentException("the simulated inventory starts in 2000-01");
                        }
                    }
                    case "--paths" -> {
                        List<AggregationPath> p = new ArrayList<>();
                        for (String s : (value != null ? value : next(a, ++i, arg)).split(",")) {
                            p.add(AggregationPath.parse(s));
                        }
                        if (p.isEmpty() || p.get(0) != AggregationPath.JAVA) {
                            throw new IllegalArgumentException("--paths must start with java (the reference)");
                        }
                        o.paths = List.copyOf(new LinkedHashSet<>(p));
                    }
                    case "--seed" -> {
                        String v = value != null ? value : next(a, ++i, arg);
                        try {
                            o.seed = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--seed expects an integer, got '" + v + "'");
                        }
                    }
                    case "--provider" -> o.provider = value != null ? value : next(a, ++i, arg);
                    case "--option" -> {
                        String kv = value != null ? value : next(a, ++i, arg);
                        int e = kv.indexOf('=');
                        if (e <= 0) {
                            throw new IllegalArgumentException("--option expects KEY=VALUE, got '" + kv + "'");
                        }
                        o.storageOptions.put(kv.substring(0, e), kv.substring(e + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a.get(i) + "'");
                }
            }
            return o;
        }

        private static String next(List<String> a, int i, String name) {
            if (i >= a.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return a.get(i);
        }

        private static int intArg(String name, String v, int min, int max) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " expects an integer from " + min + " to " + max + ", got '" + v + "'");
        }
    }
}
