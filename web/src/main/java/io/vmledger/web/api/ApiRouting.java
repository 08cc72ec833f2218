package io.vmledger.web.api;

import io.helidon.webserver.http.HttpRouting;
import io.vmledger.api.settings.Settings;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.api.ops.AdminOperations;
import io.vmledger.web.app.AppServices;
import io.vmledger.web.auth.BearerTokenFilter;
import io.vmledger.web.query.Queries;

import java.time.Clock;
import java.time.ZoneId;

/**
 * Registers the JSON API, its bearer-token filter, the OpenAPI document and Swagger UI on a routing.
 * Unmatched routes become 404 problems in {@code ErrorHandling}.
 */
public final class ApiRouting {
    private ApiRouting() {
    }

    /** Registers everything over its own read services and operations queue; returns the table of API routes. */
    public static RouteTable register(HttpRouting.Builder routing, AppServices services) {
        Settings settings = services.settings();
        return register(routing, settings, services.storage(), services.reports(),
                Queries.of(services.storage(), settings, () -> services.source().vcenters()),
                new AdminOperations(services.storage(), settings, services.reports(), Clock.systemUTC()));
    }

    /**
     * Registers everything over shared read services and the operations queue (closed when the server
     * stops); returns the table of API routes (for tests and the OpenAPI check).
     */
    public static RouteTable register(HttpRouting.Builder routing, Settings settings, Storage storage,
                                      ReportService reports, Queries queries, AdminOperations operations) {
        ZoneId zone = settings.reportTimeZone();
        RouteTable routes = new RouteTable();
        routing.addFilter(new BearerTokenFilter(settings.auth()));
        routing.register(SnapshotsApi.PREFIX, new SnapshotsApi(storage.registry(), queries.summaries(), reports, routes));
        routing.register(ReportsApi.PREFIX, new ReportsApi(reports, zone, routes));
        routing.register(VcentersApi.PREFIX, new VcentersApi(queries.vcenters(), zone, routes));
        routing.register(VmsApi.PREFIX, new VmsApi(queries.traces(), zone, routes));
        routing.register(JobsApi.PREFIX, new JobsApi(storage.jobs(), zone, routes));
        routing.register("/api", new OperationsApi(operations, settings, routes));
        routing.register(OpenApiDocument.PATH, new OpenApiDocument());
        routing.register(SwaggerUi.PATH, new SwaggerUi());
        return routes;
    }
}
