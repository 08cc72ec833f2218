package io.vmledger.web.ui;

import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.web.query.VcenterService;
import io.vmledger.web.query.VcenterService.TotalsPoint;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /vcenters} (every vCenter with its latest totals and last capture) and {@code /vcenters/{name}}
 * (its totals series at hourly, daily or monthly granularity over a chosen range, as charts and a table).
 */
final class VcentersPages {
    static final int TABLE_PAGE_SIZE = 100;

    private final VcenterService vcenters;
    private final ReportCalendar calendar;
    private final Format format;

    VcentersPages(VcenterService vcenters, ReportCalendar calendar, Format format) {
        this.vcenters = vcenters;
        this.calendar = calendar;
        this.format = format;
    }

    void list(PageRequest page) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "vCenters");
        model.put("lede", "Latest totals and last capture of each vCenter; open one for its history.");
        model.put("vcenters", vcenters.overview());
        page.render("vcenters", model);
    }

    void one(PageRequest page) {
        String name = page.pathParam("name");
        if (name == null || !vcenters.isKnown(name)) {
            throw UiException.notFound("There is no vCenter named '" + UiParams.abbreviate(name)
                    + "'. The vCenters page lists them.");
        }
        UiParams q = page.params();
        Granularity granularity = q.choice("granularity", Granularity::fromWire).orElse(Granularity.DAILY);
        VcenterTotals latest = vcenters.overview(List.of(name)).get(0).latest();
        LocalDate lastDay = latest == null ? LocalDate.now(calendar.zone()) : calendar.dateOf(latest.snapshotTime());
        LocalDate to = q.date("to").orElse(lastDay);
        LocalDate from = q.date("from").orElse(switch (granularity) {
            case HOURLY -> to.minusDays(6);
            case DAILY -> to.minusDays(29);
            case MONTHLY -> to.withDayOfMonth(1).minusMonths(11);
        });
        if (from.isAfter(to)) {
            throw UiException.badRequest("The range starts (" + from + ") after it ends (" + to + ").");
        }
        TimeWindow window = new TimeWindow(calendar.startOf(from), calendar.startOf(to.plusDays(1)));
        List<TotalsPoint> points = vcenters.series(name, granularity, window);
        String period = period(granularity, points, from, to);
        String zone = format.zone().getId();
        String xKind = switch (granularity) {
            case HOURLY -> "time";
            case DAILY -> "day";
            case MONTHLY -> "month";
        };
        List<Long> x = points.stream().map(TotalsPoint::time).toList();
        List<Map<String, Object>> charts = List.of(
                chart(new Chart("vc-vms", "VMs", period, "", 0, zone, xKind, x,
                        List.of(Chart.Series.of("VMs", points, TotalsPoint::vms),
                                Chart.Series.of("Powered on", points, TotalsPoint::poweredOn)), List.of())),
                chart(new Chart("vc-vcpu", "vCPUs", period, "", 0, zone, xKind, x,
                        List.of(Chart.Series.of("vCPUs", points, TotalsPoint::vcpu)), List.of())),
                chart(new Chart("vc-ram", "RAM", period, "GB", 0, zone, xKind, x,
                        List.of(Chart.Series.of("RAM", points, TotalsPoint::ramGb)), List.of())),
                chart(new Chart("vc-disk", "Disk", period, "GB", 0, zone, xKind, x,
                        List.of(Chart.Series.of("Disk", points, TotalsPoint::diskGb)), List.of())));

        Links links = Links.to("/vcenters/" + Links.segment(name))
                .with("granularity", granularity == Granularity.DAILY ? null : granularity.wire())
                .with("from", q.date("from").map(LocalDate::toString).orElse(null))
                .with("to", q.date("to").map(LocalDate::toString).orElse(null));
        Paging paging = Paging.of(q.page(), TABLE_PAGE_SIZE, points.size(), links, "Pages of the totals table");
        int offset = (int) paging.offset(TABLE_PAGE_SIZE);
        List<TotalsPoint> shown = points.subList(Math.min(offset, points.size()),
                Math.min(offset + TABLE_PAGE_SIZE, points.size()));

        Map<String, Object> model = new HashMap<>();
        model.put("title", name);
        model.put("crumbs", List.of(Map.of("label", "vCenters", "href", "/vcenters")));
        model.put("lede", "Totals of the VMs of this vCenter, templates excluded.");
        model.put("name", name);
        model.put("granularity", granularity.wire());
        model.put("from", from.toString());
        model.put("to", to.toString());
        model.put("charts", charts);
        model.put("points", shown);
        model.put("paging", paging);
        page.render("vcenter", model);
    }

    /**
     * The period the charts show: the one their points cover (as the dashboard's), which is less than the
     * range asked for when the vCenter was not captured over all of it; the range itself when there is no point.
     */
    private String period(Granularity granularity, List<TotalsPoint> points, LocalDate from, LocalDate to) {
        String kind = switch (granularity) {
            case HOURLY -> "hourly snapshots";
            case DAILY -> "daily means";
            case MONTHLY -> "monthly means";
        };
        if (points.isEmpty()) {
            return kind + ", " + from + " to " + to;
        }
        long first = points.get(0).time();
        long last = points.get(points.size() - 1).time();
        return kind + ", " + switch (granularity) {
            case HOURLY -> range(format.time(first), format.time(last));
            case DAILY -> range(format.day(first), format.day(last));
            case MONTHLY -> range(calendar.monthOf(first).toString(), calendar.monthOf(last).toString());
        };
    }

    private static String range(String first, String last) {
        return first.equals(last) ? first : first + " to " + last;
    }

    static Map<String, Object> chart(Chart c) {
        Map<String, Object> m = new HashMap<>();
        m.put("chart", c);
        m.put("json", c.json());
        m.put("summary", c.summary());
        return m;
    }
}
