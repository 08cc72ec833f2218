package io.vmledger.web.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CaptureBackfill;
import io.vmledger.web.config.SettingsLoader;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's path end to end: backfill, a second backfill adding nothing, and the API listing it. */
class DemoFlowTest {
    private static final long NOW = 1_795_910_400L + 1234; // 2026-11-29T00:20:34Z

    @TempDir
    Path dir;
    private AppServices services;
    private WebServer server;

    @BeforeEach
    void open() {
        SettingsLoader.Loaded loaded = SettingsLoader.load(null, Map.of());
        Settings settings = loaded.settings().toBuilder()
                .server(new Settings.ServerSettings("127.0.0.1", 0))
                .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED, 2, 40, 7L))
                .build();
        services = AppServices.open(settings, Map.of("path", dir.resolve("demo.db").toString()), "demo");
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.stop();
        }
        services.close();
    }

    @Test
    void backfillIsIdempotentAndTheApiListsEverySnapshot() throws IOException, InterruptedException {
        CaptureBackfill.Result first = services.capture().fillHistory(NOW, 1, CaptureBackfill.Progress.NONE);
        assertEquals(24, first.hoursCaptured());
        assertEquals(48, first.snapshots());
        assertEquals(0, first.failures());

        CaptureBackfill.Result second = services.capture().fillHistory(NOW, 1, CaptureBackfill.Progress.NONE);
        assertEquals(0, second.hoursCaptured());
        assertEquals(24, second.hoursPresent());

        // one hour later only that hour is added
        CaptureBackfill.Result later = services.capture().fillHistory(NOW + 3600, 1, CaptureBackfill.Progress.NONE);
        assertEquals(1, later.hoursCaptured());

        server = LedgerServer.start(services);
        JsonNode all = get("/api/snapshots?type=hourly&limit=1000");
        assertEquals(50, all.get("total").asInt());
        assertEquals(50, all.get("items").size());
        JsonNode newest = all.get("items").get(0);
        assertEquals(NOW - NOW % 3600 + 3600, newest.get("time").asLong());
        assertTrue(newest.get("rowCount").asLong() > 0);

        JsonNode one = get("/api/snapshots?type=hourly&vcenter=vc01.sim.example.com&from=2026-11-29T00:00:00Z&limit=5");
        assertEquals(2, one.get("total").asInt());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> res = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return Json.mapper().readTree(res.body());
    }
}
