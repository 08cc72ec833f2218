package io.vmledger.web.metrics;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The example alert rules of docs/alerts are valid Prometheus rules and do what their unit tests say (a stale
 * vCenter, a failed aggregation, three failures in a row), checked with Prometheus's own {@code promtool}
 * (Debian's {@code prometheus} package; {@code bin/test} installs it).
 */
class AlertRulesTest {
    private static final Path ALERTS = Path.of("").toAbsolutePath().getParent().resolve("docs/alerts");

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        String out = promtool("check", "rules", "vmledger-rules.yml");
        assertTrue(out.contains("SUCCESS: 5 rules found"), out);
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        String out = promtool("test", "rules", "vmledger-rules-test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        String promtool = locate();
        Path log = Files.createTempFile("promtool", ".log");
        try {
            Process p = new ProcessBuilder(concat(promtool, args)).directory(ALERTS.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not end");
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail("promtool is not on the PATH: run the tests with bin/test, which installs Debian's prometheus"
                + " package (apt-get install prometheus)");
    }

    private static List<String> concat(String first, String... rest) {
        return Stream.concat(Stream.of(first), Arrays.stream(rest)).toList();
    }
}
