package io.vmledger.benchmarks.jmh.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {
    @TempDir
    Path dir;

    /** One result of JMH's JSON format: two forks of the given values. */
    private static String result(String benchmark, String params, double... values) {
        int half = values.length / 2;
        String fork1 = Arrays.stream(values, 0, half).mapToObj(Double::toString).collect(Collectors.joining(", "));
        String fork2 = Arrays.stream(values, half, values.length).mapToObj(Double::toString).collect(Collectors.joining(", "));
        double mean = Arrays.stream(values).average().orElseThrow();
        return """
                {"jmhVersion": "1.37", "benchmark": "io.vmledger.benchmarks.jmh.%s", "mode": "ss", "threads": 1,
                 "forks": 2, "warmupIterations": 3, "measurementIterations": %d, "params": {%s},
                 "primaryMetric": {"score": %s, "scoreError": 1.0, "scoreUnit": "ms/op", "rawData": [[%s], [%s]]},
                 "secondaryMetrics": {}}""".formatted(benchmark, half, params, mean, fork1, fork2);
    }

    private static double[] around(double mean, double spread) {
        double[] v = new double[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + spread * ((i % 4) - 1.5);
        }
        return v;
    }

    private String summarise(List<String> results) throws IOException {
        Path file = dir.resolve("jmh-result.json");
        Files.writeString(file, "[" + String.join(",\n", results) + "]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Summary.print(file, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> aggregation(String store, double daySql, double monthSql) {
        List<String> r = new ArrayList<>();
        r.add(result("DailyAggregationBenchmark.aggregate", "\"path\": \"java\", \"store\": \"%s\", \"vms\": \"15000\""
                .formatted(store), around(500, 4)));
        r.add(result("DailyAggregationBenchmark.aggregate", "\"path\": \"sql\", \"store\": \"%s\", \"vms\": \"15000\""
                .formatted(store), around(daySql, 4)));
        r.add(result("MonthlyAggregationBenchmark.fromDaily",
                "\"path\": \"java\", \"store\": \"%s\", \"vms\": \"15000\"".formatted(store), around(800, 6)));
        r.add(result("MonthlyAggregationBenchmark.fromDaily",
                "\"path\": \"sql\", \"store\": \"%s\", \"vms\": \"15000\"".formatted(store), around(monthSql, 6)));
        // the month from hourly rows does not count for the rule
        r.add(result("MonthlyAggregationBenchmark.fromHourly",
                "\"path\": \"java\", \"store\": \"%s\", \"vms\": \"15000\"".formatted(store), around(2000, 6)));
        r.add(result("MonthlyAggregationBenchmark.fromHourly",
                "\"path\": \"sql\", \"store\": \"%s\", \"vms\": \"15000\"".formatted(store), around(900, 6)));
        return r;
    }

    @Test
    void printsEachPathsScoreAndTheRatioToJavaWithItsInterval() throws IOException {
        String s = summarise(aggregation("sqlite", 400, 1200));
        String day = s.lines().filter(l -> l.contains("sqlite") && l.contains("15000") && !l.contains("day ")).findFirst()
                .orElseThrow(() -> new AssertionError(s));
        assertTrue(day.contains("500 +- "), day);
        assertTrue(day.contains("400 +- "), day);
        Sample java = new Sample(around(500, 4));
        Sample sql = new Sample(around(400, 4));
        Sample.Interval r = sql.ratioTo(java, Summary.CONFIDENCE);
        assertTrue(day.contains(String.format(Locale.ROOT, "0.80 [%.2f, %.2f]", r.low(), r.high())), day);
        assertTrue(s.contains("sqlite    day 0.80 ["), s);
        assertTrue(s.contains("month 1.50 ["), s);
        assertTrue(s.contains("SQL does not qualify in this run"), s);
    }

    @Test
    void sqlQualifiesOnlyWhenBothUpperBoundsAreAtMostNinetyPercent() throws IOException {
        List<String> results = new ArrayList<>(aggregation("postgres", 400, 600));
        results.addAll(aggregation("sqlite", 400, 780));
        String s = summarise(results);
        String pg = s.lines().filter(l -> l.startsWith("  postgres  day")).findFirst().orElseThrow(() -> new AssertionError(s));
        assertTrue(pg.endsWith("SQL qualifies in this run"), pg);
        // the month at 0.975 of Java's: faster, but not by the rule's 10%
        String sqlite = s.lines().filter(l -> l.startsWith("  sqlite    day")).findFirst().orElseThrow(() -> new AssertionError(s));
        assertTrue(sqlite.endsWith("SQL does not qualify in this run"), sqlite);
    }

    @Test
    void benchmarksWithoutPathsListEachParameterSet() throws IOException {
        String s = summarise(List.of(
                result("HourlyPersistBenchmark.persist", "\"ingest\": \"postgres-copy\", \"vms\": \"15000\"", around(90, 2)),
                result("HourlyPersistBenchmark.persist", "\"ingest\": \"sqlite-batched\", \"vms\": \"15000\"", around(50, 2))));
        assertTrue(s.lines().anyMatch(l -> l.contains("postgres-copy") && l.contains("90.0 +- ")), s);
        assertTrue(s.lines().anyMatch(l -> l.contains("sqlite-batched") && l.contains("50.0 +- ")), s);
        assertTrue(s.contains("(this run has no java and sql pair of the day or the month at 15000 VMs)"), s);
        assertEquals(1, s.lines().filter(l -> l.startsWith("HourlyPersistBenchmark.persist")).count(), s);
    }
}
