package io.vmledger.web.api;

import io.helidon.webserver.http.HttpRouting;
import io.vmledger.api.settings.AuthSettings;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.InstanceStore;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.web.api.ops.AdminOperations;
import io.vmledger.web.auth.BearerTokenFilter;
import io.vmledger.web.query.Queries;

import java.time.ZoneId;

/**
 * Registers the JSON API, its bearer-token filter, the OpenAPI document and Swagger UI on a routing.
 * Unmatched routes become 404 problems in {@code ErrorHandling}. Each route gets only what it uses.
 */
public final class ApiRouting {
    private ApiRouting() {
    }

    /**
     * What the API's routes use.
     *
     * @param auth       the bearer tokens and whether they are required
     * @param zone       the report time zone, in which dates and times of requests are read
     * @param registry   the snapshot registry (listings)
     * @param jobs       the job runs (listings and polling)
     * @param instances  the instances of the store (listing)
     * @param reports    the XLSX reports
     * @param queries    the read services, shared with the UI
     * @param operations the admin operations and their queue, shared with the UI's admin forms
     */
    public record Context(AuthSettings auth, ZoneId zone, SnapshotRegistry registry, JobRunStore jobs,
                          InstanceStore instances, ReportService reports, Queries queries, AdminOperations operations) {
    }

    /** Registers everything; returns the table of API routes (for tests and the OpenAPI check). */
    public static RouteTable register(HttpRouting.Builder routing, Context c) {
        RouteTable routes = new RouteTable();
        routing.addFilter(new BearerTokenFilter(c.auth()));
        routing.register(SnapshotsApi.PREFIX, new SnapshotsApi(c.registry(), c.queries().summaries(), c.reports(), routes));
        routing.register(ReportsApi.PREFIX, new ReportsApi(c.reports(), c.zone(), routes));
        routing.register(VcentersApi.PREFIX, new VcentersApi(c.queries().vcenters(), c.zone(), routes));
        routing.register(VmsApi.PREFIX, new VmsApi(c.queries().traces(), c.zone(), routes));
        routing.register(JobsApi.PREFIX, new JobsApi(c.jobs(), c.zone(), routes));
        routing.register(InstancesApi.PREFIX, new InstancesApi(c.instances(), c.zone(), routes));
        routing.register("/api", new OperationsApi(c.operations(), routes));
        routing.register(OpenApiDocument.PATH, new OpenApiDocument());
        routing.register(SwaggerUi.PATH, new SwaggerUi());
        return routes;
    }
}
