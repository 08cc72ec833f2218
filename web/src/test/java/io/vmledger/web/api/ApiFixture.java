package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.AggregationPath;
import io.vmledger.api.settings.AuthSettings;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.InventorySource;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.app.AppServices;
import io.vmledger.web.app.LedgerServer;
import io.vmledger.web.app.ReportWiring;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.web.auth.TokenVerifier;
import io.vmledger.web.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One small ledger shared by the web API tests (built once per JVM, a few seconds): a temporary
 * SQLite store with two simulated vCenters captured hourly over two whole days and the first hours of
 * a third, the three days and their month aggregated, served by two servers assembled exactly as
 * {@code LedgerServer} does: one with authentication off, one with a viewer and an admin token.
 */
public final class ApiFixture {
    public static final String ADMIN_TOKEN = "test-admin-token-3f9c1e7a";
    public static final String VIEWER_TOKEN = "test-viewer-token-b41d02c8";
    public static final String VC1 = SimulatedInventorySource.vcenterKey(1);
    public static final String VC2 = SimulatedInventorySource.vcenterKey(2);
    /** Two whole captured days, well in the past, and the month they lie in. */
    public static final LocalDate DAY1 = LocalDate.of(2026, 10, 5);
    public static final LocalDate DAY2 = DAY1.plusDays(1);
    public static final LocalDate DAY3 = DAY1.plusDays(2);
    public static final YearMonth MONTH = YearMonth.from(DAY1);
    /** Hours of DAY3 captured (aggregated as the day so far, as the demo does). */
    public static final int DAY3_HOURS = 3;
    /** The daily report of DAY1, generated when the fixture is built. */
    public static final String DAY1_REPORT = "inventory_daily_summary_20261005.xlsx";

    private static ApiFixture instance;

    public final Path dir;
    public final Settings settings;
    public final Storage storage;
    public final SimulatedInventorySource source;
    public final WebServer open;
    public final WebServer secured;
    public final RouteTable routes;
    /** Report generation over the fixture's store and reports directory. */
    public final ReportService reports;
    private final HttpClient http = HttpClient.newHttpClient();

    private ApiFixture() throws IOException {
        dir = Files.createTempDirectory("vmledger-api-test");
        settings = settings();
        storage = openStore(settings, dir);
        source = new SimulatedInventorySource(2, 40, 11L);
        seed(storage, source, settings);
        reports = ReportWiring.inline(storage, settings);
        reports.generate(ReportId.daily(DAY1));

        open = start(settings);
        secured = start(settings.toBuilder().auth(new AuthSettings(true, List.of(
                new AuthSettings.Token("ops-admin", AuthSettings.Role.ADMIN, TokenVerifier.sha256Hex(ADMIN_TOKEN)),
                new AuthSettings.Token("dashboard", AuthSettings.Role.VIEWER, TokenVerifier.sha256Hex(VIEWER_TOKEN)))))
                .build());
        // the routes as registered by the application itself
        HttpRouting.Builder probe = HttpRouting.builder();
        routes = LedgerServer.routing(probe, AppServices.of(settings, storage, source));
        probe.build();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** The SQLite store of a fixture in {@code dir}. */
    public static Storage openStore(Settings settings, Path dir) {
        return StorageProviders.open(settings, Map.of("path", dir.resolve("ledger.db").toString()));
    }

    /** The settings of a fixture (its store: {@link #openStore}): two simulated vCenters of 40 VM slots, any free port. */
    public static Settings settings() {
        return Settings.defaults().toBuilder()
                .server(new Settings.ServerSettings("127.0.0.1", 0))
                .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED, 2, 40, 11L))
                .build();
    }

    /**
     * Captures the fixture's hours from a source (the two whole days and {@link #DAY3_HOURS} of the third)
     * and aggregates the three days and their month, as the UI tests' store does too.
     */
    public static void seed(Storage storage, InventorySource source, Settings settings) {
        try (CapturePipeline capture = new CapturePipeline(storage, source, settings)) {
            long start = DAY1.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            for (int h = 0; h < 48 + DAY3_HOURS; h++) {
                capture.captureAll(start + h * 3600L + 7);
            }
        }
        DailyAggregationJob daily = new DailyAggregationJob(storage, settings);
        daily.run(DAY1, AggregationPath.JAVA);
        daily.run(DAY2, AggregationPath.JAVA);
        daily.run(DAY3, AggregationPath.JAVA);
        new MonthlyAggregationJob(storage, settings).run(MONTH, AggregationPath.JAVA, Settings.MonthlyGranularity.DAILY);
    }

    public static synchronized ApiFixture get() {
        if (instance == null) {
            try {
                instance = new ApiFixture();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private WebServer start(Settings s) {
        return LedgerServer.start(AppServices.of(s, storage, source));
    }

    private void close() {
        open.stop();
        secured.stop();
        storage.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }

    /** One HTTP exchange's outcome. */
    public record Reply(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }

    public Reply get(WebServer server, String path, String token) {
        return call(server, "GET", path, token, null, Map.of());
    }

    public Reply get(WebServer server, String path) {
        return get(server, path, null);
    }

    public Reply post(WebServer server, String path, String token, String body) {
        return call(server, "POST", path, token, body, Map.of("Content-Type", "application/json"));
    }

    /** A GET whose body is kept as bytes (downloads). */
    public HttpResponse<byte[]> download(WebServer server, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply call(WebServer server, String method, String path, String token, String body,
                      Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
