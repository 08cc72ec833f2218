package io.vmledger.benchmarks.jmh.runner;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhMainTest {

    @Test
    void theProjectsDefaultsApplyWhereTheCommandLineSetsNothing() throws Exception {
        Options o = JmhMain.withDefaults(new CommandLineOptions(), false);
        assertEquals(List.of("15000"), List.copyOf(o.getParameter("vms").get()));
        assertEquals(JmhMain.DEFAULT_BENCHMARKS.size(), o.getIncludes().size());
        assertTrue(o.getIncludes().stream().anyMatch("\\.DailyAggregationBenchmark\\."::equals), o.getIncludes().toString());
        assertEquals(ResultFormatType.JSON, o.getResultFormat().get());
        assertTrue(o.getResult().get().endsWith("jmh-result.json"), o.getResult().get());
        assertTrue(o.shouldFailOnError().get());
        // fork counts and iterations stay the benchmarks' own (their annotations)
        assertTrue(!o.getForkCount().hasValue() && !o.getMeasurementIterations().hasValue());
    }

    @Test
    void theCommandLineOverridesEveryDefault() throws Exception {
        Options o = JmhMain.withDefaults(new CommandLineOptions("-p", "vms=1500", "-rff", "x.json", "-foe", "false",
                "Trace"), false);
        assertEquals(List.of("1500"), List.copyOf(o.getParameter("vms").get()));
        assertEquals(List.of("Trace"), o.getIncludes());
        assertEquals("x.json", o.getResult().get());
        assertEquals(false, o.shouldFailOnError().get());
    }

    @Test
    void theSmokeRunsEveryBenchmarkOnceOnTheSmallStores() throws Exception {
        Options o = JmhMain.withDefaults(new CommandLineOptions(), true);
        assertEquals(List.of(), o.getIncludes(), "every benchmark");
        assertEquals(List.of("1500"), List.copyOf(o.getParameter("vms").get()));
        assertEquals(1, o.getForkCount().get());
        assertEquals(0, o.getWarmupIterations().get());
        assertEquals(1, o.getMeasurementIterations().get());
    }

    @Test
    void badOptionsExitWithTwoAndTheUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, JmhMain.run(new String[] {"-wi", "many"}, print(out), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: bin/vmledger jmh"), err.toString());
        assertEquals(2, JmhMain.run(new String[] {"--summary", "/no/such/result.json"}, print(out), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no result file /no/such/result.json"), err.toString());
    }

    @Test
    void helpShowsTheProjectsOwnOptionsBeforeJmhs() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, JmhMain.run(new String[] {"-h"}, print(out), print(new ByteArrayOutputStream())));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--rebuild-stores") && help.contains("--smoke") && help.contains("--summary FILE"), help);
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
