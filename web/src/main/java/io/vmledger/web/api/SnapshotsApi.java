package io.vmledger.web.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.SummarySort;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Json;
import io.vmledger.web.http.Problem;
import io.vmledger.web.http.QueryParams;
import io.vmledger.web.query.SummaryService;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Read endpoints under {@code /api/snapshots}:
 * <ul>
 *   <li>{@code GET /api/snapshots}: registered snapshots, newest first, paginated;</li>
 *   <li>{@code GET /api/snapshots/daily/{YYYY-MM-DD}} and {@code /monthly/{YYYY-MM}}: the summary rows,
 *       filtered by vCenter, pool and name prefix, sorted, as JSON or CSV; or the period's XLSX report
 *       ({@code ?format=xlsx}), generated first when it is missing or older than its data.</li>
 * </ul>
 */
public final class SnapshotsApi implements HttpService {
    public static final String PREFIX = "/api/snapshots";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int SUMMARY_MAX_LIMIT = 10_000;

    private static final Set<String> LIST_PARAMS = Set.of("type", "vcenter", "from", "to", "limit", "offset");
    private static final Set<String> SUMMARY_PARAMS = Set.of("vcenter", "pool", "name_prefix", "sort", "order",
            "limit", "offset", "format");

    private final SnapshotRegistry registry;
    private final SummaryService summaries;
    private final ReportService reports;
    private final ZoneId zone;
    private final RouteTable routes;

    public SnapshotsApi(SnapshotRegistry registry, SummaryService summaries, ReportService reports, RouteTable routes) {
        this.registry = registry;
        this.summaries = summaries;
        this.reports = reports;
        this.zone = summaries.calendar().zone();
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        routes.get(rules, PREFIX, "/", this::list);
        routes.get(rules, PREFIX, "/daily/{date}", this::daily);
        routes.get(rules, PREFIX, "/monthly/{month}", this::monthly);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ApiParams q = ApiParams.of(req, zone, LIST_PARAMS);
        Granularity type = q.choice("type", Granularity::fromWire).orElse(null);
        String vcenter = q.text("vcenter").orElse(null);
        TimeWindow window = q.window();
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        long offset = q.offset();
        Page<SnapshotRecord> page = registry.list(new SnapshotQuery(type, vcenter, window, limit, offset));
        List<SnapshotView> items = page.items().stream().map(SnapshotView::of).toList();
        sendJson(res, new PageView<>(items, page.total(), page.limit(), page.offset()));
    }

    private void daily(ServerRequest req, ServerResponse res) {
        LocalDate day = parseDay(req.path().pathParameters().get("date"));
        SummaryRequest s = SummaryRequest.of(req, zone);
        if (!summaries.hasDay(day)) {
            Problem.of(Status.NOT_FOUND_404, "no daily summary for " + day + ": the day has not been aggregated "
                    + "(POST /api/snapshots/aggregate with {\"type\":\"daily\",\"date\":\"" + day + "\"})").send(res);
            return;
        }
        if (s.format() == Format.XLSX) {
            ReportsApi.send(res, reports, reports.current(ReportId.daily(day)));
            return;
        }
        s.send(res, summaries.daily(day, s.query()).orElseThrow(), SummaryColumns.daily(), summaries.dailyName(day));
    }

    private void monthly(ServerRequest req, ServerResponse res) {
        YearMonth month = parseMonth(req.path().pathParameters().get("month"));
        SummaryRequest s = SummaryRequest.of(req, zone);
        if (!summaries.hasMonth(month)) {
            Problem.of(Status.NOT_FOUND_404, "no monthly summary for " + month + ": the month has not been "
                    + "aggregated (POST /api/snapshots/aggregate with {\"type\":\"monthly\",\"month\":\"" + month
                    + "\"})").send(res);
            return;
        }
        if (s.format() == Format.XLSX) {
            ReportsApi.send(res, reports, reports.current(ReportId.monthly(month)));
            return;
        }
        s.send(res, summaries.monthly(month, s.query()).orElseThrow(), SummaryColumns.monthly(),
                summaries.monthlyName(month));
    }

    /** A {@code YYYY-MM-DD} path segment; anything else is a 400 naming {@code date}. */
    static LocalDate parseDay(String raw) {
        if (raw == null || !raw.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new BadRequestException("date", "the date must be YYYY-MM-DD, got '" + ApiParams.truncate(String.valueOf(raw)) + "'");
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeException e) {
            throw new BadRequestException("date", "'" + raw + "' is not a calendar date");
        }
    }

