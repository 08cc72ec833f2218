package io.vmledger.web.config;

import io.vmledger.api.settings.AuthSettings;
import io.vmledger.api.settings.AggregationPathSetting;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsMatchThePlan() {
        Settings s = SettingsLoader.load(null, Map.of()).settings();
        assertEquals(1000, s.captureWriteBatchSize());
        assertTrue(s.snapshotTableCompatMode());
        assertTrue(s.asyncReportGeneration());
        assertEquals(4, s.hourlySnapshotConcurrency());
        assertEquals(Settings.MonthlyGranularity.DAILY, s.monthlyAggregationGranularity());
        assertEquals(AggregationPathSetting.AUTO, s.aggregationPath());
        assertEquals(List.of("Tin", "Bronze", "Silver", "Gold"), s.poolTiers().names());
        assertEquals(ZoneId.of("UTC"), s.reportTimeZone());
        assertEquals("sqlite", s.storage().provider());
        assertEquals(8080, s.server().port());
        assertEquals(Settings.InventorySource.SIMULATED, s.inventory().source());
        assertEquals("0 0 * * * ?", s.captureCron());
        assertFalse(s.auth().enabled());
        assertEquals(Path.of("data/reports").toAbsolutePath(), s.reportsPath(Optional.empty()));
        assertEquals(new Settings.DiskSettings(1024, 256), s.disk());
    }

    @Test
    void reportsDirectoryIsSetByFileOrEnvironmentAndFollowsTheStoreOtherwise() throws IOException {
        Path f = yaml("""
                reports:
                  dir: %s
                """.formatted(dir.resolve("xlsx")));
        Optional<Path> store = Optional.of(dir.resolve("store"));
        assertEquals(dir.resolve("xlsx"), SettingsLoader.load(f, Map.of()).settings().reportsPath(store));
        assertEquals(dir.resolve("env"), SettingsLoader.load(f, Map.of("REPORTS_DIR", dir.resolve("env").toString()))
                .settings().reportsPath(store));
        // beside the store (SQLite: its file's directory, see the storage's directory())
        assertEquals(dir.resolve("store/reports"), SettingsLoader.load(null, Map.of()).settings().reportsPath(store));
        // the reports section is checked like settings: a typo is an error, not a silent default
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(yaml("""
                reports:
                  directory: /tmp/x
                """), Map.of()));
        assertEquals("reports.directory", e.key());
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
        Path f = yaml("""
                settings:
                  capture_write_batch_size: 250
                  hourly_snapshot_concurrency: 2
                  pool_tiers: [Iron, Copper, Silver, Platinum]
                  report_time_zone: Europe/Paris
                server:
                  port: 9090
                storage:
                  postgres:
                    url: jdbc:postgresql://localhost/x
                """);
        Settings fromFile = SettingsLoader.load(f, Map.of()).settings();
        assertEquals(250, fromFile.captureWriteBatchSize());
        assertEquals(2, fromFile.hourlySnapshotConcurrency());
        assertEquals(9090, fromFile.server().port());
        assertEquals("Platinum", fromFile.poolTiers().names().get(3));
        assertEquals(ZoneId.of("Europe/Paris"), fromFile.reportTimeZone());

        SettingsLoader.Loaded withEnv = SettingsLoader.load(f, Map.of(
                "SETTINGS_CAPTURE_WRITE_BATCH_SIZE", "500",
                "SETTINGS_POOL_TIERS", "A,B,C,D",
                "STORAGE_POSTGRES_PASSWORD_FILE", "/run/secret"));
        assertEquals(500, withEnv.settings().captureWriteBatchSize());
        assertEquals(2, withEnv.settings().hourlySnapshotConcurrency());
        assertEquals(List.of("A", "B", "C", "D"), withEnv.settings().poolTiers().names());
        assertEquals(Map.of("url", "jdbc:postgresql://localhost/x", "password_file", "/run/secret"),
                withEnv.storageOptions("postgres"));
    }

    @Test
    void invalidValuesNameTheKeyAndWhatIsAllowed() throws IOException {
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                null, Map.of("SETTINGS_HOURLY_SNAPSHOT_CONCURRENCY", "lots")));
        assertEquals("Invalid setting settings.hourly_snapshot_concurrency = 'lots': expected a whole number",
                e.getMessage());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                null, Map.of("SETTINGS_CAPTURE_WRITE_BATCH_SIZE", "0")));
        assertEquals("settings.capture_write_batch_size", e.key());
        assertTrue(e.getMessage().contains("from 1 to 100000"), e.getMessage());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                null, Map.of("SETTINGS_MONTHLY_AGGREGATION_GRANULARITY", "weekly")));
        assertTrue(e.getMessage().endsWith("allowed: daily, hourly"), e.getMessage());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                null, Map.of("SETTINGS_REPORT_TIME_ZONE", "Mars/Olympus")));
        assertEquals("settings.report_time_zone", e.key());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                null, Map.of("SCHEDULE_CAPTURE_CRON", "every hour")));
        assertEquals("schedule.capture_cron", e.key());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                null, Map.of("SETTINGS_SNAPSHOT_TABLE_COMPAT_MODE", "yes")));
        assertTrue(e.getMessage().endsWith("expected true or false"), e.getMessage());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                yaml("settings:\n  capture_write_batchsize: 10\n"), Map.of()));
        assertEquals("settings.capture_write_batchsize", e.key());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                yaml("settings:\n  pool_tiers: [Tin, tin, Silver, Gold]\n"), Map.of()));
        assertEquals("settings.pool_tiers", e.key());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                yaml("settings:\n  disk:\n    min_free_mb: -1\n"), Map.of()));
        assertEquals("settings.disk.min_free_mb", e.key());
        assertTrue(e.getMessage().contains("from 0 to 16777216"), e.getMessage());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                null, Map.of("SETTINGS_DISK_CAPTURE_MIN_FREE_MB", "2048")));
        assertEquals("Invalid setting settings.disk.capture_min_free_mb = '2048': expected at most"
                + " settings.disk.min_free_mb (1024), the readiness threshold that warns before captures stop",
                e.getMessage());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                yaml("settings:\n  disk:\n    min_free: 10\n"), Map.of()));
        assertEquals("settings.disk.min_free", e.key());

        // the readiness check off, the floor alone
        assertEquals(new Settings.DiskSettings(0, 2048), SettingsLoader.load(null, Map.of(
                "SETTINGS_DISK_MIN_FREE_MB", "0", "SETTINGS_DISK_CAPTURE_MIN_FREE_MB", "2048")).settings().disk());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(dir.resolve("missing.yaml"), Map.of()));
        assertEquals("--config", e.key());
    }

    @Test
    void vcentersListSelectsTheVcenterSourceAndValidatesEntries() throws IOException {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "s3cret\n");
        Settings s = SettingsLoader.load(yaml("""
                vcenters:
                  - name: vc01.example.com
                    url: https://vc01.example.com/sdk
                    username: svc-ledger
                    password_file: %s
                    insecure: true
                """.formatted(secret)), Map.of()).settings();
        assertEquals(Settings.InventorySource.VCENTER, s.inventory().source());
        assertEquals("s3cret", s.vcenters().get(0).password());
        assertFalse(s.vcenters().get(0).toString().contains("s3cret"));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(yaml("""
                vcenters:
                  - name: vc01.example.com
                    url: https://vc01.example.com/sdk
                    username: svc-ledger
                    password: a
                    password_env: B
                """), Map.of()));
        assertEquals("vcenters[0].password_env", e.key());
        assertFalse(e.getMessage().contains("'a'"));

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(
                null, Map.of("INVENTORY_SOURCE", "vcenter")));
        assertEquals("inventory.source", e.key());
    }

    @Test
    void authTokensNeedAHexDigestAndARole() throws IOException {
        String digest = "a".repeat(64);
        Settings s = SettingsLoader.load(yaml("""
                auth:
                  enabled: true
                  tokens:
                    - label: ops
                      role: admin
                      sha256: %s
                """.formatted(digest)), Map.of()).settings();
        assertTrue(s.auth().enabled());
        assertEquals(digest, s.auth().tokens().get(0).sha256());

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(yaml("""
                auth:
                  enabled: true
                  tokens:
                    - label: ops
                      role: root
                      sha256: %s
                """.formatted(digest)), Map.of()));
        assertEquals("auth.tokens[0].role", e.key());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(null, Map.of("AUTH_ENABLED", "true")));
        assertEquals("auth.enabled", e.key());
    }

    @Test
    void theUiIsPublicByDefaultAndTokenModeNeedsTokens() throws IOException {
        Settings defaults = SettingsLoader.load(null, Map.of()).settings();
        assertEquals(AuthSettings.UiMode.PUBLIC, defaults.auth().ui());
        assertEquals(30, defaults.auth().sessionMinutes());

        Settings token = SettingsLoader.load(yaml("""
                auth:
                  ui: token
                  ui_session_minutes: 15
                  tokens:
                    - {label: ops, role: admin, sha256: %s}
                """.formatted("b".repeat(64))), Map.of()).settings();
        assertEquals(AuthSettings.UiMode.TOKEN, token.auth().ui());
        assertEquals(15, token.auth().sessionMinutes());
        assertFalse(token.auth().enabled(), "the UI's sign-in does not turn on API authentication");

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(null, Map.of("AUTH_UI", "token")));
        assertEquals("auth.ui", e.key());
        assertTrue(e.getMessage().contains("needs at least one entry in auth.tokens"), e.getMessage());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(null, Map.of("AUTH_UI", "private")));
        assertTrue(e.getMessage().endsWith("allowed: public, token"), e.getMessage());

        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(null, Map.of("AUTH_UI_SESSION_MINUTES", "0")));
        assertEquals("auth.ui_session_minutes", e.key());
    }
}
