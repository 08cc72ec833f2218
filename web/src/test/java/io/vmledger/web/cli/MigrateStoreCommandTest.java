package io.vmledger.web.cli;

import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.Main;
import io.vmledger.web.config.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code migrate-store} as an operator runs it: SQLite to PostgreSQL, then the refusals and {@code --overwrite}. */
class MigrateStoreCommandTest {
    private static final long T0 = 1_795_910_400L; // 2026-11-29T00:00:00Z

    @TempDir
    Path dir;
    private final String schema = ("cli_migrate_store_" + Long.toString(ProcessHandle.current().pid(), 36))
            .toLowerCase(Locale.ROOT);

    /** What one run printed and returned. */
    private record Run(int code, String out, String err) {
        /** The command's error line (the log lines of the first store opened in this JVM may come before it). */
        String message() {
            return err.lines().filter(l -> l.startsWith("vmledger")).findFirst().orElse(err);
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args, System.out, System.err);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path sqlite() throws IOException {
        Path f = dir.resolve("sqlite.yaml");
        Files.writeString(f, "storage:\n  sqlite:\n    path: " + dir.resolve("ledger.db") + "\n"
                + "inventory:\n  simulated:\n    vcenters: 2\n    vms_per_vcenter: 25\n");
        return f;
    }

    private Path postgres() throws IOException {
        String url = System.getenv("VMLEDGER_TEST_PG_URL");
        if (url == null) {
            fail("VMLEDGER_TEST_PG_URL is not set: run the tests with bin/test, which starts PostgreSQL");
        }
        Path f = dir.resolve("postgres.yaml");
        Files.writeString(f, """
                storage:
                  provider: postgres
                  postgres:
                    url: %s
                    user: %s
                    password_env: VMLEDGER_TEST_PG_PASSWORD
                    schema: %s
                """.formatted(url, System.getenv("VMLEDGER_TEST_PG_USER"), schema));
        return f;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(System.getenv("VMLEDGER_TEST_PG_URL"),
                System.getenv("VMLEDGER_TEST_PG_USER"), System.getenv("VMLEDGER_TEST_PG_PASSWORD"));
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }

