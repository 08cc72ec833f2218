package io.vmledger.benchmarks.jmh.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * JMH's console output, plus the machine's load while each benchmark ran: the 1-minute load average of
 * {@code /proc/loadavg}, sampled every few seconds and attributed to the benchmark and parameter set
 * running at the time (store builds in a trial's set-up included). The figures go to a file beside the
 * JSON result ({@link #loadFile}), which the summary reads.
 */
final class LoadRecorder implements OutputFormat {
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Load figures of a benchmark, or of the whole run. */
    record Load(int samples, double min, double mean, double max) {
        static Load of(List<Double> values) {
            if (values.isEmpty()) {
                return new Load(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Load(values.size(), values.stream().mapToDouble(d -> d).min().orElseThrow(),
                    values.stream().mapToDouble(d -> d).average().orElseThrow(),
                    values.stream().mapToDouble(d -> d).max().orElseThrow());
        }
    }

    private final OutputFormat delegate;
    private final Map<String, List<Double>> byBenchmark = new LinkedHashMap<>();
    private final List<Double> all = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-average");
        t.setDaemon(true);
        return t;
    });
    private String current;

    LoadRecorder(OutputFormat delegate, long periodSeconds) {
        this.delegate = delegate;
        sampler.scheduleAtFixedRate(this::sample, 0, periodSeconds, TimeUnit.SECONDS);
    }

    /** The current 1-minute load average, if the system tells it. */
    static Optional<Double> loadAverage() {
        try {
            return Optional.of(Double.parseDouble(Files.readString(LOADAVG).trim().split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private synchronized void sample() {
        loadAverage().ifPresent(l -> {
            all.add(l);
            if (current != null) {
                byBenchmark.computeIfAbsent(current, k -> new ArrayList<>()).add(l);
            }
        });
    }

    /** Where the load figures of {@code result} are kept. */
    static Path loadFile(Path result) {
        return result.resolveSibling(result.getFileName() + ".load.json");
    }

    /** Stops sampling and writes the figures beside {@code result}. */
    synchronized void write(Path result) {
        sampler.shutdownNow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", Load.of(all));
        Map<String, Load> benchmarks = new TreeMap<>();
        byBenchmark.forEach((k, v) -> benchmarks.put(k, Load.of(v)));
        out.put("benchmarks", benchmarks);
        try {
            JSON.writeValue(loadFile(result).toFile(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load figures beside " + result, e);
        }
    }

    /** Reads the figures written beside {@code result}; empty when there are none. */
    static Map<String, Load> read(Path result) {
        Path file = loadFile(result);
        Map<String, Load> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            var root = JSON.readTree(file.toFile());
            out.put("", JSON.treeToValue(root.path("run"), Load.class));
            for (var it = root.path("benchmarks").fields(); it.hasNext(); ) {
                var e = it.next();
                out.put(e.getKey(), JSON.treeToValue(e.getValue(), Load.class));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the load figures " + file, e);
        }
    }

    private static String key(BenchmarkParams params) {
        Map<String, String> p = new TreeMap<>();
        for (String k : params.getParamsKeys()) {
            p.put(k, params.getParam(k));
        }
        return JmhResults.shortName(params.getBenchmark()) + p;
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        synchronized (this) {
            current = key(benchParams);
        }
        sample();
        delegate.startBenchmark(benchParams);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        sample();
        synchronized (this) {
            current = null;
        }
        delegate.endBenchmark(result);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        delegate.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        delegate.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun() {
        delegate.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        delegate.endRun(result);
    }

    @Override
    public void print(String s) {
        delegate.print(s);
    }

    @Override
    public void println(String s) {
        delegate.println(s);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void verbosePrintln(String s) {
        delegate.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        delegate.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        delegate.write(b);
    }
}
