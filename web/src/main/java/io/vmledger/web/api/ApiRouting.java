package io.vmledger.web.api;

import io.helidon.webserver.http.HttpRouting;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.app.AppServices;
import io.vmledger.web.auth.BearerTokenFilter;
import io.vmledger.web.http.Problem;

import java.time.Clock;
import java.time.ZoneId;

/**
 * Registers the JSON API, its bearer-token filter, the OpenAPI document and Swagger UI on a routing.
 * {@code LedgerServer.routing} calls it before its {@code /api/*} 404 fallback.
 */
public final class ApiRouting {
    private ApiRouting() {
    }

    /** Registers everything; returns the table of API routes (for tests and the OpenAPI check). */
    public static RouteTable register(HttpRouting.Builder routing, AppServices services) {
        Settings settings = services.settings();
        Storage storage = services.storage();
        ZoneId zone = settings.reportTimeZone();
        RouteTable routes = new RouteTable();
        routing.addFilter(new BearerTokenFilter(settings.auth()));
        routing.register(SnapshotsApi.PREFIX, new SnapshotsApi(storage, services.reports(), zone, routes));
        routing.register(ReportsApi.PREFIX, new ReportsApi(services.reports(), zone, routes));
        routing.register(VcentersApi.PREFIX, new VcentersApi(storage, () -> services.source().vcenters(), zone, routes));
        routing.register(VmsApi.PREFIX, new VmsApi(storage, zone, routes));
        routing.register(JobsApi.PREFIX, new JobsApi(storage, zone, routes));
        routing.register("/api", new OperationsApi(storage, settings, services.reports(), Clock.systemUTC(), routes));
        routing.register(OpenApiDocument.PATH, new OpenApiDocument());
        routing.register(SwaggerUi.PATH, new SwaggerUi());
        return routes;
    }
}
