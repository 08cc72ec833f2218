package io.vmledger.web.ui;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.AuthSettings;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.web.query.VcenterService;
import io.vmledger.web.query.VcenterService.TotalsPoint;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /}: a card per vCenter (latest totals, last capture, a warning when it is late or failed), the
 * fleet's 30-day charts, recent job runs with failures marked, and the auth callout.
 */
final class DashboardPage {
    static final int CHART_DAYS = 30;
    static final int RECENT_JOBS = 8;

    private final VcenterService vcenters;
    private final JobRunStore jobs;
    private final CaptureSchedule schedule;
    private final AuthSettings auth;
    private final Format format;
    private final Clock clock;

    DashboardPage(VcenterService vcenters, JobRunStore jobs, CaptureSchedule schedule, AuthSettings auth,
                  Format format, Clock clock) {
        this.vcenters = vcenters;
        this.jobs = jobs;
        this.schedule = schedule;
        this.auth = auth;
        this.format = format;
        this.clock = clock;
    }

    void show(PageRequest page) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Dashboard");
        model.put("lede", "Every VM of every vCenter, every hour: the latest totals, the last captures and the trend.");
        List<Map<String, Object>> cards = new ArrayList<>();
        for (VcenterService.Overview o : vcenters.overview()) {
            cards.add(card(o));
        }
        model.put("vcenters", cards);
        model.put("charts", fleetCharts());
        List<JobRun> recent = jobs.recent(null, RECENT_JOBS, 0).items();
        model.put("jobs", recent);
        model.put("failedJobs", recent.stream().filter(j -> j.status() == JobStatus.FAILED).count());
        model.put("apiAuth", auth.enabled());
        page.render("dashboard", model);
    }

    private Map<String, Object> card(VcenterService.Overview o) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", o.vcenter());
        c.put("configured", o.configured());
        c.put("latest", o.latest());
        JobRun capture = o.lastCapture();
        c.put("capture", capture);
        String warning = null;
        if (capture == null) {
            warning = "No capture recorded yet.";
        } else if (capture.status() == JobStatus.FAILED) {
            warning = "The last capture failed" + (capture.detail() == null ? "." : ": " + firstLine(capture.detail()));
        } else if (schedule.late(capture.startedAt(), clock.instant())) {
            warning = "The last capture is older than two capture intervals ("
                    + Format.duration(schedule.interval(clock.instant()).multipliedBy(2).toMillis()) + ").";
        }
        c.put("warning", warning);
        return c;
    }

    private static String firstLine(String detail) {
        int semi = detail.indexOf(';');
        String head = semi < 0 ? detail : detail.substring(0, semi);
        return head.length() > 160 ? head.substring(0, 160) + "..." : head;
    }

    /** VMs, vCPUs and RAM of all vCenters together, one point a day, over the 30 days up to the newest capture. */
    private List<Map<String, Object>> fleetCharts() {
        Long newest = vcenters.newestSnapshot();
        List<TotalsPoint> days = List.of();
        String period = "no captures yet";
        if (newest != null) {
            long end = format.startOfNextDay(newest);
            long start = end - Duration.ofDays(CHART_DAYS).toSeconds();
            days = vcenters.fleetDaily(new TimeWindow(start, end));
            period = days.isEmpty() ? "no aggregated day in the 30 days to " + format.day(end - 1)
                    : "daily means, " + format.day(days.get(0).time()) + " to " + format.day(days.get(days.size() - 1).time());
        }
        List<Long> x = days.stream().map(TotalsPoint::time).toList();
        List<Map<String, Object>> charts = new ArrayList<>();
        charts.add(chart(new Chart("fleet-vms", "VMs", period, "", 0, format.zone().getId(), "day", x,
                List.of(Chart.Series.of("VMs", days, TotalsPoint::vms)), List.of()), days));
        charts.add(chart(new Chart("fleet-vcpu", "vCPUs", period, "", 0, format.zone().getId(), "day", x,
                List.of(Chart.Series.of("vCPUs", days, TotalsPoint::vcpu)), List.of()), days));
        charts.add(chart(new Chart("fleet-ram", "RAM", period, "GB", 0, format.zone().getId(), "day", x,
                List.of(Chart.Series.of("RAM", days, TotalsPoint::ramGb)), List.of()), days));
        return charts;
    }

    private static Map<String, Object> chart(Chart c, List<TotalsPoint> points) {
        Map<String, Object> m = VcentersPages.chart(c);
        m.put("points", points);
        return m;
    }
}