    @Test
    void copiesSqliteIntoPostgresThenRefusesToCopyAgainUnlessOverwriting() throws IOException {
        Path from = sqlite();
        Path to = postgres();
        SettingsLoader.Loaded source = SettingsLoader.load(from);
        long captured = 0;
        try (Storage s = source.openStorage("test");
             CapturePipeline capture = new CapturePipeline(s, new SimulatedInventorySource(2, 25, 3L), source.settings())) {
            for (int h = 0; h < 4; h++) {
                captured += capture.captureAll(T0 + h * 3600L).rows();
            }
        }
        long rows = captured;

        Run first = run("migrate-store", "--from", from.toString(), "--to", to.toString(), "--compat");
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().startsWith("migrating sqlite storage.sqlite.{path=" + dir.resolve("ledger.db") + "} in "
                + dir + "\n       to postgres storage.postgres.{"), first.out());
        assertTrue(first.out().contains("with the compatibility tables"), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.matches("vm_hourly_stats +" + String.format(Locale.ROOT, "%,d", rows)
                + " rows in .*")), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.matches("vm_hourly_stats +2026-11 +"
                + String.format(Locale.ROOT, "%,d +%,d", rows, rows) + " +[0-9a-f]{16} +equal")), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.matches("inventory_hourly_\\* \\(4 tables\\) +2026-11 .* equal")),
                first.out());
        assertTrue(first.out().contains("every table is equal; point the service at " + to), first.out());

        Run again = run("migrate-store", "--from", from.toString(), "--to", to.toString());
        assertEquals(2, again.code(), again.out());
        assertTrue(again.message().startsWith("vmledger migrate-store: the target is not empty (vm_hourly_stats: "
                + String.format(Locale.ROOT, "%,d", rows) + " rows"), again.err());

        Run overwrite = run("migrate-store", "--from", from.toString(), "--to", to.toString(), "--overwrite",
                "--page-rows", "100");
        assertEquals(0, overwrite.code(), overwrite.out() + overwrite.err());
        assertTrue(overwrite.out().contains("--overwrite: removed the target's "), overwrite.out());
        assertTrue(overwrite.out().contains("every table is equal"), overwrite.out());
    }

    @Test
    void refusesTheSameStoreAndMissingOptions() throws IOException {
        Path from = sqlite();
        Run same = run("migrate-store", "--from", from.toString(), "--to", from.toString(), "--overwrite");
        assertEquals(2, same.code());
        assertEquals("vmledger migrate-store: the source and the target are the same store", same.message());

        Run missing = run("migrate-store", "--from", from.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.message().startsWith("vmledger migrate-store: --to FILE is required"), missing.err());
        assertTrue(missing.err().contains("--overwrite"), "the usage follows: " + missing.err());

        Run noFile = run("migrate-store", "--from", from.toString(), "--to", dir.resolve("pg.yml").toString());
        assertEquals(2, noFile.code());
        assertTrue(noFile.message().startsWith("vmledger migrate-store: --to " + dir.resolve("pg.yml")
                + ": no such readable file (the configuration of the store to fill)"), noFile.err());

        Run unknown = run("migrate-store", "--from", from.toString(), "--to", from.toString(), "--overwrite-all");
        assertEquals(2, unknown.code());
        assertTrue(unknown.message().startsWith("vmledger migrate-store: unknown option '--overwrite-all'"), unknown.err());

        Run empty = run("migrate-store", "--from", from.toString(), "--to", postgres().toString());
        assertEquals(2, empty.code(), empty.out());
        assertEquals("vmledger migrate-store: the source store holds no rows: nothing to migrate (does --from name the"
                + " store the service runs on?)", empty.message());
    }

    @Test
    void aSourceInUseByAnotherProcessIsRefused() throws IOException {
        Path from = postgres();
        Path to = sqlite();
        SettingsLoader.Loaded source = SettingsLoader.load(from);
        try (Storage service = source.openStorage("serve");
             CapturePipeline capture = new CapturePipeline(service, new SimulatedInventorySource(2, 25, 3L),
                     source.settings())) {
            capture.captureAll(T0);
            Run busy = run("migrate-store", "--from", from.toString(), "--to", to.toString());
            assertEquals(2, busy.code(), busy.out() + busy.err());
            assertTrue(busy.message().startsWith("vmledger migrate-store: the source store is in use by serve, pid "
                    + ProcessHandle.current().pid() + " on "), busy.err());
            assertTrue(busy.message().endsWith("; stop the service before migrating its store (its writes would not be"
                    + " copied)"), busy.err());
        }
        Run stopped = run("migrate-store", "--from", from.toString(), "--to", to.toString());
        assertEquals(0, stopped.code(), stopped.out() + stopped.err());
        assertTrue(stopped.out().contains("every table is equal"), stopped.out());
    }

    @Test
    void anUnreachableTargetIsNamedAndNothingIsCopied() throws IOException {
        Path from = sqlite();
        SettingsLoader.Loaded source = SettingsLoader.load(from);
        long rows;
        try (Storage s = source.openStorage("test");
             CapturePipeline capture = new CapturePipeline(s, new SimulatedInventorySource(2, 25, 3L), source.settings())) {
            rows = capture.captureAll(T0).rows();
        }
        Path to = dir.resolve("down.yaml");
        Files.writeString(to, "storage:\n  provider: postgres\n  postgres:\n"
                + "    url: jdbc:postgresql://127.0.0.1:1/vmledger\n    user: vmledger\n");

        Run down = run("migrate-store", "--from", from.toString(), "--to", to.toString());
        assertEquals(2, down.code(), down.out());
        assertTrue(down.message().startsWith("vmledger: migrate-store cannot open the target store of --to " + to
                + " (storage.postgres); nothing was copied: cannot connect to PostgreSQL at"
                + " jdbc:postgresql://127.0.0.1:1/vmledger"), down.err());
        try (Storage s = source.openStorage("test")) {
            assertEquals(rows, s.tables().orElseThrow().count(s.tables().orElseThrow().tables(false).get(0)),
                    "the source is untouched");
        }
    }
}
