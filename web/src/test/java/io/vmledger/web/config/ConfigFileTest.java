package io.vmledger.web.config;

import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration file is strict: every mistake stops start-up with one line naming file, line, column and key. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("vmledger.yaml");
        Files.writeString(f, text);
        return f;
    }

    private SettingsException refused(String text) throws IOException {
        Path f = yaml(text);
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(f, Map.of()), text);
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        return e;
    }

    /** One unknown key in each section: the key, its line and column, and the keys allowed there. */
    @Test
    void anUnknownKeyInAnySectionIsRefusedNamingTheAllowedKeys() throws IOException {
        String digest = "a".repeat(64);
        // yaml, unknown key, line:column, what the message lists as allowed
        String[][] cases = {
                {"sever:\n  port: 1\n", "sever", "1:1",
                        "allowed at the top level: auth, inventory, schedule, server, settings, storage, vcenters"},
                {"server:\n  port: 8080\n  hots: x\n", "server.hots", "3:3", "allowed in server: host, port"},
                {"auth:\n  enabld: true\n", "auth.enabld", "2:3", "allowed in auth: enabled, tokens, ui, ui_session_minutes"},
                {"storage:\n  provider: sqlite\n  pool_size: 3\n", "storage.pool_size", "3:3",
                        "allowed in storage: postgres, provider, sqlite"},
                {"storage:\n  postgress:\n    url: x\n", "storage.postgress", "2:3", "allowed in storage: postgres, provider, sqlite"},
                {"settings:\n  capture_write_batchsize: 10\n", "settings.capture_write_batchsize", "2:3",
                        "allowed in settings: aggregation_path, async_report_generation, capture_write_batch_size, "
                                + "cleanup, hourly_snapshot_concurrency, monthly_aggregation_granularity, pool_tiers, "
                                + "report_time_zone, retry, snapshot_table_compat_mode"},
                {"settings:\n  retry:\n    attempts: 2\n    backoff: 1\n", "settings.retry.backoff", "4:5",
                        "allowed in settings.retry: attempts, backoff_seconds, max_backoff_seconds"},
                {"settings:\n  cleanup:\n    enable: false\n", "settings.cleanup.enable", "3:5",
                        "allowed in settings.cleanup: compat_table_retention_days, enabled, hourly_retention_days, "
                                + "job_run_retention_days"},
                {"schedule:\n  cron: \"0 0 * * * ?\"\n", "schedule.cron", "2:3", "allowed in schedule: capture_cron"},
                {"inventory:\n  sorce: simulated\n", "inventory.sorce", "2:3", "allowed in inventory: simulated, source"},
                {"inventory:\n  simulated:\n    vms: 5\n", "inventory.simulated.vms", "3:5",
                        "allowed in inventory.simulated: seed, vcenters, vms_per_vcenter"},
                {"vcenters:\n  - url: https://vc01.example.com/sdk\n    username: u\n    password: p\n  - url: https://vc02/sdk\n"
                        + "    user: u\n", "vcenters[1].user", "6:5",
                        "allowed in each vcenters entry: insecure, name, password, password_env, password_file, "
                                + "timeout_seconds, truststore, url, username"},
                {"auth:\n  enabled: true\n  tokens:\n    - {label: ops, role: admin, sha256: " + digest + ", scope: all}\n",
                        "auth.tokens[0].scope", "4:107", "allowed in each auth.tokens entry: label, role, sha256"},
                // a dotted key is not a path to a setting: Helidon would ignore it silently
                {"settings.capture_write_batch_size: 10\n", "settings.capture_write_batch_size", "1:1",
                        "allowed at the top level: settings"},
        };
        for (String[] c : cases) {
            SettingsException e = refused(c[0]);
            assertEquals(c[1], e.key(), c[0]);
            // the allowed keys named here, at least (other branches may add settings to a section)
            String where = c[3].substring(0, c[3].indexOf(": ") + 2);
            String prefix = yaml(c[0]) + ":" + c[2] + ": unknown key " + c[1] + "; " + where;
            assertTrue(e.getMessage().startsWith(prefix), e.getMessage() + "\n expected to start with " + prefix);
            List<String> listed = List.of(e.getMessage().substring(prefix.length()).split(", "));
            assertTrue(listed.containsAll(List.of(c[3].substring(where.length()).split(", "))), e.getMessage());
            assertEquals(listed.stream().sorted().toList(), listed, "sorted: " + e.getMessage());
        }
    }

    @Test
    void aSectionWhereAValueBelongsOrTheReverseIsRefused() throws IOException {
        assertEquals("server", refused("server: 8080\n").key());
        assertTrue(refused("server: 8080\n").getMessage().endsWith(
                ":1:9: server is a section with the keys host, port, not a single value"));
        assertEquals("server.port", refused("server:\n  port: [8080, 8081]\n").key());
        assertEquals("settings.retry", refused("settings:\n  retry: 3\n").key());
        assertEquals("vcenters", refused("vcenters:\n  url: https://vc01/sdk\n").key());
        assertEquals("vcenters[0]", refused("vcenters:\n  - https://vc01/sdk\n").key());
        assertEquals("auth.tokens[0].label", refused("auth:\n  tokens:\n    - label: [a]\n").key());
        assertEquals("settings.pool_tiers[1]", refused("settings:\n  pool_tiers: [Tin, {x: 1}, Silver, Gold]\n").key());
        assertEquals("server.port", refused("server:\n  port: 1\n  port: 2\n").key());
        assertTrue(refused("server:\n  port: 1\n  port: 2\n").getMessage().endsWith(":3:3: key server.port is given twice"));
    }

    @Test
    void malformedYamlIsOneLineWithFileLineAndColumn() throws IOException {
        SettingsException e = refused("server:\n  port: 8084\n  host: [unclosed\n");
        assertEquals("--config", e.key());
        assertEquals(yaml("server:\n  port: 8084\n  host: [unclosed\n") + ":4:1: malformed YAML: expected ',' or ']', "
                + "but got <stream end> (while parsing a flow sequence that starts at line 3, column 9)", e.getMessage());

        e = refused("server:\n  port: 8084\n    host: x\n");
        assertTrue(Pattern.compile(":3:\\d+: malformed YAML: ").matcher(e.getMessage()).find(), e.getMessage());

        e = refused("settings:\n\tcapture_write_batch_size: 10\n");
        assertTrue(e.getMessage().contains(":2:1: malformed YAML: "), e.getMessage());

        e = refused("server: {port: 1}\n---\nserver: {port: 2}\n");
        assertTrue(e.getMessage().contains(":2:1: malformed YAML: expected a single document in the stream, but found another document"), e.getMessage());
    }

    @Test
    void aListOrAValueAtTheRootIsOneClearLine() throws IOException {
        SettingsException e = refused("- server\n- storage\n");
        assertEquals("--config", e.key());
        assertTrue(e.getMessage().startsWith(yaml("- a\n") + ":1:1: the file must hold sections (auth:, "), e.getMessage());
        assertTrue(e.getMessage().contains(" server:, settings:, storage:, ") && e.getMessage().endsWith("), not a list"),
                e.getMessage());
        assertTrue(refused("just text\n").getMessage().endsWith("not a single value"));
        // an empty file, or one with comments only, changes nothing
        assertEquals(Settings.defaults().server(), SettingsLoader.load(yaml("# nothing yet\n"), Map.of()).settings().server());
    }

    @Test
    void pluginOptionsAndTheirEnvironmentVariablesAreLeftToThePlugin() throws IOException {
        // storage.<plugin>.* is validated by the plugin itself, not here
        Path f = yaml("storage:\n  provider: sqlite\n  postgres:\n    url: jdbc:postgresql://x/y\n    ingestion: copy\n");
        SettingsLoader.Loaded loaded = SettingsLoader.load(f, Map.of("STORAGE_POSTGRES_POOL_SIZE", "4",
                // a variable of some other program that happens to start with STORAGE_ is not ours
                "STORAGE_ACCOUNT_KEY", "xyz", "SERVER_PORT", "9091"));
        assertEquals(Map.of("url", "jdbc:postgresql://x/y", "ingestion", "copy", "pool_size", "4"),
                loaded.storageOptions("postgres"));
        assertFalse(loaded.config().get("storage.account").exists());
        assertEquals(9091, loaded.settings().server().port());
    }

    /** The bundled defaults fit the layout the check enforces, so the check and the defaults never drift apart. */
    @Test
    void theBundledDefaultsPassTheCheck() throws URISyntaxException {
        Path defaults = Path.of(getClass().getResource("/application.yaml").toURI());
        ConfigFile.check(defaults, SettingsLoader.shape(java.util.Set.of("sqlite", "postgres")));
    }
}
