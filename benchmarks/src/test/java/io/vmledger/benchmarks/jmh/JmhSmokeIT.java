package io.vmledger.benchmarks.jmh;

import io.vmledger.benchmarks.jmh.runner.JmhResults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The smoke of every benchmark that CI runs, so that none can rot: the packaged {@code benchmarks.jar} with
 * {@code --smoke} (one fork, no warm-up, one iteration, the 1,500-VM stores) runs every benchmark with every
 * parameter value, writes JMH's JSON and prints the summary. Its PostgreSQL store lives in a schema of this
 * test's own, dropped afterwards; its SQLite stores are cached in {@code target/jmh-stores}.
 */
class JmhSmokeIT {
    private static final Path TARGET = Path.of("target");
    private static final String SCHEMA_PREFIX = "vmledger_jmh_smoke_" + ProcessHandle.current().pid();

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(System.getenv("VMLEDGER_TEST_PG_URL"),
                System.getenv("VMLEDGER_TEST_PG_USER"), System.getenv("VMLEDGER_TEST_PG_PASSWORD"));
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA_PREFIX + "_1500 CASCADE");
        }
    }

    @Test
    void everyBenchmarkRunsWithEveryParameterValueAndTheSummaryIsPrinted() throws Exception {
        Path result = TARGET.resolve("jmh-smoke.json").toAbsolutePath();
        Files.deleteIfExists(result);
        String log = jar(TARGET.resolve("jmh-smoke.log"), 20, "--smoke", "-rff", result.toString());

        Map<String, Integer> expected = parameterSets(jar(TARGET.resolve("jmh-list.log"), 2, "-lp"));
        assertTrue(expected.size() >= 10, "benchmarks listed: " + expected);
        Map<String, Integer> ran = new LinkedHashMap<>();
        for (JmhResults.Result r : JmhResults.read(result)) {
            assertEquals("1500", r.param("vms"), r.key());
            assertTrue(r.score() > 0, r.key());
            ran.merge(r.benchmark(), 1, Integer::sum);
        }
        assertEquals(expected, ran, "every benchmark, once per parameter set");
        assertTrue(log.contains("Summary of " + result), log);
        assertTrue(log.contains("promotion rule (decision 0130)"), log);
        assertTrue(Files.exists(result.resolveSibling("jmh-smoke.json.load.json")), "the load figures");
    }

    /** Runs {@code java -jar target/benchmarks.jar args}, as {@code bin/vmledger jmh} does; returns its output. */
    private static String jar(Path log, int minutes, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", TARGET.resolve("benchmarks.jar").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VMLEDGER_JMH_SCHEMA_PREFIX", SCHEMA_PREFIX);
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("benchmarks.jar " + String.join(" ", args) + " did not finish in " + minutes + " minutes; see " + log);
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            fail("benchmarks.jar " + String.join(" ", args) + " exited with " + p.exitValue() + ":\n"
                    + out.substring(Math.max(0, out.length() - 6000)));
        }
        return out;
    }

    /** From {@code -lp}: each benchmark and its number of parameter sets with vms fixed, as the smoke runs it. */
    static Map<String, Integer> parameterSets(String listing) {
        Map<String, Integer> out = new LinkedHashMap<>();
        String current = null;
        Pattern param = Pattern.compile("^\\s+param \"(\\w+)\" = \\{(.*)}$");
        for (String line : listing.lines().toList()) {
            Matcher m = param.matcher(line);
            if (line.startsWith("io.vmledger.")) {
                current = line.substring(line.lastIndexOf('.', line.lastIndexOf('.') - 1) + 1).trim();
                out.put(current, 1);
            } else if (m.matches() && current != null && !m.group(1).equals("vms")) {
                out.merge(current, m.group(2).split(",").length, (a, b) -> a * b);
            }
        }
        return out;
    }
}
