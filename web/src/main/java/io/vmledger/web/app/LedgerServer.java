package io.vmledger.web.app;

import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.api.ApiRouting;
import io.vmledger.web.api.RouteTable;
import io.vmledger.web.api.ops.AdminOperations;
import io.vmledger.web.http.AllowedMethods;
import io.vmledger.web.http.ErrorHandling;
import io.vmledger.web.http.SecurityHeaders;
import io.vmledger.web.query.Queries;
import io.vmledger.web.ui.UiRouting;

import java.time.Clock;

/**
 * The HTTP server: the web UI at {@code /}, the JSON API under {@code /api}, health at
 * {@code /observe/health}, metrics at {@code /observe/metrics}. Routing is explicit: every route is
 * registered here.
 */
public final class LedgerServer {
    private static final System.Logger LOG = System.getLogger(LedgerServer.class.getName());

    private LedgerServer() {
    }

    /**
     * Starts the server; a port in use, an address that cannot be bound or resolved fails with one
     * line ({@link StartupException}) instead of Helidon's stack trace.
     */
    public static WebServer start(AppServices services) {
        Settings settings = services.settings();
        String address = settings.server().host() + ":" + settings.server().port();
        // the observability feature registers its endpoints on this builder too: recorded for 405 answers
        HttpRouting.Builder routing = AllowedMethods.recording(HttpRouting.builder());
        routing(routing, services);
        WebServer server;
        try {
            server = build(settings, services, routing);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            // Helidon resolves server.host when the server is built
            throw new StartupException("cannot listen on " + address + ": " + StartFailures.rootMessage(e), e);
        }
        try (StartFailures failures = StartFailures.capture()) {
            server.start();
            if (!server.isRunning()) {
                throw new StartupException("cannot listen on " + address + ": " + failures.cause()
                        .orElse("the HTTP server did not start") + hint(failures.cause().orElse("")));
            }
        }
        LOG.log(System.Logger.Level.INFO, "serving on http://" + displayHost(settings) + ":" + server.port()
                + "/ (UI /, API /api, docs /swagger/, health /observe/health, metrics /observe/metrics)");
        return server;
    }

    private static String hint(String cause) {
        return cause.contains("in use") ? " (another process holds the port: stop it, or set server.port)" : "";
    }

    private static WebServer build(Settings settings, AppServices services, HttpRouting.Builder routing) {
        return WebServer.builder()
                .host(settings.server().host())
                .port(settings.server().port())
                .shutdownHook(false)
                // without TCP_NODELAY, keep-alive clients wait ~40 ms (Nagle against delayed ACK) on
                // responses that span several segments, e.g. a 30-day trace (docs/api.md, load check)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .addCheck(() -> Readiness.storage(services.storage()), HealthCheckType.READINESS,
                                        "storage")
                                // Helidon's own disk check measures the working directory's filesystem,
                                // not those this service writes to
                                .addExcluded("diskSpace")
                                .addCheck(() -> Readiness.disk(settings, services.storage(), services.freeSpace()),
                                        HealthCheckType.READINESS, "disk")
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .routing(routing)
                .build();
    }

    /**
     * Registers every route; public for tests that start a server on their own storage. Returns the table
     * of API routes.
     */
    public static RouteTable routing(HttpRouting.Builder routing, AppServices services) {
        return routing(routing, services, Clock.systemUTC());
    }

    /**
     * Registers every route with a given clock (of UI sessions and operations): the security headers,
     * the API, the UI, and the error handling (unmatched routes become 404 problems, or the UI's error
     * page for a browser).
     */
    public static RouteTable routing(HttpRouting.Builder routing, AppServices services, Clock clock) {
        Settings settings = services.settings();
        Storage storage = services.storage();
        AllowedMethods.Recording recorded = AllowedMethods.recording(routing);
        // one set of read services and one operations queue, shared by the API and the UI
        Queries queries = Queries.of(storage, settings, () -> services.source().vcenters());
        AdminOperations operations = new AdminOperations(storage, settings, services.reports(),
                ReportWiring.aggregation(services.reports()), clock);
        recorded.addFilter(new SecurityHeaders());
        RouteTable api = ApiRouting.register(recorded, new ApiRouting.Context(settings.auth(), settings.reportTimeZone(),
                storage.registry(), storage.jobs(), storage.instances(), services.reports(), queries, operations));
        ErrorHandling.HtmlErrors pages = UiRouting.register(recorded, new UiRouting.Context(settings, queries,
                storage.jobs(), storage.registry(), services.reports(), operations, storage.providerName(), clock));
        // unmatched routes, /api/** included, become 404 problems (405 for a wrong method), or error pages
        ErrorHandling.register(recorded, recorded.allowed(), pages);
        return api;
    }

    private static String displayHost(Settings settings) {
        String host = settings.server().host();
        return host.equals("0.0.0.0") ? "localhost" : host;
    }
}