    /** A {@code YYYY-MM} path segment; anything else is a 400 naming {@code month}. */
    static YearMonth parseMonth(String raw) {
        if (raw == null || !raw.matches("\\d{4}-\\d{2}")) {
            throw new BadRequestException("month", "the month must be YYYY-MM, got '" + ApiParams.truncate(String.valueOf(raw)) + "'");
        }
        try {
            return YearMonth.parse(raw);
        } catch (DateTimeException e) {
            throw new BadRequestException("month", "'" + raw + "' is not a calendar month");
        }
    }

    static void sendJson(ServerResponse res, Object body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }

    /** The representations of a summary. */
    enum Format { JSON, CSV, XLSX }

    /** Parameters that shape rows, which the XLSX report (always the whole period) does not take. */
    private static final List<String> ROW_PARAMS = List.of("vcenter", "pool", "name_prefix", "sort", "order", "limit",
            "offset");

    /** The filter, order, page and format of a summary request. */
    private record SummaryRequest(SummaryQuery query, Format format) {

        static SummaryRequest of(ServerRequest req, ZoneId zone) {
            ApiParams q = ApiParams.of(req, zone, SUMMARY_PARAMS);
            Format format = format(req, q);
            if (format == Format.XLSX) {
                for (String p : ROW_PARAMS) {
                    if (req.query().contains(p)) {
                        throw new BadRequestException(p, "the XLSX report is the whole period; parameter '" + p
                                + "' applies to format=json and format=csv only");
                    }
                }
            }
            boolean csv = format == Format.CSV;
            String vcenter = q.text("vcenter").orElse(null);
            String pool = q.text("pool").orElse(null);
            String prefix = q.text("name_prefix").orElse(null);
            SummarySort sort = q.choice("sort", SummarySort::fromColumn).orElse(SummarySort.NAME);
            boolean descending = q.choice("order", SummaryRequest::descending).orElse(false);
            // a CSV download is the whole filtered table unless a page is asked for
            int limit = csv ? q.limit(Integer.MAX_VALUE, Integer.MAX_VALUE) : q.limit(DEFAULT_LIMIT, SUMMARY_MAX_LIMIT);
            long offset = q.offset();
            return new SummaryRequest(new SummaryQuery(vcenter, pool, prefix, sort, descending, limit, offset), format);
        }

        private static boolean descending(String order) {
            return switch (order.toLowerCase(Locale.ROOT)) {
                case "asc" -> false;
                case "desc" -> true;
                default -> throw new IllegalArgumentException("must be asc or desc, got '" + ApiParams.truncate(order) + "'");
            };
        }

        /**
         * {@code ?format=json|csv|xlsx} wins; without it, an Accept header naming text/csv asks for CSV and
         * one naming the XLSX media type for the report.
         */
        private static Format format(ServerRequest req, ApiParams q) {
            Optional<Format> explicit = q.choice("format", f -> switch (f.toLowerCase(Locale.ROOT)) {
                case "csv" -> Format.CSV;
                case "json" -> Format.JSON;
                case "xlsx" -> Format.XLSX;
                default -> throw new IllegalArgumentException("must be json, csv or xlsx, got '"
                        + ApiParams.truncate(f) + "'");
            });
            if (explicit.isPresent()) {
                return explicit.get();
            }
            String accept = req.headers().first(HeaderNames.ACCEPT).orElse("").toLowerCase(Locale.ROOT);
            if (accept.contains("text/csv")) {
                return Format.CSV;
            }
            return accept.contains(ReportsApi.XLSX) ? Format.XLSX : Format.JSON;
        }

        void send(ServerResponse res, SummaryService.Rows rows, SummaryColumns columns, String fileName) {
            Page<VmSummary> page = rows.page();
            if (format == Format.CSV) {
                res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=UTF-8");
                res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + ".csv\"");
                res.header("X-Total-Count", Long.toString(page.total()));
                res.send(columns.csv(page.items(), rows.basis()));
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.write(columns.json(page.items(), rows.basis(), page.total(), query.limit(), query.offset())));
        }
    }

    /** One registered snapshot as the API shows it. */
    public record SnapshotView(String type, long time, String timeIso, String vcenter, long rowCount, String table) {
        static SnapshotView of(SnapshotRecord r) {
            return new SnapshotView(r.type().wire(), r.snapshotTime(), QueryParams.iso(r.snapshotTime()),
                    r.vcenter().isEmpty() ? null : r.vcenter(), r.rowCount(), r.tableName());
        }
    }
}
