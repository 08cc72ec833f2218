package io.vmledger.web.ui;

import io.helidon.http.HeaderNames;
import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.SummaryTotals;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.reports.ReportId;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.SummarySort;
import io.vmledger.web.api.SummaryColumns;
import io.vmledger.web.query.SummaryService;
import io.vmledger.web.query.VcenterService;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /snapshots} (the hourly, daily and monthly lists with counts per vCenter) and the summary
 * pages {@code /snapshots/daily/{date}} and {@code /snapshots/monthly/{month}}: filters, server-side
 * sort and paging, the chargeable amounts with their totals over every filtered row, CSV download, and
 * the neighbouring periods.
 */
final class SnapshotsPages {
    static final int LIST_PAGE_SIZE = 50;
    static final int SUMMARY_PAGE_SIZE = 100;

    /**
     * A column of the summary table, each sortable on the server ({@link SummarySort}).
     *
     * @param numeric right-aligned, and sorted largest first on the first click
     * @param hint    a longer description for assistive technology, or null
     */
    record Column(SummarySort sort, String label, boolean numeric, String hint) {
        String key() {
            return sort.column();
        }
    }

    static final List<Column> COLUMNS = List.of(
            new Column(SummarySort.NAME, "Name", false, null),
            new Column(SummarySort.VCENTER, "vCenter", false, null),
            new Column(SummarySort.RESOURCE_POOL, "Pool", false, null),
            new Column(SummarySort.AVG_IS_PRESENT, "Present", true, "share of the snapshots the VM was in"),
            new Column(SummarySort.AVG_VCPU_COUNT, "vCPUs", true, "average vCPUs"),
            new Column(SummarySort.AVG_RAM_GB, "RAM GB", true, "average RAM in GB"),
            new Column(SummarySort.AVG_PROVISIONED_DISK, "Disk GB", true, "average provisioned disk in GB"),
            new Column(SummarySort.VCPU_DAYS, "vCPU-days", true, null),
            new Column(SummarySort.RAM_GB_DAYS, "RAM GB-days", true, null),
            new Column(SummarySort.DISK_GB_DAYS, "Disk GB-days", true, null),
            new Column(SummarySort.CREATION_TIME, "Created", false, null),
            new Column(SummarySort.DELETION_TIME, "Deleted", false, null));

    private final SnapshotRegistry registry;
    private final SummaryService summaries;
    private final VcenterService vcenters;
    private final Format format;

    SnapshotsPages(SnapshotRegistry registry, SummaryService summaries, VcenterService vcenters, Format format) {
        this.registry = registry;
        this.summaries = summaries;
        this.vcenters = vcenters;
        this.format = format;
    }

    /** {@code /snapshots?type=hourly|daily|monthly&vcenter=&page=}. */
    void list(PageRequest page) {
        UiParams q = page.params();
        Granularity type = q.choice("type", Granularity::fromWire).orElse(Granularity.DAILY);
        String vcenter = type == Granularity.HOURLY ? q.text("vcenter").orElse(null) : null;
        List<String> known = vcenters.known();

        Map<String, Object> model = new HashMap<>();
        model.put("title", "Snapshots");
        model.put("lede", "Every registered hourly snapshot and every aggregated day and month.");
        List<Map<String, Object>> perVcenter = new ArrayList<>();
        for (String v : known) {
            Page<SnapshotRecord> newest = registry.list(new SnapshotQuery(Granularity.HOURLY, v, TimeWindow.all(), 1, 0));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", v);
            row.put("hourly", newest.total());
            row.put("newest", newest.items().isEmpty() ? null : newest.items().get(0).snapshotTime());
            row.put("link", Links.to("/snapshots").with("type", "hourly").with("vcenter", v).toString());
            perVcenter.add(row);
        }
        model.put("perVcenter", perVcenter);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Granularity g : Granularity.values()) {
            counts.put(g.wire(), registry.list(new SnapshotQuery(g, g == Granularity.HOURLY ? null
                    : SnapshotRecord.ALL_VCENTERS, TimeWindow.all(), 1, 0)).total());
        }
        model.put("counts", counts);
        model.put("type", type.wire());
        model.put("vcenter", vcenter);
        model.put("vcenters", known);

