package io.vmledger.benchmarks.postgres;

import io.vmledger.api.AggregationPath;
import io.vmledger.aggregation.AggregationResult;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.SummaryComparison;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.api.settings.SettingsException;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.StorageProviders;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PostgreSQL benchmark ({@code bin/vmledger benchmark-postgres}). On a store holding a month of
 * history for 15,000 VMs (three vCenters, 30 days x 24 hours, 10.8 million hourly rows in one monthly
 * partition, plus its catalog, lifecycle cache, totals and daily rollups), it persists the month's last
 * day hour by hour through the plugin, alternating the COPY and the multi-row INSERT ingestion, and
 * prints the median time per 15,000-VM hour of each; then it times the day's and the month's
 * aggregation by the Java and the SQL path (each run writing all its outputs, as scheduled runs do) and
 * checks that both paths give the same rows; then a one-VM trace over the month.
 *
 * <p>The history is loaded once with bulk SQL in the same shape the plugin writes (a few minutes) and
 * reused by later runs (in schema {@code --schema}); {@code --reload} rebuilds it. With
 * {@code --compare-indexes} it also measures the hourly COPY with the five secondary indexes of the
 * original plan added (docs/decisions/0051). The server comes from {@code --url}/{@code --user} or the
 * {@code VMLEDGER_TEST_PG_*} variables that {@code bin/pg-ensure} prints.
 */
public final class PostgresBenchmark {
    static final double TARGET_PERSIST = 0.25;
    static final double TARGET_DAILY = 1.0;
    static final double TARGET_MONTHLY = 1.0;
    static final String MARKER_TABLE = "bench_marker";

    private final Options o;
    private final PrintStream out;

    private PostgresBenchmark(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the benchmark; returns the exit code (2 bad options, 1 failure or, with --enforce, a missed target). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("postgres benchmark: " + e.getMessage());
            err.println();
            err.println(Options.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(Options.USAGE);
            return 0;
        }
        Logger root = Logger.getLogger("");
        root.setLevel(options.verbose ? Level.INFO : Level.WARNING);
        for (var h : root.getHandlers()) {
            h.setLevel(options.verbose ? Level.INFO : Level.WARNING);
        }
        try {
            boolean ok = new PostgresBenchmark(options, out).run();
            return options.enforce && !ok ? 1 : 0;
        } catch (SettingsException | StorageException | IllegalStateException e) {
            err.println("postgres benchmark failed: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.println("postgres benchmark failed: " + e.getMessage());
            return 1;
        }
    }

    private boolean run() throws SQLException {
        YearMonth month = o.month;
        long monthStart = month.atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        int historyHours = (month.lengthOfMonth() - 1) * 24;
        BenchFleet fleet = new BenchFleet(o.vms, o.vcenters, monthStart, historyHours);
        LocalDate lastDay = month.atEndOfMonth();
        Settings settings = Settings.defaults().toBuilder()
                .storage(new Settings.StorageSettings("postgres"))
                .asyncReportGeneration(false)
                .build();
        out.printf(Locale.ROOT, "postgres benchmark: %,d VMs in %d vCenters; history %s (%d days, %,d hourly rows); "
                        + "persisting %s hour by hour%n", fleet.perVcenter * o.vcenters, o.vcenters, month,
                historyHours / 24, (long) historyHours * fleet.perVcenter * o.vcenters, lastDay);
        try (Connection admin = DriverManager.getConnection(o.url, o.user, o.password)) {
            admin.setAutoCommit(true);
            out.printf(Locale.ROOT, "server: %s; schema %s; java %s, %d processors%n", serverVersion(admin), o.schema,
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            boolean fresh = o.reload || !markerMatches(admin);
            if (fresh) {
                exec(admin, "DROP SCHEMA IF EXISTS " + o.schema + " CASCADE");
            }
            try (Storage copyStore = open(settings, "copy"); Storage insertStore = open(settings, "insert")) {
                exec(admin, "SET search_path = " + o.schema);
                if (fresh) {
                    load(admin, copyStore, settings, fleet, month);
                } else {
                    out.println("reusing the history loaded earlier (--reload rebuilds it)");
                }
                resetLastDay(admin, fleet, lastDay);
                boolean ok = persist(copyStore, insertStore, fleet, historyHours);
                ok &= aggregate(copyStore, settings, lastDay, month);
                trace(copyStore, month);
                if (o.compareDbClient) {
                    new DbClientComparison(out).run(copyStore, o.url, o.user, o.password, o.schema, monthStart,
                            month.plusMonths(1).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC),
                            lastDay.minusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC), Math.max(9, o.runs));
                }
                if (o.compareIndexes) {
                    compareIndexes(admin, copyStore, fleet, historyHours);
                }
                return ok;
            }
        }
    }

