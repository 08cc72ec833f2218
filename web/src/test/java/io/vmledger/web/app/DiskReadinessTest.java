package io.vmledger.web.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.http.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness watches the free space of the store's and the reports' filesystems against
 * {@code settings.disk.min_free_mb}, through a free-space probe the test sets per directory; a capture
 * below {@code settings.disk.capture_min_free_mb} is refused and recorded as a failed job run.
 */
class DiskReadinessTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final Map<Path, Long> free = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path store;
    private Path reports;
    private AppServices services;
    private WebServer server;

    @BeforeEach
    void start() {
        store = dir.resolve("store");
        reports = dir.resolve("elsewhere/reports"); // not created yet: measured at its nearest existing parent
        Settings settings = Settings.defaults().toBuilder()
                .server(new Settings.ServerSettings("127.0.0.1", 0))
                .reportsDir(reports.toString())
                .disk(new Settings.DiskSettings(100, 40))
                .build();
        Storage storage = StorageProviders.open(settings, Map.of("path", store.resolve("ledger.db").toString()));
        free.put(store, 500 * MIB);
        free.put(reports, 500 * MIB);
        services = AppServices.of(settings, storage, new SimulatedInventorySource(1, 10, 1L), path -> {
            Long bytes = free.get(path);
            if (bytes == null) {
                throw new IOException("unexpected path measured: " + path);
            }
            return bytes;
        });
        server = LedgerServer.start(services);
    }

    @AfterEach
    void stop() {
        server.stop();
        services.close();
    }

    @Test
    void readinessIsUpWithRoomOnBothFilesystemsAndSaysWhere() throws Exception {
        HttpResponse<String> r = ready();
        assertEquals(200, r.statusCode(), r.body());
        JsonNode disk = check(r, "disk");
        assertEquals("UP", disk.get("status").asText());
        JsonNode data = disk.get("data");
        assertEquals(store.toString(), data.get("storePath").asText());
        assertEquals("500 MB", data.get("storeFree").asText());
        assertEquals(reports.toString(), data.get("reportsPath").asText());
        assertEquals(500 * MIB, data.get("reportsFreeBytes").asLong());
        assertEquals("100 MB", data.get("minFree").asText());
        assertFalse(data.has("error"));
        assertFalse(r.body().contains("diskSpace"), "Helidon's check of the working directory is not used: " + r.body());
    }

    @Test
    void readinessIsDownWhileTheStoresFilesystemIsBelowTheThresholdAndUpAgainAfter() throws Exception {
        free.put(store, 99 * MIB);
        HttpResponse<String> r = ready();
        assertEquals(503, r.statusCode(), r.body());
        JsonNode disk = check(r, "disk");
        assertEquals("DOWN", disk.get("status").asText());
        assertEquals("the store's filesystem has 99 MB free, below settings.disk.min_free_mb (100 MB)",
                disk.get("data").get("error").asText());
        assertEquals("UP", check(r, "storage").get("status").asText(), "the store itself answers");

        free.put(store, 100 * MIB);
        assertEquals(200, ready().statusCode());
    }

    @Test
    void readinessIsDownWhileTheReportsFilesystemIsBelowTheThreshold() throws Exception {
        free.put(reports, 10 * MIB);
        HttpResponse<String> r = ready();
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("the reports' filesystem has 10 MB free, below settings.disk.min_free_mb (100 MB)",
                check(r, "disk").get("data").get("error").asText());
    }

    @Test
    void aCaptureBelowTheFloorIsRefusedAndRecordedWhileReadinessAlreadySaysDown() throws Exception {
        free.put(store, 39 * MIB);
        CaptureRun run = services.capture().captureNow(System.currentTimeMillis() / 1000);
        assertEquals(1, run.failures());
        var job = services.storage().jobs().get(run.results().get(0).jobId()).orElseThrow();
        assertTrue(job.detail().startsWith("failed in space: 39 MB free on the store's filesystem"), job.detail());
        assertTrue(services.storage().hourly().vcenters().isEmpty(), "nothing was written");
        assertEquals(503, ready().statusCode());

        free.put(store, 60 * MIB); // above the floor, below the threshold: captures go on, readiness warns
        assertEquals(0, services.capture().captureNow(System.currentTimeMillis() / 1000).failures());
        assertEquals(503, ready().statusCode());
    }

    private HttpResponse<String> ready() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/observe/health/ready"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(HttpResponse<String> r, String name) throws IOException {
        for (JsonNode c : Json.mapper().readTree(r.body()).get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + r.body());
    }
}
