package io.vmledger.web.cli;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.settings.AuthSettings;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.Main;
import io.vmledger.web.auth.Caller;
import io.vmledger.web.auth.TokenVerifier;
import io.vmledger.web.config.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hash-token} and {@code backfill-vcenter-cache} as a user runs them. */
class ApiCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private InputStream savedIn;

    @TempDir
    Path dir;

    @BeforeEach
    void redirect() {
        savedOut = System.out;
        savedIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setIn(savedIn);
    }

    private int run(String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        out.reset();
        err.reset();
        return Main.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hashTokenPrintsTheDigestOfTheTokenOnStandardInput() {
        assertEquals(0, run("s3cret-token\n", "hash-token"));
        assertEquals(TokenVerifier.sha256Hex("s3cret-token"), out().strip());
        assertFalse(out().contains("s3cret-token"));
    }

    @Test
    void aGeneratedTokenAndItsConfigEntryWorkEndToEnd() throws IOException {
        assertEquals(0, run("", "hash-token", "--generate", "--label", "ci-bot", "--role", "admin"));
        String text = out();
        String token = text.lines().filter(l -> l.startsWith("token:")).findFirst().orElseThrow()
                .substring("token:".length()).strip().split("\\s+")[0];
        assertTrue(token.length() >= 40, token);
        String yaml = text.substring(text.indexOf("auth:"));
        Path config = dir.resolve("auth.yaml");
        Files.writeString(config, yaml);
        AuthSettings auth = SettingsLoader.load(config, Map.of()).settings().auth();
        assertTrue(auth.enabled());
        assertEquals(new Caller("ci-bot", AuthSettings.Role.ADMIN), new TokenVerifier(auth.tokens()).verify(token).orElseThrow());

        assertEquals(0, run("", "hash-token", "--generate"));
        String other = out().lines().findFirst().orElseThrow();
        assertFalse(other.contains(token), "every generated token is new");
    }

    @Test
    void hashTokenMisuseIsAUsageError() {
        assertEquals(2, run("", "hash-token"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no token given on standard input"));
        assertEquals(2, run("x\n", "hash-token", "--role", "admin"));
        assertEquals(2, run("x\n", "hash-token", "--label", "a", "--role", "root"));
        assertEquals(2, run("x\n", "hash-token", "--label", "has space"));
        assertEquals(2, run("x\n", "hash-token", "the-token-as-argument"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unexpected argument"));
    }

    @Test
    void backfillVcenterCacheRebuildsTheTotalsAndRecordsAJob() throws IOException {
        Path db = dir.resolve("ledger.db");
        Path config = dir.resolve("vmledger.yaml");
        Files.writeString(config, "storage:\n  sqlite:\n    path: " + db + "\n");
        Settings settings = SettingsLoader.load(config, Map.of()).settings().toBuilder()
                .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED, 2, 30, 5L)).build();
        String vc = SimulatedInventorySource.vcenterKey(1);
        List<VcenterTotals> original;
        try (Storage storage = StorageProviders.open(settings, Map.of("path", db.toString()));
             CapturePipeline capture = new CapturePipeline(storage, new SimulatedInventorySource(2, 30, 5L), settings)) {
            long t0 = 1_790_000_000L - 1_790_000_000L % 3600;
            for (int h = 0; h < 6; h++) {
                capture.captureAll(t0 + h * 3600L);
            }
            original = storage.totals().series(vc, TimeWindow.all());
            storage.totals().putSnapshotTotals(new VcenterTotals(vc, t0 + 3600, 0, 0, 0, 0, 0));
        }

        assertEquals(0, run("", "backfill-vcenter-cache", "--config", config.toString()));
        assertTrue(out().contains("succeeded"), out());
        assertEquals(0, run("", "-backfill-vcenter-cache", "--config", config.toString()), "the original's flag spelling");
        try (Storage storage = StorageProviders.open(settings, Map.of("path", db.toString()))) {
            List<VcenterTotals> rebuilt = storage.totals().series(vc, TimeWindow.all());
            assertEquals(original.size(), rebuilt.size());
            for (int i = 0; i < original.size(); i++) {
                assertEquals(original.get(i).vmCount(), rebuilt.get(i).vmCount());
                assertEquals(original.get(i).diskTotalGb(), rebuilt.get(i).diskTotalGb(), 1e-6);
            }
            JobRun job = storage.jobs().recent("vcenter-cache-rebuild", 1, 0).items().get(0);
            assertEquals(JobStatus.SUCCEEDED, job.status());
            assertTrue(job.detail().startsWith("requested by command line; vcenter_totals 12 rows"), job.detail());
        }
    }
}