    private Storage open(Settings settings, String ingestion) {
        Map<String, String> options = new HashMap<>();
        options.put("url", o.url);
        options.put("user", o.user);
        if (o.passwordEnv != null) {
            options.put("password_env", o.passwordEnv);
        }
        options.put("schema", o.schema);
        options.put("ingestion", ingestion);
        return StorageProviders.open(settings, options);
    }

    // ------------------------------------------------------------------ the history, loaded once

    private void load(Connection admin, Storage store, Settings settings, BenchFleet fleet, YearMonth month)
            throws SQLException {
        long t0 = System.nanoTime();
        out.println("loading the history (once; later runs reuse it):");
        // The first hour goes through the plugin, which creates the month's partition on demand.
        for (int v = 1; v <= o.vcenters; v++) {
            store.hourly().replaceSnapshot(BenchFleet.vcenter(v), fleet.monthStart, fleet.snapshot(v, 0));
        }
        exec(admin, "SET work_mem = '256MB'");
        for (int day = 0; day < fleet.historyHours / 24; day++) {
            long d0 = System.nanoTime();
            try (PreparedStatement ps = admin.prepareStatement(BenchFleet.HISTORY_SQL)) {
                ps.setLong(1, fleet.monthStart);
                ps.setInt(2, day == 0 ? 1 : day * 24);
                ps.setInt(3, day * 24 + 23);
                ps.setInt(4, o.vcenters);
                ps.setInt(5, fleet.perVcenter);
                long rows = ps.executeLargeUpdate();
                if (day % 5 == 4 || day == 0) {
                    out.printf(Locale.ROOT, "  day %2d: %,d rows in %.1f s%n", day + 1, rows, secs(d0));
                }
            }
        }
        try (PreparedStatement ps = admin.prepareStatement(BenchFleet.CATALOG_SQL)) {
            ps.setLong(1, fleet.monthStart);
            ps.setLong(2, fleet.monthStart + fleet.historyHours * 3600L);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = admin.prepareStatement(BenchFleet.LIFECYCLE_SQL)) {
            long ms = fleet.monthStart;
            int h = fleet.historyHours;
            Object[] p = {ms, ms, h, h, ms, h, ms, h, o.vcenters, fleet.perVcenter, h};
            for (int i = 0; i < p.length; i++) {
                ps.setObject(i + 1, p[i]);
            }
            ps.executeUpdate();
        }
        exec(admin, "VACUUM ANALYZE");
        long r0 = System.nanoTime();
        long totals = store.totals().rebuildFromHourly();
        out.printf(Locale.ROOT, "  vcenter_totals rebuilt from the hourly rows: %,d rows in %.1f s%n", totals, secs(r0));
        long a0 = System.nanoTime();
        DailyAggregationJob daily = new DailyAggregationJob(store, settings);
        for (int day = 1; day < month.lengthOfMonth(); day++) {
            daily.run(month.atDay(day), AggregationPath.SQL);
        }
        out.printf(Locale.ROOT, "  daily rollups of %d days (SQL path): %.1f s%n", month.lengthOfMonth() - 1, secs(a0));
        exec(admin, "CREATE TABLE " + MARKER_TABLE + " AS SELECT " + o.vms + " AS vms, " + o.vcenters
                + " AS vcenters, '" + month + "'::text AS month");
        exec(admin, "VACUUM ANALYZE");
        out.printf(Locale.ROOT, "  loaded in %.0f s%n", secs(t0));
    }

