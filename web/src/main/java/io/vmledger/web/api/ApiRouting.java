package io.vmledger.web.api;

import io.helidon.http.HttpException;
import io.helidon.http.Status;
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
    private static final System.Logger LOG = System.getLogger(ApiRouting.class.getName());

    private ApiRouting() {
    }

    /** Registers everything; returns the table of API routes (for tests and the OpenAPI check). */
    public static RouteTable register(HttpRouting.Builder routing, AppServices services) {
        Settings settings = services.settings();
        Storage storage = services.storage();
        ZoneId zone = settings.reportTimeZone();
        RouteTable routes = new RouteTable();
        routing.addFilter(new BearerTokenFilter(settings.auth()));
        // Helidon signals an unmatched route (and other protocol errors) with an HttpException; answer
        // its status as a problem instead of letting the catch-all Exception handler make it a 500
        routing.error(HttpException.class, (req, res, e) -> {
            Status status = e.status();
            String detail = status.code() == 404
                    ? "no route " + req.prologue().method().text() + " " + req.path().absolute().path()
                    : status.code() >= 500 ? "internal error; the server log has the details" : e.getMessage();
            if (status.code() >= 500) {
                LOG.log(System.Logger.Level.ERROR, "request " + req.prologue().method().text() + " "
                        + req.path().absolute().path() + " failed", e);
            }
            Problem.of(status, detail).send(res);
        });
        routing.register(SnapshotsApi.PREFIX, new SnapshotsApi(storage, zone, routes));
        routing.register(VcentersApi.PREFIX, new VcentersApi(storage, () -> services.source().vcenters(), zone, routes));
        routing.register(VmsApi.PREFIX, new VmsApi(storage, zone, routes));
        routing.register(JobsApi.PREFIX, new JobsApi(storage, zone, routes));
        routing.register("/api", new OperationsApi(storage, settings, Clock.systemUTC(), routes));
        routing.register(OpenApiDocument.PATH, new OpenApiDocument());
        routing.register(SwaggerUi.PATH, new SwaggerUi());
        return routes;
    }
}