        Links links = Links.to("/snapshots").with("type", type.wire()).with("vcenter", vcenter);
        int requested = q.page();
        SnapshotQuery query = new SnapshotQuery(type, type == Granularity.HOURLY ? vcenter : SnapshotRecord.ALL_VCENTERS,
                TimeWindow.all(), LIST_PAGE_SIZE, (long) (requested - 1) * LIST_PAGE_SIZE);
        Page<SnapshotRecord> records = registry.list(query);
        Paging paging = Paging.of(requested, LIST_PAGE_SIZE, records.total(), links, "Pages of snapshots");
        if (paging.page() != requested) {
            records = registry.list(new SnapshotQuery(query.type(), query.vcenter(), query.window(), LIST_PAGE_SIZE,
                    paging.offset(LIST_PAGE_SIZE)));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SnapshotRecord r : records.items()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", r.snapshotTime());
            row.put("vcenter", r.vcenter());
            row.put("rows", r.rowCount());
            row.put("table", r.tableName());
            row.put("period", switch (r.type()) {
                case HOURLY -> format.time(r.snapshotTime());
                case DAILY -> format.day(r.snapshotTime());
                case MONTHLY -> summaries.calendar().monthOf(r.snapshotTime()).toString();
            });
            row.put("link", switch (r.type()) {
                case HOURLY -> null;
                case DAILY -> "/snapshots/daily/" + format.day(r.snapshotTime());
                case MONTHLY -> "/snapshots/monthly/" + summaries.calendar().monthOf(r.snapshotTime());
            });
            rows.add(row);
        }
        model.put("records", rows);
        model.put("paging", paging);
        model.put("tabs", List.of(
                tab("hourly", "Hourly", counts.get("hourly"), type),
                tab("daily", "Daily", counts.get("daily"), type),
                tab("monthly", "Monthly", counts.get("monthly"), type)));
        page.render("snapshots", model);
    }

    private static Map<String, Object> tab(String key, String label, long count, Granularity current) {
        return Map.of("key", key, "label", label, "count", count, "current", current.wire().equals(key),
                "href", "/snapshots?type=" + key);
    }

    /** {@code /snapshots/daily/{date}}. */
    void daily(PageRequest page) {
        LocalDate day = UiParams.day(page.pathParam("date"));
        Filter f = Filter.of(page.params(), SUMMARY_PAGE_SIZE);
        Optional<SummaryService.Rows> rows = summaries.daily(day, f.query());
        if (rows.isEmpty()) {
            notAggregated(page, "day " + day, "daily", day.toString(), summaries.neighbours(day).previous().map(LocalDate::toString),
                    "/snapshots/daily/");
            return;
        }
        SummaryService.Neighbours<LocalDate> n = summaries.neighbours(day);
        summaryPage(page, f, rows.get(), "/snapshots/daily/" + day, ReportsPage.href(ReportId.daily(day)),
                new Period("Daily summary " + day, "daily", day.toString(), "day",
                        n.previous().map(LocalDate::toString).orElse(null), n.next().map(LocalDate::toString).orElse(null)),
                offset -> summaries.daily(day, f.at(offset)).orElseThrow(),
                () -> summaries.dailyTotals(day, f.query()));
    }

    /** {@code /snapshots/monthly/{month}}. */
    void monthly(PageRequest page) {
        YearMonth month = UiParams.month(page.pathParam("month"));
        Filter f = Filter.of(page.params(), SUMMARY_PAGE_SIZE);
        Optional<SummaryService.Rows> rows = summaries.monthly(month, f.query());
        if (rows.isEmpty()) {
            notAggregated(page, "month " + month, "monthly", month.toString(),
                    summaries.neighbours(month).previous().map(YearMonth::toString), "/snapshots/monthly/");
            return;
        }
        SummaryService.Neighbours<YearMonth> n = summaries.neighbours(month);
        summaryPage(page, f, rows.get(), "/snapshots/monthly/" + month, ReportsPage.href(ReportId.monthly(month)),
                new Period("Monthly summary " + month, "monthly", month.toString(), "month",
                        n.previous().map(YearMonth::toString).orElse(null), n.next().map(YearMonth::toString).orElse(null)),
                offset -> summaries.monthly(month, f.at(offset)).orElseThrow(),
                () -> summaries.monthlyTotals(month, rows.get().basis(), f.query()));
    }

    /** A daily or monthly period as its page names it. */
    private record Period(String title, String kind, String value, String unit, String previous, String next) {
    }

    private interface Rows {
        SummaryService.Rows at(long offset);
    }

    private interface Totals {
        SummaryTotals get();
    }

    private void summaryPage(PageRequest page, Filter f, SummaryService.Rows first, String path, String xlsx,
                             Period period, Rows rows, Totals totals) {
        SummaryService.Rows shown = first;
        Links links = f.links(path);
        Paging paging = Paging.of(f.page(), SUMMARY_PAGE_SIZE, shown.page().total(), links, "Pages of summary rows");
        if (paging.offset(SUMMARY_PAGE_SIZE) != shown.page().offset()) {
            shown = rows.at(paging.offset(SUMMARY_PAGE_SIZE));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", period.title());
        model.put("crumbs", List.of(Map.of("label", "Snapshots", "href", "/snapshots?type=" + period.kind())));
        model.put("lede", null);
        model.put("period", period);
        model.put("rows", shown.page().items());
        model.put("basis", shown.basis());
        model.put("paging", paging);
        model.put("totals", totals.get());
        model.put("filter", f);
        model.put("filtered", f.vcenter() != null || f.pool() != null || f.namePrefix() != null);
        model.put("vcenters", vcenters.known());
        model.put("columns", headers(f, links));
        model.put("csv", f.links(path + "/export.csv").withParam("page", null));
        model.put("xlsx", xlsx);
        model.put("reset", Links.to(path).toString());
        model.put("previous", period.previous() == null ? null : "/snapshots/" + period.kind() + "/" + period.previous());
        model.put("next", period.next() == null ? null : "/snapshots/" + period.kind() + "/" + period.next());
        page.render("summary", model);
    }

    /** The sortable headers: each links to its column ascending, or descending when it is the current ascending sort. */
    private static List<Map<String, Object>> headers(Filter f, Links links) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Column c : COLUMNS) {
            boolean current = c.sort() == f.sort();
            boolean nextDescending = current ? !f.descending() : c.numeric();
            Map<String, Object> h = new HashMap<>();
            // "RAM GB-days": the measure and its unit, each kept whole, so a narrow table wraps the header
            // between them instead of scrolling sideways (a hyphen never breaks: "vCPU-days" stays whole)
            int space = c.label().indexOf(' ');
            h.put("label", space < 0 ? c.label() : c.label().substring(0, space));
            h.put("unit", space < 0 ? null : c.label().substring(space + 1));
            h.put("hint", c.hint());
            h.put("numeric", c.numeric());
            h.put("sort", current ? (f.descending() ? "descending" : "ascending") : "none");
            h.put("href", links.copy().with("page", null).with("sort", c.key())
                    .with("order", nextDescending ? "desc" : "asc").toString());
            out.add(h);
        }
        return out;
    }

    private void notAggregated(PageRequest page, String what, String kind, String value, Optional<String> previous,
                               String base) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Not aggregated yet");
        model.put("crumbs", List.of(Map.of("label", "Snapshots", "href", "/snapshots?type=" + kind)));
        model.put("what", what);
        model.put("kind", kind);
        model.put("value", value);
        model.put("previous", previous.map(p -> base + p).orElse(null));
        page.render(io.helidon.http.Status.NOT_FOUND_404, "not-aggregated", model);
    }

    /** {@code /snapshots/daily/{date}/export.csv}: every filtered row, as the API's CSV. */
    void dailyCsv(PageRequest page) {
        LocalDate day = UiParams.day(page.pathParam("date"));
        Filter f = Filter.of(page.params(), SUMMARY_PAGE_SIZE);
        SummaryService.Rows all = summaries.daily(day, f.query().unpaged())
                .orElseThrow(() -> UiException.notFound("Day " + day + " has not been aggregated."));
        csv(page, SummaryColumns.daily().csv(all.page().items(), all.basis()), summaries.dailyName(day),
                all.page().total());
    }

    /** {@code /snapshots/monthly/{month}/export.csv}. */
    void monthlyCsv(PageRequest page) {
        YearMonth month = UiParams.month(page.pathParam("month"));
        Filter f = Filter.of(page.params(), SUMMARY_PAGE_SIZE);
        SummaryService.Rows all = summaries.monthly(month, f.query().unpaged())
                .orElseThrow(() -> UiException.notFound("Month " + month + " has not been aggregated."));
        csv(page, SummaryColumns.monthly().csv(all.page().items(), all.basis()), summaries.monthlyName(month),
                all.page().total());
    }

    private static void csv(PageRequest page, String body, String name, long rows) {
        page.res().header(HeaderNames.CONTENT_TYPE, "text/csv; charset=UTF-8");
        page.res().header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"");
        page.res().header(HeaderNames.CACHE_CONTROL, "no-store");
        page.res().header("X-Total-Count", Long.toString(rows));
        page.res().send(body);
    }

    /**
     * The filter, order and page of a summary page, as its form and links carry them.
     *
     * @param page 1-based page requested
     */
    record Filter(String vcenter, String pool, String namePrefix, SummarySort sort, boolean descending, int page,
                  int size) {

        static Filter of(UiParams q, int size) {
            return new Filter(q.text("vcenter").orElse(null), q.text("pool").orElse(null),
                    q.text("name_prefix").orElse(null),
                    q.choice("sort", SummarySort::fromColumn).orElse(SummarySort.NAME),
                    q.choice("order", o -> switch (o.toLowerCase(Locale.ROOT)) {
                        case "asc" -> false;
                        case "desc" -> true;
                        default -> throw new IllegalArgumentException("must be asc or desc");
                    }).orElse(false),
                    q.page(), size);
        }

        /** The query of the requested page. */
        SummaryQuery query() {
            return at((long) (page - 1) * size);
        }

        /** The query of the page at an offset. */
        SummaryQuery at(long offset) {
            return new SummaryQuery(vcenter, pool, namePrefix, sort, descending, size, offset);
        }

        /** The sort column's name as the links carry it. */
        public String sortKey() {
            return sort.column();
        }

        Links links(String path) {
            return Links.to(path).with("vcenter", vcenter).with("pool", pool).with("name_prefix", namePrefix)
                    .with("sort", sort == SummarySort.NAME ? null : sort.column())
                    .with("order", descending ? "desc" : null)
                    .with("page", page > 1 ? page : null);
        }
    }
}
