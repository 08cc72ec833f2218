package io.vmledger.benchmarks.jmh.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JMH's JSON result file ({@code -rf json}), read back for the summary. */
public final class JmhResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * One benchmark with one parameter set.
     *
     * @param benchmark the benchmark's class and method, e.g. {@code DailyAggregationBenchmark.aggregate}
     * @param params    its parameters, by name
     * @param mode      JMH's mode ({@code ss}, {@code avgt})
     * @param unit      the score's unit, e.g. {@code ms/op}
     * @param score     JMH's score (the mean)
     * @param error     JMH's error (half the width of its 99.9% confidence interval)
     * @param sample    every measured iteration of every fork
     * @param forks     forks
     * @param warmups   warm-up iterations per fork
     * @param measured  measured iterations per fork
     */
    public record Result(String benchmark, Map<String, String> params, String mode, String unit, double score,
                         double error, Sample sample, int forks, int warmups, int measured) {

        /** The parameter, or null. */
        public String param(String name) {
            return params.get(name);
        }

        /** The benchmark and its parameters other than {@code except}, as one key. */
        public String key(String except) {
            Map<String, String> rest = new TreeMap<>(params);
            rest.remove(except);
            return benchmark + rest;
        }

        /** The benchmark and all its parameters, as one key (that of the load figures). */
        public String key() {
            return benchmark + new TreeMap<>(params);
        }
    }

    /** {@code DailyAggregationBenchmark.aggregate} of {@code io.vmledger.benchmarks.jmh.DailyAggregationBenchmark.aggregate}. */
    static String shortName(String benchmark) {
        int dot = benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1);
        return benchmark.substring(dot + 1);
    }

    public static List<Result> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + file, e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result (an array of benchmarks)");
        }
        List<Result> out = new ArrayList<>();
        for (JsonNode b : root) {
            String name = b.path("benchmark").asText();
            Map<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = b.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                params.put(p.getKey(), p.getValue().asText());
            }
            JsonNode m = b.path("primaryMetric");
            List<Double> values = new ArrayList<>();
            for (JsonNode fork : m.path("rawData")) {
                for (JsonNode v : fork) {
                    values.add(v.asDouble());
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            out.add(new Result(shortName(name), params, b.path("mode").asText(), m.path("scoreUnit").asText(),
                    m.path("score").asDouble(), m.path("scoreError").asDouble(Double.NaN),
                    new Sample(values.stream().mapToDouble(Double::doubleValue).toArray()), b.path("forks").asInt(),
                    b.path("warmupIterations").asInt(), b.path("measurementIterations").asInt()));
        }
        return out;
    }
}
