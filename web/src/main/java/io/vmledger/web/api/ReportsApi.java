package io.vmledger.web.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportInfo;
import io.vmledger.reports.ReportKind;
import io.vmledger.reports.ReportService;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Problem;
import io.vmledger.web.http.QueryParams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The XLSX reports under {@code /api/reports} (viewer role):
 * <ul>
 *   <li>{@code GET /api/reports?type=&from=&to=}: the stored reports, newest period first, paginated;</li>
 *   <li>{@code GET /api/reports/{name}}: one report's file, under its stable name. A name that is not
 *       exactly a report name is a 400, so no path ever reaches the file system from a request.</li>
 * </ul>
 */
public final class ReportsApi implements HttpService {
    public static final String PREFIX = "/api/reports";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final Set<String> LIST_PARAMS = Set.of("type", "from", "to", "limit", "offset");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final ReportService reports;
    private final ZoneId zone;
    private final ReportCalendar calendar;
    private final RouteTable routes;

    public ReportsApi(ReportService reports, ZoneId zone, RouteTable routes) {
        this.reports = reports;
        this.zone = zone;
        this.calendar = new ReportCalendar(zone);
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        routes.get(rules, PREFIX, "/", this::list);
        routes.get(rules, PREFIX, "/{name}", this::download);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ApiParams q = ApiParams.of(req, zone, LIST_PARAMS);
        ReportKind type = q.choice("type", ReportKind::fromWire).orElse(null);
        TimeWindow window = q.window();
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        long offset = q.offset();
        List<ReportView> matching = listed(reports, type, window, calendar).stream()
                .map(this::view)
                .toList();
        SnapshotsApi.sendJson(res, PageView.slice(matching, limit, offset));
    }

    private void download(ServerRequest req, ServerResponse res) {
        ApiParams.of(req, zone, Set.of());
        String name = req.path().pathParameters().get("name");
        ReportId id = ReportId.parse(name).orElseThrow(() -> new BadRequestException("name",
                "not a report name: '" + ApiParams.truncate(String.valueOf(name)) + "'; report names are "
                        + "inventory_hourly_<epoch seconds>.xlsx, inventory_daily_summary_YYYYMMDD.xlsx or "
                        + "inventory_monthly_summary_YYYYMM.xlsx (GET /api/reports lists them)"));
        Optional<ReportInfo> info = reports.files().info(id);
        if (info.isEmpty()) {
            Problem.of(Status.NOT_FOUND_404, "no report " + id.fileName() + " (GET /api/reports lists the reports; "
                    + "POST /api/snapshots/regenerate-hourly-reports makes hourly ones again)").send(res);
            return;
        }
        send(res, reports, info.get());
    }

    /** The stored reports of a kind (null for all) whose period starts in the window, newest period first. */
    public static List<ReportInfo> listed(ReportService reports, ReportKind type, TimeWindow window,
                                          ReportCalendar calendar) {
        return reports.files().list().stream()
                .filter(r -> type == null || r.id().kind() == type)
                .filter(r -> window.contains(r.id().window(calendar).start()))
                .sorted((a, b) -> {
                    int byPeriod = Long.compare(b.id().window(calendar).start(), a.id().window(calendar).start());
                    return byPeriod != 0 ? byPeriod : a.id().compareTo(b.id());
                })
                .toList();
    }

    /** Sends a report file as an attachment under its stable name (the UI's download too). */
    public static void send(ServerResponse res, ReportService reports, ReportInfo info) {
        // one open file for size and bytes: a report renamed over meanwhile is sent whole from the old file
        try (FileChannel file = FileChannel.open(reports.files().path(info.id()), StandardOpenOption.READ)) {
            res.header(HeaderNames.CONTENT_TYPE, XLSX);
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + info.name() + "\"");
            res.header(HeaderNames.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    info.generatedAt().atZone(ZoneOffset.UTC)));
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(file.size()));
            try (InputStream in = Channels.newInputStream(file); OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        } catch (NoSuchFileException e) {
            Problem.of(Status.NOT_FOUND_404, "report " + info.name() + " was removed meanwhile").send(res);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + info.name(), e);
        }
    }

    private ReportView view(ReportInfo r) {
        TimeWindow w = r.id().window(calendar);
        String period = switch (r.id()) {
            case ReportId.Hourly h -> QueryParams.iso(h.snapshotTime());
            case ReportId.Daily d -> d.day().toString();
            case ReportId.Monthly m -> m.month().toString();
        };
        return new ReportView(r.name(), r.id().kind().wire(), period, QueryParams.iso(w.start()),
                QueryParams.iso(w.end()), r.sizeBytes(), r.generatedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
                PREFIX + "/" + r.name());
    }

    /**
     * One report as the listing shows it.
     *
     * @param period      the snapshot time (hourly), the day or the month
     * @param periodStart start of the period, ISO-8601 UTC
     * @param periodEnd   end of the period (exclusive), ISO-8601 UTC; one second after the snapshot for hourly
     * @param generatedAt when the file was written, ISO-8601 UTC
     * @param href        where to download it
     */
    public record ReportView(String name, String type, String period, String periodStart, String periodEnd,
                             long sizeBytes, String generatedAt, String href) {
    }
}
