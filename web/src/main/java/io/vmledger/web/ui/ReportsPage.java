package io.vmledger.web.ui;

import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.reports.ReportException;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportInfo;
import io.vmledger.reports.ReportKind;
import io.vmledger.reports.ReportService;
import io.vmledger.web.api.ReportsApi;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /reports} (the stored XLSX reports, newest period first, by type) and {@code /reports/{name}}
 * (one report's file, under its stable name). The download is the page's own, not the API's, so that a
 * signed-in browser needs no bearer token; a daily or monthly report that is missing or older than its
 * data is made first, as the summary endpoints' {@code ?format=xlsx} does.
 */
final class ReportsPage {
    static final String PATH = "/reports";
    static final int PAGE_SIZE = 50;

    private final ReportService reports;
    private final ReportCalendar calendar;
    private final Format format;

    ReportsPage(ReportService reports, ReportCalendar calendar, Format format) {
        this.reports = reports;
        this.calendar = calendar;
        this.format = format;
    }

    /** The UI's download address of a report. */
    static String href(ReportId id) {
        return PATH + "/" + id.fileName();
    }

    void list(PageRequest page) {
        UiParams q = page.params();
        ReportKind type = q.choice("type", ReportKind::fromWire).orElse(null);
        List<ReportInfo> all = ReportsApi.listed(reports, type, TimeWindow.all(), calendar);
        Links links = Links.to(PATH).with("type", type == null ? null : type.wire());
        Paging paging = Paging.of(q.page(), PAGE_SIZE, all.size(), links, "Pages of reports");
        int offset = (int) paging.offset(PAGE_SIZE);
        List<Map<String, Object>> rows = all.subList(Math.min(offset, all.size()), Math.min(offset + PAGE_SIZE, all.size()))
                .stream().map(this::row).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Reports");
        model.put("lede", "The XLSX report of every hourly snapshot, day and month, under its stable name.");
        model.put("type", type == null ? null : type.wire());
        model.put("types", List.of("hourly", "daily", "monthly"));
        model.put("reports", rows);
        model.put("paging", paging);
        page.render("reports", model);
    }

    private Map<String, Object> row(ReportInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("href", href(r.id()));
        m.put("type", r.id().kind().wire());
        m.put("period", switch (r.id()) {
            case ReportId.Hourly h -> format.time(h.snapshotTime());
            case ReportId.Daily d -> d.day().toString();
            case ReportId.Monthly mo -> mo.month().toString();
        });
        m.put("size", String.format(Locale.ROOT, "%,.1f KB", r.sizeBytes() / 1024.0));
        m.put("generated", r.generatedAt().getEpochSecond());
        return m;
    }

    void download(PageRequest page) {
        String name = page.pathParam("name");
        ReportId id = ReportId.parse(name).orElseThrow(() -> UiException.notFound("'" + UiParams.abbreviate(name)
                + "' is not a report name. The reports page lists them."));
        Optional<ReportInfo> stored = reports.files().info(id);
        ReportInfo info;
        if (id instanceof ReportId.Hourly) {
            info = stored.orElseThrow(() -> UiException.notFound("There is no report " + id.fileName() + "."));
        } else {
            try {
                info = reports.current(id);
            } catch (ReportException e) {
                throw UiException.notFound("There is no report " + id.fileName() + ": " + e.getMessage());
            }
        }
        ReportsApi.send(page.res(), reports, info);
    }
}
