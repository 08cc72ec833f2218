package io.vmledger.benchmarks.jmh.runner;

import io.vmledger.benchmarks.jmh.BuildDirectory;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/vmledger jmh [options] [JMH options]} and {@code java -jar benchmarks/target/benchmarks.jar}: runs
 * the JMH benchmarks with this project's defaults, then prints the summary (per path and store: score and
 * error, the ratio to the Java path with its confidence interval, the load average; decision 0130's rule
 * applied to the run). Every JMH option works as with JMH's own main ({@code -h} lists them) and overrides
 * the defaults: JSON results in {@code benchmarks/target/jmh-result.json}, 15,000 VMs, the benchmarks of
 * decision 0130, stop at the first failing benchmark.
 */
public final class JmhMain {
    /** What runs when no benchmark is named: the benchmarks of decision 0130. */
    static final List<String> DEFAULT_BENCHMARKS = List.of("DailyAggregationBenchmark", "MonthlyAggregationBenchmark",
            "HourlyPersistBenchmark", "TraceBenchmark");
    static final String DEFAULT_VMS = "15000";
    static final String SMOKE_VMS = "1500";
    static final String RESULT_FILE = "jmh-result.json";

    static final String USAGE = """
            usage: bin/vmledger jmh [--smoke] [--rebuild-stores] [JMH options] [benchmark regexp ...]
                   bin/vmledger jmh --summary FILE
              --summary FILE     print the summary of an earlier JSON result (and of its .load.json) and exit
              --rebuild-stores   discard the benchmark stores of the selected stores and sizes first, so that
                                 they are built again (the second run of decision 0130's rule)
              --smoke            every benchmark once, quickly (CI): -f 1 -wi 0 -i 1 -r 100ms -p vms=1500
            Defaults (each overridden by the JMH option that sets it): the benchmarks %s,
            -p vms=%s, -rf json -rff benchmarks/target/%s, -foe true.
            Examples: bin/vmledger jmh Daily -p store=postgres      bin/vmledger jmh -p vms=1500 -f 1
            JMH's options follow (-h).
            """.formatted(String.join(", ", DEFAULT_BENCHMARKS), DEFAULT_VMS, RESULT_FILE);

    private JmhMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs; returns the exit code (0 done, 1 a benchmark or the run failed, 2 bad options). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> jmhArgs = new ArrayList<>();
        boolean smoke = false;
        boolean rebuild = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--rebuild-stores" -> rebuild = true;
                case "--summary" -> {
                    if (i + 1 >= args.length) {
                        err.println("jmh: --summary needs a file");
                        return 2;
                    }
                    return summary(Path.of(args[i + 1]), out, err);
                }
                case "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            err.println("jmh: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        }
        try {
            if (cmd.shouldHelp()) {
                out.print(USAGE);
                out.println();
                cmd.showHelp();
                return 0;
            }
            if (cmd.shouldList()) {
                new Runner(cmd).list();
                return 0;
            }
            if (cmd.shouldListWithParams()) {
                new Runner(cmd).listWithParams(cmd);
                return 0;
            }
            if (cmd.shouldListProfilers()) {
                cmd.listProfilers();
                return 0;
            }
            if (cmd.shouldListResultFormats()) {
                cmd.listResultFormats();
                return 0;
            }
        } catch (IOException e) {
            err.println("jmh: " + e.getMessage());
            return 1;
        }
        Options options = withDefaults(cmd, smoke);
        Path result = Path.of(options.getResult().get()).toAbsolutePath();
        if (rebuild) {
            discardStores(options, out);
        }
        LoadRecorder recorder = new LoadRecorder(OutputFormatFactory.createFormatInstance(out,
                options.verbosity().orElse(Defaults.VERBOSITY)), 5);
        try {
            Files.createDirectories(result.getParent());
            new Runner(options, recorder).run();
        } catch (NoBenchmarksException e) {
            err.println("jmh: no benchmark matches " + options.getIncludes() + " (bin/vmledger jmh -l lists them)");
            return 2;
        } catch (RunnerException | IOException e) {
            err.println("jmh: the run failed: " + e.getMessage());
            if (e.getCause() != null) {
                err.println("  " + e.getCause());
            }
            recorder.write(result);
            return 1;
        }
        recorder.write(result);
        if (options.getResultFormat().get() != ResultFormatType.JSON) {
            out.println("(no summary: it reads the JSON result format)");
            return 0;
        }
        return summary(result, out, err);
    }

    /** The command line's options over this project's defaults. */
    static Options withDefaults(CommandLineOptions cmd, boolean smoke) {
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cmd);
        if (cmd.getIncludes().isEmpty() && !smoke) {
            DEFAULT_BENCHMARKS.forEach(name -> b.include("\\." + name + "\\."));
        }
        if (!cmd.getParameter("vms").hasValue()) {
            b.param("vms", smoke ? SMOKE_VMS : DEFAULT_VMS);
        }
        if (!cmd.getResultFormat().hasValue()) {
            b.resultFormat(ResultFormatType.JSON);
        }
        if (!cmd.getResult().hasValue()) {
            b.result(BuildDirectory.get().resolve(RESULT_FILE).toString());
        }
        if (!cmd.shouldFailOnError().hasValue()) {
            b.shouldFailOnError(true);
        }
        if (!cmd.getJvmArgsAppend().hasValue() && Runtime.version().feature() >= 23) {
            // JMH reads fields through sun.misc.Unsafe, which newer JDKs warn about in every fork
            b.jvmArgsAppend("--sun-misc-unsafe-memory-access=allow");
        }
        if (smoke) {
            if (!cmd.getForkCount().hasValue()) {
                b.forks(1);
            }
            if (!cmd.getWarmupIterations().hasValue()) {
                b.warmupIterations(0);
            }
            if (!cmd.getMeasurementIterations().hasValue()) {
                b.measurementIterations(1);
            }
            if (!cmd.getMeasurementTime().hasValue()) {
                b.measurementTime(TimeValue.milliseconds(100));
            }
        }
        return b.build();
    }

    /** Discards the stores the selected parameters name, so that the run builds them again. */
    private static void discardStores(Options options, PrintStream out) {
        Collection<String> stores = options.getParameter("store")
                .orElse(Arrays.stream(StoreKind.values()).map(StoreKind::wire).toList());
        for (String vms : options.getParameter("vms").get()) {
            for (String store : stores) {
                out.printf(Locale.ROOT, "discarding the %s store of %s VMs; the run builds it again%n", store, vms);
                BenchStore.discard(StoreKind.parse(store), Integer.parseInt(vms));
            }
        }
    }

    private static int summary(Path file, PrintStream out, PrintStream err) {
        if (!Files.isRegularFile(file)) {
            err.println("jmh: no result file " + file);
            return 2;
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream both = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            Summary.print(file, both);
        } catch (RuntimeException e) {
            err.println("jmh: cannot summarise " + file + ": " + e.getMessage());
            return 1;
        }
        String s = text.toString(StandardCharsets.UTF_8);
        out.print(s);
        try {
            Files.writeString(file.resolveSibling(file.getFileName() + ".summary.txt"), s);
        } catch (IOException e) {
            err.println("jmh: cannot write the summary beside " + file + ": " + e.getMessage());
        }
        return 0;
    }
}