    private boolean markerMatches(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT vms, vcenters, month FROM " + o.schema + "." + MARKER_TABLE)) {
            return rs.next() && rs.getInt(1) == o.vms && rs.getInt(2) == o.vcenters
                    && rs.getString(3).equals(o.month.toString());
        } catch (SQLException e) {
            return false; // no marker: a fresh load
        }
    }

    /** Removes what an earlier run wrote for the last day, so its hours are new again. */
    private void resetLastDay(Connection admin, BenchFleet fleet, LocalDate lastDay) throws SQLException {
        long start = fleet.monthStart + fleet.historyHours * 3600L;
        exec(admin, "DELETE FROM vm_hourly_stats WHERE \"SnapshotTime\" >= " + start);
        exec(admin, "DELETE FROM vm_hourly_snapshots WHERE \"SnapshotTime\" >= " + start);
        exec(admin, "DELETE FROM vm_daily_rollup WHERE \"Date\" >= " + start);
        exec(admin, "VACUUM ANALYZE vm_hourly_stats");
    }

    // ------------------------------------------------------------------ measurements

    private boolean persist(Storage copyStore, Storage insertStore, BenchFleet fleet, int firstHour) {
        out.printf(Locale.ROOT, "%nhourly persist of vm_hourly_stats (%,d VMs per hour, %d vCenter snapshots each; "
                + "hours alternate between the modes):%n", fleet.perVcenter * o.vcenters, o.vcenters);
        List<Double> copy = new ArrayList<>();
        List<Double> insert = new ArrayList<>();
        for (int h = 0; h < o.hours; h++) {
            int hour = firstHour + h;
            List<List<VmSample>> snapshots = new ArrayList<>();
            for (int v = 1; v <= o.vcenters; v++) {
                snapshots.add(fleet.snapshot(v, hour));
            }
            Storage store = h % 2 == 0 ? copyStore : insertStore;
            long t0 = System.nanoTime();
            for (int v = 1; v <= o.vcenters; v++) {
                store.hourly().replaceSnapshot(BenchFleet.vcenter(v), fleet.monthStart + hour * 3600L, snapshots.get(v - 1));
            }
            (h % 2 == 0 ? copy : insert).add(secs(t0));
        }
        // re-ingesting an hour replaces its rows (upserts on the key instead of fresh inserts)
        List<Double> copyAgain = new ArrayList<>();
        List<Double> insertAgain = new ArrayList<>();
        for (int h = 0; h < Math.min(12, o.hours); h++) {
            int hour = firstHour + h;
            List<List<VmSample>> snapshots = new ArrayList<>();
            for (int v = 1; v <= o.vcenters; v++) {
                snapshots.add(fleet.snapshot(v, hour));
            }
            // the other mode than the one that wrote the hour
            Storage store = h % 2 == 0 ? insertStore : copyStore;
            long t0 = System.nanoTime();
            for (int v = 1; v <= o.vcenters; v++) {
                store.hourly().replaceSnapshot(BenchFleet.vcenter(v), fleet.monthStart + hour * 3600L, snapshots.get(v - 1));
            }
            (h % 2 == 0 ? insertAgain : copyAgain).add(secs(t0));
        }
        double copyMedian = median(copy);
        double insertMedian = median(insert);
        out.printf(Locale.ROOT, "  %-34s %8s %8s %8s %12s%n", "", "min", "median", "max", "rows/s");
        line("COPY + staging upsert (new hour)", copy, fleet);
        line("multi-row INSERT (new hour)", insert, fleet);
        line("COPY + staging upsert (re-ingest)", copyAgain, fleet);
        line("multi-row INSERT (re-ingest)", insertAgain, fleet);
        double best = Math.min(copyMedian, insertMedian);
        out.printf(Locale.ROOT, "  target: median <= %.2f s -> COPY %s, INSERT %s; default ingestion is copy%n",
                TARGET_PERSIST, verdict(copyMedian <= TARGET_PERSIST), verdict(insertMedian <= TARGET_PERSIST));
        return best <= TARGET_PERSIST && copyMedian <= TARGET_PERSIST;
    }

    private void line(String label, List<Double> times, BenchFleet fleet) {
        if (times.isEmpty()) {
            return;
        }
        double med = median(times);
        out.printf(Locale.ROOT, "  %-34s %7.3fs %7.3fs %7.3fs %,12.0f%n", label, min(times), med,
                times.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                fleet.perVcenter * o.vcenters / med);
    }

    private boolean aggregate(Storage store, Settings settings, LocalDate day, YearMonth month) {
        DailyAggregationJob daily = new DailyAggregationJob(store, settings);
        MonthlyAggregationJob monthly = new MonthlyAggregationJob(store, settings);
        out.printf(Locale.ROOT, "%naggregation (each run writes all its outputs; %d runs per path):%n", o.runs);
        out.printf(Locale.ROOT, "  %-34s %8s %8s %10s  %s%n", "", "min", "median", "rows", "rows vs java");
        boolean ok = true;
        List<VmSummary> javaDay = rows(s -> daily.compute(day, AggregationPath.JAVA, s));
        List<VmSummary> sqlDay = rows(s -> daily.compute(day, AggregationPath.SQL, s));
        String dayVerdict = SummaryComparison.compare(javaDay, sqlDay, SummaryComparison.DAILY_TOLERANCE).verdict();
        double javaDaily = timed("daily " + day + " java", o.runs, () -> daily.run(day, AggregationPath.JAVA), "");
        timed("daily " + day + " sql", o.runs, () -> daily.run(day, AggregationPath.SQL), dayVerdict);
        ok &= javaDaily <= TARGET_DAILY;

        List<VmSummary> javaMonth = rows(s -> monthly.compute(month, AggregationPath.JAVA, MonthlyGranularity.DAILY, s));
        List<VmSummary> sqlMonth = rows(s -> monthly.compute(month, AggregationPath.SQL, MonthlyGranularity.DAILY, s));
        String monthVerdict = SummaryComparison.compare(javaMonth, sqlMonth, SummaryComparison.DAILY_TOLERANCE).verdict();
        double javaMonthly = timed("monthly " + month + " java", o.runs,
                () -> monthly.run(month, AggregationPath.JAVA, MonthlyGranularity.DAILY), "");
        timed("monthly " + month + " sql", o.runs,
                () -> monthly.run(month, AggregationPath.SQL, MonthlyGranularity.DAILY), monthVerdict);
        ok &= javaMonthly <= TARGET_MONTHLY;
        out.printf(Locale.ROOT, "  targets: java daily median <= %.1f s %s; java monthly median <= %.1f s %s%n",
                TARGET_DAILY, verdict(javaDaily <= TARGET_DAILY), TARGET_MONTHLY, verdict(javaMonthly <= TARGET_MONTHLY));
        return ok;
    }

    private double timed(String label, int runs, java.util.function.Supplier<AggregationResult> job, String verdict) {
        List<Double> times = new ArrayList<>();
        long rows = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            rows = job.get().rows();
            times.add(secs(t0));
        }
        double med = median(times);
        out.printf(Locale.ROOT, "  %-34s %7.3fs %7.3fs %,10d  %s%n", label, min(times), med, rows, verdict);
        return med;
    }

    private void trace(Storage store, YearMonth month) {
        TimeWindow window = new TimeWindow(month.atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC),
                month.plusMonths(1).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
        List<Double> times = new ArrayList<>();
        int rows = 0;
        for (int i = 0; i < 9; i++) {
            long t0 = System.nanoTime();
            rows = store.hourly().trace(BenchFleet.vcenter(1), "vm-" + (1000 + i * 17), window).size();
            times.add(secs(t0));
        }
        out.printf(Locale.ROOT, "%ntrace of one VM over the month (primary-key probes per snapshot): median %.3f s, "
                + "%d rows%n", median(times), rows);
    }

    /** The hourly COPY with the original plan's five secondary indexes added, then removed again. */
    private void compareIndexes(Connection admin, Storage store, BenchFleet fleet, int firstHour) throws SQLException {
        out.printf(Locale.ROOT, "%nindex comparison (docs/decisions/0051): hourly COPY with the plan's five secondary indexes%n");
        String[] ddl = {
                "CREATE INDEX bench_t ON vm_hourly_stats (\"SnapshotTime\")",
                "CREATE INDEX bench_vt ON vm_hourly_stats (\"Vcenter\", \"SnapshotTime\")",
                "CREATE INDEX bench_vid ON vm_hourly_stats (\"Vcenter\", \"VmId\", \"SnapshotTime\")",
                "CREATE INDEX bench_vuuid ON vm_hourly_stats (\"Vcenter\", \"VmUuid\", \"SnapshotTime\")",
                "CREATE INDEX bench_name ON vm_hourly_stats (\"Vcenter\", \"Name\", \"SnapshotTime\")"};
        // the last hours of the last day are written again as new hours, with the indexes in place
        int count = Math.min(6, o.hours);
        int from = firstHour + o.hours - count;
        long start = fleet.monthStart + from * 3600L;
        exec(admin, "DELETE FROM vm_hourly_stats WHERE \"SnapshotTime\" >= " + start);
        exec(admin, "DELETE FROM vm_hourly_snapshots WHERE \"SnapshotTime\" >= " + start);
        exec(admin, "VACUUM vm_hourly_stats");
        long i0 = System.nanoTime();
        exec(admin, "SET maintenance_work_mem = '512MB'");
        try {
            for (String s : ddl) {
                exec(admin, s);
            }
            out.printf(Locale.ROOT, "  indexes built in %.0f s%n", secs(i0));
            List<Double> times = new ArrayList<>();
            for (int hour = from; hour < from + count; hour++) {
                List<List<VmSample>> snapshots = new ArrayList<>();
                for (int v = 1; v <= o.vcenters; v++) {
                    snapshots.add(fleet.snapshot(v, hour));
                }
                long t0 = System.nanoTime();
                for (int v = 1; v <= o.vcenters; v++) {
                    store.hourly().replaceSnapshot(BenchFleet.vcenter(v), fleet.monthStart + hour * 3600L,
                            snapshots.get(v - 1));
                }
                times.add(secs(t0));
            }
            out.printf(Locale.ROOT, "  COPY + staging upsert (new hour) with the plan's indexes: min %.3f s, median %.3f s"
                    + " (%d hours)%n", min(times), median(times), times.size());
        } finally {
            for (String name : List.of("bench_t", "bench_vt", "bench_vid", "bench_vuuid", "bench_name")) {
                exec(admin, "DROP INDEX IF EXISTS " + name);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String serverVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<VmSummary> rows(java.util.function.Consumer<java.util.function.Consumer<VmSummary>> run) {
        List<VmSummary> out = new ArrayList<>();
        run.accept(out::add);
        return out;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = """
                usage: bin/vmledger benchmark-postgres [options]
                  --url URL          JDBC URL (default $VMLEDGER_TEST_PG_URL, as printed by bin/pg-ensure)
                  --user NAME        role (default $VMLEDGER_TEST_PG_USER)
                  --password-env VAR environment variable holding the password (default VMLEDGER_TEST_PG_PASSWORD)
                  --schema NAME      schema of the benchmark store (default vmledger_bench)
                  --vms N            VMs in all (default 15000)
                  --vcenters N       vCenters sharing them (default 3)
                  --month YYYY-MM    month of the history (default 2025-01)
                  --hours N          hours of the last day persisted and timed (default 24)
                  --runs N           timed runs per aggregation path (default 3)
                  --reload           rebuild the history even when a matching one exists
                  --compare-indexes  also time the hourly COPY with the original plan's five indexes
                  --compare-dbclient also time the API's reads through Helidon's DB Client (decision 0101)
                  --enforce          exit 1 when a target is missed
                  --verbose          log the plugin's INFO lines""";

        String url = System.getenv("VMLEDGER_TEST_PG_URL");
        String user = System.getenv("VMLEDGER_TEST_PG_USER");
        String passwordEnv = "VMLEDGER_TEST_PG_PASSWORD";
        String password;
        String schema = "vmledger_bench";
        int vms = 15_000;
        int vcenters = 3;
        YearMonth month = YearMonth.of(2025, 1);
        int hours = 24;
        int runs = 3;
        boolean reload;
        boolean compareIndexes;
        boolean compareDbClient;
        boolean enforce;
        boolean verbose;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--url" -> o.url = value(args, ++i, a);
                    case "--user" -> o.user = value(args, ++i, a);
                    case "--password-env" -> o.passwordEnv = value(args, ++i, a);
                    case "--schema" -> o.schema = value(args, ++i, a);
                    case "--vms" -> o.vms = positive(value(args, ++i, a), a);
                    case "--vcenters" -> o.vcenters = positive(value(args, ++i, a), a);
                    case "--month" -> o.month = YearMonth.parse(value(args, ++i, a));
                    case "--hours" -> o.hours = Math.min(24, positive(value(args, ++i, a), a));
                    case "--runs" -> o.runs = positive(value(args, ++i, a), a);
                    case "--reload" -> o.reload = true;
                    case "--compare-indexes" -> o.compareIndexes = true;
                    case "--compare-dbclient" -> o.compareDbClient = true;
                    case "--enforce" -> o.enforce = true;
                    case "--verbose" -> o.verbose = true;
                    case "--help", "-h" -> o.help = true;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.help) {
                return o;
            }
            if (o.url == null || o.url.isBlank()) {
                throw new IllegalArgumentException("no server: give --url or run eval \"$(bin/pg-ensure)\" first");
            }
            if (o.user == null || o.user.isBlank()) {
                throw new IllegalArgumentException("no role: give --user or set VMLEDGER_TEST_PG_USER");
            }
            if (!o.schema.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("--schema must be a lower-case SQL identifier");
            }
            o.password = o.passwordEnv == null ? null : System.getenv(o.passwordEnv);
            if (o.password == null) {
                o.passwordEnv = null;
            }
            if (o.vms < o.vcenters) {
                throw new IllegalArgumentException("--vms must be at least --vcenters");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String v, String option) {
            try {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a positive integer, got " + v);
            }
        }
    }
}
