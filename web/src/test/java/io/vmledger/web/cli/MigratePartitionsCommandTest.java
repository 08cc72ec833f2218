package io.vmledger.web.cli;

import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.Main;
import io.vmledger.web.config.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The command on a real PostgreSQL server (bin/test provides one through VMLEDGER_TEST_PG_*). */
class MigratePartitionsCommandTest {
    private static final long T0 = 1_795_910_400L; // 2026-11-29T00:00:00Z

    @TempDir
    Path dir;

    private Path config(String schema, String partitioning) {
        String url = System.getenv("VMLEDGER_TEST_PG_URL");
        if (url == null) {
            fail("VMLEDGER_TEST_PG_URL is not set: run the tests with bin/test, which starts PostgreSQL");
        }
        Path f = dir.resolve(partitioning + ".yaml");
        try {
            Files.writeString(f, """
                    storage:
                      provider: postgres
                      postgres:
                        url: %s
                        user: %s
                        password: %s
                        schema: %s
                        partitioning: %s
                    """.formatted(url, System.getenv("VMLEDGER_TEST_PG_USER"),
                    System.getenv("VMLEDGER_TEST_PG_PASSWORD"), schema, partitioning));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    @Test
    void movesAnUnpartitionedTableIntoMonthlyPartitionsOnce() {
        String schema = "cli_migrate_" + Long.toHexString(System.nanoTime());
        SettingsLoader.Loaded plain = SettingsLoader.load(config(schema, "none"), Map.of());
        Settings settings = plain.settings();
        long rows;
        try (Storage storage = plain.openStorage("test");
             CapturePipeline pipeline = new CapturePipeline(storage, new SimulatedInventorySource(1, 15, 5L), settings)) {
            // two months of data: the last hour of October and the first of November
            rows = pipeline.captureAll(T0 - 29L * 86_400 - 3600).rows() + pipeline.captureAll(T0 - 28L * 86_400).rows();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run(new String[] {"migrate-partitions", "--config", config(schema, "monthly").toString()},
                    System.out, System.err);
            assertEquals(0, Main.run(new String[] {"migrate-partitions", "--config", config(schema, "monthly").toString()},
                    System.out, System.err));
        } finally {
            System.setOut(previous);
        }
        dropSchema(schema);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(rows > 20, "the simulated vCenter has VMs");
        assertTrue(printed.startsWith("migrated " + rows + " rows into "), printed);
        assertTrue(printed.contains("vm_hourly_stats is already partitioned; nothing changed"), printed);
    }

    private static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(System.getenv("VMLEDGER_TEST_PG_URL"),
                System.getenv("VMLEDGER_TEST_PG_USER"), System.getenv("VMLEDGER_TEST_PG_PASSWORD"));
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test schema " + schema, e);
        }
    }

    @Test
    void refusesAPluginWithoutPartitions() throws IOException {
        Path sqlite = dir.resolve("sqlite.yaml");
        Files.writeString(sqlite, "storage:\n  sqlite:\n    path: " + dir.resolve("ledger.db") + "\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"migrate-partitions", "--config", sqlite.toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("vmledger migrate-partitions: the sqlite storage"
                + " plugin keeps vm_hourly_stats in one table and has no partitions to migrate to"),
                err.toString(StandardCharsets.UTF_8));
    }
}
