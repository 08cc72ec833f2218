package io.vmledger.web.cli;

import io.vmledger.web.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noOrUnknownCommandPrintsUsageAndFails() {
        assertEquals(2, run());
        assertTrue(err().contains("usage: bin/vmledger COMMAND"), err());
        err.reset();
        assertEquals(2, run("srve"));
        assertTrue(err().startsWith("vmledger: unknown command 'srve'"), err());
        assertTrue(err().contains("capture-once"), err());
    }

    @Test
    void unknownOptionPrintsTheCommandsUsage() {
        assertEquals(2, run("demo", "--dayz", "3"));
        assertTrue(err().startsWith("vmledger demo: unknown option '--dayz'"), err());
        assertTrue(err().contains("--days N"), err());
        err.reset();
        assertEquals(2, run("demo", "--days", "0"));
        assertTrue(err().contains("--days must be an integer from 1 to 90"), err());
        err.reset();
        assertEquals(2, run("serve", "--config"));
        assertTrue(err().contains("option --config needs a value"), err());
    }

    @Test
    void helpListsEveryCommandAndDescribesOne() {
        assertEquals(0, run("help", "--config", "any.yaml"));
        assertTrue(Commands.overview().contains("migrate-partitions"));
        assertEquals(0, run("help", "demo"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--data DIR"));
        assertEquals(2, run("help", "nothing"));
    }

    @Test
    void versionPrintsTheVersionTheBuildCommitAndTheJavaRuntime() {
        assertEquals(0, run("--version"));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        // the filtered build resource: the Maven version, and the commit of a git checkout (CI builds from one)
        assertTrue(lines[0].matches("vmledger \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines[0]);
        assertTrue(lines[1].matches("build commit [0-9a-f]{12} \\(\\d{4}-\\d{2}-\\d{2}T.*"), lines[1]);
        assertTrue(lines[2].startsWith("Java " + Runtime.version() + " ("), lines[2]);
        assertTrue(lines[2].contains(System.getProperty("java.home")), lines[2]);
        assertTrue(Commands.overview().contains("--version"));
    }

    @Test
    void anInvalidSettingStopsStartUpWithOneLine(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "settings:\n  hourly_snapshot_concurrency: 0\n");
        assertEquals(2, run("capture-once", "--config", config.toString()));
        assertEquals("vmledger: Invalid setting settings.hourly_snapshot_concurrency = '0': "
                + "expected an integer from 1 to 64", err().strip());
    }

    @Test
    void anUnknownStorageProviderListsTheAvailableOnes(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "storage:\n  provider: oracle\n");
        assertEquals(2, run("capture-once", "--config", config.toString()));
        assertTrue(err().strip().startsWith("vmledger: Invalid setting storage.provider = 'oracle': "
                + "no such storage provider; available: "), err());
        assertTrue(err().contains("sqlite"), err());
    }

    @Test
    void malformedYamlAndAListAtTheRootStopStartUpWithOneLine(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "server:\n  port: 8084\n  host: [unclosed\n");
        assertEquals(2, run("serve", "--config", config.toString()));
        assertEquals("vmledger: " + config + ":4:1: malformed YAML: expected ',' or ']', but got <stream end> "
                + "(while parsing a flow sequence that starts at line 3, column 9)", err().strip());

        err.reset();
        Files.writeString(config, "- server\n- storage\n");
        assertEquals(2, run("capture-once", "--config", config.toString()));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().startsWith("vmledger: " + config + ":1:1: the file must hold sections ("), err());

        err.reset();
        Files.writeString(config, "auth:\n  enabld: true\n");
        assertEquals(2, run("serve", "--config", config.toString()));
        assertTrue(err().startsWith("vmledger: " + config + ":2:3: unknown key auth.enabld; allowed in auth: "), err());
        assertEquals(1, err().strip().lines().count(), err());
    }

    @Test
    void aPortInUseIsOneLineAndStatus2(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("vmledger.yaml");
            Files.writeString(config, "server:\n  host: 127.0.0.1\n  port: " + taken.getLocalPort()
                    + "\nstorage:\n  sqlite:\n    path: " + dir.resolve("store.db") + "\n");
            assertEquals(2, run("serve", "--config", config.toString()));
            assertEquals("vmledger: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use "
                    + "(another process holds the port: stop it, or set server.port)", err().strip());
            assertFalse(out.toString(StandardCharsets.UTF_8).contains("serving on"), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStoreThatCannotBeOpenedIsAStartUpError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("not-a-directory");
        Files.writeString(file, "x");
        Path config = dir.resolve("vmledger.yaml");
        Files.writeString(config, "storage:\n  sqlite:\n    path: " + file.resolve("store.db") + "\n");
        assertEquals(2, run("capture-once", "--config", config.toString()));
        assertTrue(err().startsWith("vmledger: cannot open the sqlite store: "), err());
        assertTrue(err().contains(file.resolve("store.db").toString()), "names the file: " + err());
        assertEquals(1, err().strip().lines().count(), err());
    }

    @Test
    void demoRefusesDataWithAStoreOtherThanSqlite(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("pg.yaml");
        Files.writeString(config, "storage:\n  provider: postgres\n  postgres:\n    url: jdbc:postgresql://localhost/x\n");
        assertEquals(2, run("demo", "--config", config.toString(), "--data", dir.resolve("d").toString()));
        assertTrue(err().startsWith("vmledger demo: --data DIR places the demo's SQLite store, but the configuration "
                + "selects storage.provider: postgres"), err());
        assertFalse(Files.exists(dir.resolve("d")), "nothing was created");
    }
}
