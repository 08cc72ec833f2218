package io.vmledger.web.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Json;
import io.vmledger.web.http.QueryParams;

import java.time.ZoneId;
import java.util.List;

/** {@code GET /api/snapshots}: registered snapshots, newest first, paginated. */
public final class SnapshotsApi implements HttpService {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Storage storage;
    private final ZoneId zone;

    public SnapshotsApi(Storage storage, ZoneId zone) {
        this.storage = storage;
        this.zone = zone;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        QueryParams q = new QueryParams(req.query(), zone);
        Granularity type = q.choice("type", Granularity::fromWire).orElse(null);
        String vcenter = q.string("vcenter").orElse(null);
        long from = q.time("from").orElse(TimeWindow.all().start());
        long to = q.time("to").orElse(TimeWindow.all().end());
        if (to < from) {
            throw new BadRequestException("to", "parameter 'to' must not be before 'from'");
        }
        int limit = q.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long offset = q.offset("offset");
        Page<SnapshotRecord> page = storage.registry().list(
                new SnapshotQuery(type, vcenter, new TimeWindow(from, to), limit, offset));
        List<SnapshotView> items = page.items().stream().map(SnapshotView::of).toList();
        res.header("Content-Type", "application/json");
        res.send(Json.write(new PageView<>(items, page.total(), page.limit(), page.offset())));
    }

    /** One registered snapshot as the API shows it. */
    public record SnapshotView(String type, long time, String timeIso, String vcenter, long rowCount, String table) {
        static SnapshotView of(SnapshotRecord r) {
            return new SnapshotView(r.type().wire(), r.snapshotTime(), QueryParams.iso(r.snapshotTime()),
                    r.vcenter().isEmpty() ? null : r.vcenter(), r.rowCount(), r.tableName());
        }
    }

    /** A page of items with the total number of matches. */
    public record PageView<T>(List<T> items, long total, int limit, long offset) {
    }
}
