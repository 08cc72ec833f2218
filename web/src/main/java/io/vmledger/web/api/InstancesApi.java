package io.vmledger.web.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.Instance;
import io.vmledger.storage.spi.InstanceStore;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/instances}: the processes that use the store (this one and, on PostgreSQL, the others),
 * the running ones first, with their heartbeats, and how the others ended.
 */
public final class InstancesApi implements HttpService {
    public static final String PREFIX = "/api/instances";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final InstanceStore instances;
    private final ZoneId zone;
    private final RouteTable routes;

    public InstancesApi(InstanceStore instances, ZoneId zone, RouteTable routes) {
        this.instances = instances;
        this.zone = zone;
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        routes.get(rules, PREFIX, "/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ApiParams q = ApiParams.of(req, zone, Set.of("limit"));
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        String self = instances.self().id();
        List<InstanceView> items = instances.list(limit).stream().map(i -> InstanceView.of(i, self)).toList();
        SnapshotsApi.sendJson(res, new Listing(self, items));
    }

    /** The answer: which instance answers, and the instances. */
    public record Listing(String self, List<InstanceView> items) {
    }

    /** One instance as the API shows it. */
    public record InstanceView(String id, String role, String host, long pid, String status, String startedAt,
                               String heartbeatAt, String endedAt, String detail, boolean self) {
        static InstanceView of(Instance i, String self) {
            return new InstanceView(i.id(), i.role(), i.host(), i.pid(), i.status(), JobsApi.isoMillis(i.startedAt()),
                    JobsApi.isoMillis(i.heartbeatAt()), i.endedAt() == null ? null : JobsApi.isoMillis(i.endedAt()),
                    i.detail(), i.id().equals(self));
        }
    }
}
