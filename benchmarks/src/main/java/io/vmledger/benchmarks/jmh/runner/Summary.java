package io.vmledger.benchmarks.jmh.runner;

import io.vmledger.benchmarks.jmh.runner.JmhResults.Result;
import io.vmledger.benchmarks.jmh.runner.LoadRecorder.Load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The summary of a JMH result file: per benchmark, the score and error of every path and store, the ratio
 * of each path to the Java path with its confidence interval, the load average while it ran; then decision
 * 0130's promotion rule applied to the run.
 */
public final class Summary {
    /** The confidence level of every interval printed: JMH's. */
    public static final double CONFIDENCE = 0.999;
    /** Decision 0130: SQL is promoted for a plugin when the upper end of sql/java's interval is at most this... */
    public static final double PROMOTION_BOUND = 0.90;
    /** ... at this many VMs, for the day and for the month from daily rollups, in two runs on different days. */
    public static final String PROMOTION_VMS = "15000";

    private static final String PATH = "path";
    /**
     * The parameters whose values are compared side by side, each with the order of its values; the first is
     * the reference of the ratios.
     */
    private static final Map<String, List<String>> PIVOTS = Map.of(
            PATH, List.of("java", "sql", "legacy"),
            "client", List.of("plugin", "dbclient"),
            "read", List.of("probes", "packed"));
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("DailyAggregationBenchmark.aggregate", "daily aggregation, one day of hourly rows, every output written"),
            Map.entry("MonthlyAggregationBenchmark.fromDaily", "monthly aggregation from daily rollups (scheduled), every output written"),
            Map.entry("MonthlyAggregationBenchmark.fromHourly", "monthly aggregation from hourly rows (manual rebuilds), every output written"),
            Map.entry("HourlyPersistBenchmark.persist", "hourly persistence of one new hour of every vCenter"),
            Map.entry("TraceBenchmark.trace", "trace of one VM over 30 days (look-up and samples; packed days or probes)"),
            Map.entry("OrderedReadBenchmark.read", "the ordered reads the Java path consumes, alone"),
            Map.entry("DbClientReadBenchmark.read", "the API's reads: storage plugin against Helidon DB Client (PostgreSQL)"),
            Map.entry("SqliteReadBenchmark.read", "one day of hourly rows through sqlite-jdbc, raw"),
            Map.entry("SqliteLayoutBenchmark.nextHour", "vm_hourly_stats layouts: the next hour's write"),
            Map.entry("SqliteLayoutBenchmark.orderedDay", "vm_hourly_stats layouts: a day read in VM order"),
            Map.entry("SqliteLayoutBenchmark.trace", "vm_hourly_stats layouts: a VM's trace"));

    private final List<Result> results;
    private final Map<String, Load> load;
    private final PrintStream out;

    private Summary(List<Result> results, Map<String, Load> load, PrintStream out) {
        this.results = results;
        this.load = load;
        this.out = out;
    }

    /** Prints the summary of the JMH result {@code file} (and of its load figures, when present). */
    public static void print(Path file, PrintStream out) {
        new Summary(JmhResults.read(file), LoadRecorder.read(file), out).print(file);
    }

    private void print(Path file) {
        out.println();
        out.println("Summary of " + file);
        out.printf(Locale.ROOT, "  each figure: mean +- half-width of its %.1f%% confidence interval; "
                + "a ratio x/java: estimate [%.1f%% interval] (Fieller)%n", CONFIDENCE * 100, CONFIDENCE * 100);
        Load run = load.get("");
        if (run != null && run.samples() > 0) {
            out.printf(Locale.ROOT, "  load average (1 min) during the run: min %.2f, mean %.2f, max %.2f (%d samples)%n",
                    run.min(), run.mean(), run.max(), run.samples());
        }
        Map<String, List<Result>> byBenchmark = new LinkedHashMap<>();
        for (Result r : results) {
            byBenchmark.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(r);
        }
        byBenchmark.forEach(this::benchmark);
        promotion();
    }

    private void benchmark(String name, List<Result> rs) {
        Result first = rs.get(0);
        out.println();
        out.printf(Locale.ROOT, "%s: %s (%s, %s; %d forks x %d iterations after %d warm-ups)%n", name,
                TITLES.getOrDefault(name, ""), first.mode(), first.unit(), first.forks(), first.measured(), first.warmups());
        List<String> params = new ArrayList<>(first.params().keySet());
        String pivot = params.stream().filter(PIVOTS::containsKey).findFirst().orElse(null);
        List<List<String>> table = new ArrayList<>();
        if (pivot == null) {
            List<String> header = new ArrayList<>(params);
            header.add("score");
            header.add("load");
            table.add(header);
            for (Result r : rs) {
                List<String> row = new ArrayList<>();
                params.forEach(p -> row.add(r.param(p)));
                row.add(score(r));
                row.add(load(List.of(r)));
                table.add(row);
            }
        } else {
            params.remove(pivot);
            List<String> order = PIVOTS.get(pivot);
            String reference = order.get(0);
            List<String> values = rs.stream().map(r -> r.param(pivot)).distinct()
                    .sorted(Comparator.comparingInt(v -> order.contains(v) ? order.indexOf(v) : order.size())).toList();
            List<String> others = values.stream().filter(v -> !v.equals(reference)).toList();
            List<String> header = new ArrayList<>(params);
            header.addAll(values);
            others.forEach(v -> header.add(v + "/" + reference));
            header.add("load");
            table.add(header);
            Map<String, Map<String, Result>> groups = new LinkedHashMap<>();
            for (Result r : rs) {
                groups.computeIfAbsent(r.key(pivot), k -> new LinkedHashMap<>()).put(r.param(pivot), r);
            }
            for (Map<String, Result> g : groups.values()) {
                Result any = g.values().iterator().next();
                List<String> row = new ArrayList<>();
                params.forEach(p -> row.add(any.param(p)));
                values.forEach(v -> row.add(g.containsKey(v) ? score(g.get(v)) : "-"));
                Result ref = g.get(reference);
                others.forEach(v -> row.add(ref == null || !g.containsKey(v)
                        ? "-" : ratio(g.get(v).sample().ratioTo(ref.sample(), CONFIDENCE))));
                row.add(load(List.copyOf(g.values())));
                table.add(row);
            }
        }
        printTable(table);
    }

    /** Decision 0130's rule, applied to this run's day and month (from daily rollups) at 15,000 VMs. */
    private void promotion() {
        Map<String, Sample.Interval[]> byStore = new LinkedHashMap<>();
        for (Result sql : results) {
            if (!"sql".equals(sql.param(PATH)) || !PROMOTION_VMS.equals(sql.param("vms"))) {
                continue;
            }
            int period = switch (sql.benchmark()) {
                case "DailyAggregationBenchmark.aggregate" -> 0;
                case "MonthlyAggregationBenchmark.fromDaily" -> 1;
                default -> -1;
            };
            Optional<Result> java = results.stream().filter(r -> r.key(PATH).equals(sql.key(PATH))
                    && "java".equals(r.param(PATH))).findFirst();
            if (period < 0 || java.isEmpty()) {
                continue;
            }
            byStore.computeIfAbsent(sql.param("store"), s -> new Sample.Interval[2])[period] =
                    sql.sample().ratioTo(java.get().sample(), CONFIDENCE);
        }
        out.println();
        out.printf(Locale.ROOT, "promotion rule (decision 0130): SQL qualifies for a plugin when, at %s VMs, the upper end of "
                + "sql/java's %.1f%% interval is at most %.2f for the day and for the month (from daily rollups), "
                + "in two runs on different days%n", PROMOTION_VMS, CONFIDENCE * 100, PROMOTION_BOUND);
        if (byStore.isEmpty()) {
            out.println("  (this run has no java and sql pair of the day or the month at " + PROMOTION_VMS + " VMs)");
        }
        byStore.forEach((store, r) -> {
            boolean both = r[0] != null && r[1] != null;
            boolean qualifies = both && r[0].high() <= PROMOTION_BOUND && r[1].high() <= PROMOTION_BOUND;
            out.printf(Locale.ROOT, "  %-9s day %s, month %s: %s%n", store, r[0] == null ? "-" : ratio(r[0]),
                    r[1] == null ? "-" : ratio(r[1]), !both ? "incomplete (run both the day and the month)"
                            : qualifies ? "SQL qualifies in this run" : "SQL does not qualify in this run");
        });
    }

    private static String score(Result r) {
        double e = r.sample().error(CONFIDENCE);
        int decimals = decimals(r.score());
        return Double.isNaN(e) ? String.format(Locale.ROOT, "%." + decimals + "f", r.score())
                : String.format(Locale.ROOT, "%." + decimals + "f +- %." + decimals + "f", r.score(), e);
    }

    private static int decimals(double v) {
        double a = Math.abs(v);
        return a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    }

    static String ratio(Sample.Interval i) {
        if (Double.isNaN(i.low())) {
            return String.format(Locale.ROOT, "%.2f", i.estimate());
        }
        if (Double.isInfinite(i.high())) {
            return String.format(Locale.ROOT, "%.2f [unbounded]", i.estimate());
        }
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", i.estimate(), i.low(), i.high());
    }

    private String load(List<Result> rs) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Result r : rs) {
            Load l = load.get(r.key());
            if (l != null && l.samples() > 0) {
                min = Math.min(min, l.mean());
                max = Math.max(max, l.mean());
            }
        }
        if (min > max) {
            return "-";
        }
        return Math.abs(max - min) < 0.05 ? String.format(Locale.ROOT, "%.1f", min)
                : String.format(Locale.ROOT, "%.1f-%.1f", min, max);
    }

    private void printTable(List<List<String>> rows) {
        int[] width = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < row.size(); i++) {
                line.append(' ').append(String.format(Locale.ROOT, "%-" + width[i] + "s", row.get(i))).append(' ');
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
