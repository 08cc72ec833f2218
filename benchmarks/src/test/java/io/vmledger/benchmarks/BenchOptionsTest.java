package io.vmledger.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one options parser of the end-to-end benchmark commands. */
class BenchOptionsTest {
    private static final BenchOptions.Spec SPEC = new BenchOptions.Spec("benchmark-test", "[options]", "More text.")
            .integer("runs", 5, 1, 100, "timed runs")
            .longValue("seed", 42L, "seed")
            .bool("compat", true, "compatibility tables")
            .path("data", Path.of("target/x"), "store directory")
            .flag("rebuild", "build again")
            .pairs("option", "plugin option");

    @Test
    void defaultsThenBothSpellingsOfAValue() {
        BenchOptions d = SPEC.parse(new String[0]);
        assertEquals(5, d.integer("runs"));
        assertEquals(42L, d.longValue("seed"));
        assertTrue(d.bool("compat"));
        assertEquals(Path.of("target/x"), d.path("data"));
        assertFalse(d.flag("rebuild"));
        assertEquals(Map.of(), d.pairs());

        BenchOptions o = SPEC.parse(new String[] {"--runs", "7", "--seed=9", "--compat=false", "--data", "/tmp/s",
                "--rebuild", "--option", "ingestion=insert", "--option=batch_size=500"});
        assertEquals(7, o.integer("runs"));
        assertEquals(9L, o.longValue("seed"));
        assertFalse(o.bool("compat"));
        assertEquals(Path.of("/tmp/s"), o.path("data"));
        assertTrue(o.flag("rebuild"));
        assertEquals(Map.of("ingestion", "insert", "batch_size", "500"), o.pairs());
    }

    @Test
    void aBadCommandLineNamesTheOptionAtFault() {
        assertEquals("unknown option '--run'", message("--run", "3"));
        assertEquals("--runs expects an integer from 1 to 100, got '0'", message("--runs", "0"));
        assertEquals("--runs expects an integer from 1 to 100, got 'x'", message("--runs=x"));
        assertEquals("--runs needs a value", message("--runs"));
        assertEquals("--compat expects true or false, got 'yes'", message("--compat", "yes"));
        assertEquals("--option expects KEY=VALUE, got 'insert'", message("--option", "insert"));
        assertEquals("--rebuild takes no value, got '--rebuild=false'", message("--rebuild=false"));
    }

    @Test
    void runPrintsTheUsageForHelpAndExits2WithTheReasonForABadLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] ran = {0};
        int help = SPEC.run(new String[] {"--help"}, stream(out), stream(err), o -> ++ran[0]);
        assertEquals(0, help);
        assertEquals(0, ran[0], "--help runs nothing");
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.startsWith("usage: bin/vmledger benchmark-test [options]\n"), usage);
        assertTrue(usage.contains("--runs N") && usage.contains("timed runs (default 5)"), usage);
        assertTrue(usage.contains("--verbose") && usage.endsWith("More text.\n"), usage);

        int bad = SPEC.run(new String[] {"--runs", "-1"}, stream(out), stream(err), o -> ++ran[0]);
        assertEquals(2, bad);
        assertEquals(0, ran[0]);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("benchmark-test: --runs expects an integer from 1 to 100, got '-1'\n"), e);
        assertTrue(e.contains("usage: bin/vmledger benchmark-test"), e);

        assertEquals(7, SPEC.run(new String[] {"--runs", "3"}, stream(out), stream(err), o -> o.integer("runs") + 4));
    }

    @Test
    void anOptionDeclaredTwiceIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions.Spec("b", "", "")
                .flag("x", "").integer("x", 1, 0, 2, ""));
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions.Spec("b", "", "").flag("verbose", ""));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> SPEC.parse(args)).getMessage();
    }

    private static PrintStream stream(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }
}
