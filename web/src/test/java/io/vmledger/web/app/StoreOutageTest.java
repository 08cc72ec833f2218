package io.vmledger.web.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.postgres.PgProxy;
import io.vmledger.storage.postgres.PgTestDatabase;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.http.Json;
import org.junit.jupiter.api.AfterAll;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PostgreSQL outage as the users of a running service see it (issue 14, decision 0120): the service's
 * store is reached through a proxy that the test cuts, the shared test server keeps running. While it is
 * cut, API requests get a 503 problem with {@code Retry-After} within 2 s, a browser gets a 503 page, and
 * readiness says DOWN within 2 s; once it is back, everything answers again with no restart.
 */
class StoreOutageTest {
    private static final long TWO_SECONDS = 2_000;
    private static final long T0 = 1_791_331_200L; // 2026-10-07T00:00:00Z

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PgProxy proxy;
    private AppServices services;
    private WebServer server;

    @BeforeEach
    void start() throws IOException {
        proxy = new PgProxy();
        Settings settings = Settings.defaults().toBuilder()
                .server(new Settings.ServerSettings("127.0.0.1", 0))
                .storage(new Settings.StorageSettings("postgres"))
                .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED, 2, 20, 3L))
                .reportsDir(dir.resolve("reports").toString())
                .build();
        Storage storage = PgTestDatabase.openIn(PgTestDatabase.newSchema("web_outage"), settings,
                Map.of("url", proxy.url()));
        SimulatedInventorySource source = new SimulatedInventorySource(2, 20, 3L);
        try (CapturePipeline capture = new CapturePipeline(storage, source, settings)) {
            for (int h = 0; h < 3; h++) {
                capture.captureAll(T0 + h * 3600L);
            }
        }
        services = AppServices.of(settings, storage, source);
        server = LedgerServer.start(services);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.stop();
        }
        if (services != null) {
            services.close();
        }
        proxy.close();
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }

    @Test
    void whileTheServerIsDownRequestsGet503WithinTwoSecondsAndRecoverWithoutARestart() throws Exception {
        assertServing();
        proxy.refuse();
        assertUnavailable();
        proxy.restore();
        assertRecovers();
    }

    @Test
    void whileTheNetworkSwallowsEverythingRequestsGet503WithinTwoSecondsAndRecoverWithoutARestart() throws Exception {
        assertServing();
        proxy.blackHole();
        assertUnavailable();
        proxy.restore();
        assertRecovers();
    }

    /** Also renders a page and the error page once, so that the timings below do not include compiling templates. */
    private void assertServing() throws Exception {
        assertEquals(200, get("/api/vcenters", "application/json").statusCode());
        assertEquals(200, get("/observe/health/ready", "application/json").statusCode());
        assertEquals(200, get("/vcenters", "text/html").statusCode());
        assertEquals(404, get("/no-such-page", "text/html").statusCode());
    }

    private void assertUnavailable() throws Exception {
        for (String path : List.of("/api/vcenters", "/api/snapshots?type=hourly", "/api/vms/trace?vm_id=vm-1")) {
            HttpResponse<String> r = timed(path, "application/json");
            assertEquals(503, r.statusCode(), path + ": " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("5", r.headers().firstValue("Retry-After").orElse(""), path);
            JsonNode problem = Json.mapper().readTree(r.body());
            assertEquals(503, problem.get("status").asInt());
            assertTrue(problem.get("detail").asText().contains("cannot be reached"), r.body());
            assertTrue(!r.body().contains("127.0.0.1") && !r.body().contains("jdbc:"),
                    "the problem does not show where the database is: " + r.body());
        }

        HttpResponse<String> page = timed("/vcenters", "text/html");
        assertEquals(503, page.statusCode());
        assertEquals("5", page.headers().firstValue("Retry-After").orElse(""));
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("503: Database unavailable"), page.body());
        assertTrue(page.body().contains("href=\"/vcenters\">Try again</a>"), page.body());

        HttpResponse<String> ready = timed("/observe/health/ready", "application/json");
        assertEquals(503, ready.statusCode(), ready.body());
        JsonNode health = Json.mapper().readTree(ready.body());
        assertEquals("DOWN", health.get("status").asText());
        JsonNode storage = check(health, "storage");
        assertEquals("DOWN", storage.get("status").asText());
        assertTrue(storage.get("data").get("error").asText().contains("cannot"), ready.body());
        assertEquals("UP", check(health, "disk").get("status").asText(), "only the store is down");
    }

    /** Everything answers again within a few seconds of the proxy forwarding again; no restart. */
    private void assertRecovers() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (get("/api/vcenters", "application/json").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the API did not recover within 15 s");
            Thread.sleep(100);
        }
        assertEquals(200, get("/observe/health/ready", "application/json").statusCode());
        assertEquals(200, get("/vcenters", "text/html").statusCode());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private HttpResponse<String> timed(String path, String accept) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(path, accept);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < TWO_SECONDS, path + " answered " + r.statusCode() + " after " + millis + " ms");
        return r;
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
