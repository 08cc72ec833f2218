package io.vmledger.web.ui;

import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.SummarySort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each page shows, read in the browser and compared with the store. */
class PageContentBrowserTest {
    private final UiFixture f = UiFixture.get();
    private final Browser b = Browser.get();

    @BeforeEach
    void desktop() {
        b.width(1280);
    }

    private void open(String path) {
        b.open(f.publicUrl() + path);
    }

    private List<String> column(String tableCss, int index) {
        return b.all(tableCss + " tbody tr").stream()
                .map(r -> r.findElements(By.cssSelector("th, td")).get(index).getText().trim()).toList();
    }

    private static String n(double v, int decimals) {
        return Format.number(v, decimals);
    }

    @Test
    void dashboardShowsEachVcenterTheFailedCaptureAndTheCharts() {
        open("/");
        List<VcenterTotals> latest = f.storage.totals().latest();
        assertEquals(2, latest.size());
        for (VcenterTotals t : latest) {
            WebElement card = b.driver.findElement(By.xpath("//li[contains(@class,'vcenter-card')][.//a[text()='"
                    + t.vcenter() + "']]"));
            String text = card.getText();
            assertTrue(text.contains("VMs\n" + n(t.vmCount(), 0)), text);
            assertTrue(text.contains("vCPUs\n" + n(t.vcpuTotal(), 0)), text);
            assertTrue(text.contains("Snapshot of " + new Format(ZoneOffset.UTC).time(t.snapshotTime())), text);
        }
        String vc2 = b.driver.findElement(By.xpath("//li[contains(@class,'vcenter-card')][.//a[text()='"
                + UiFixture.VC2 + "']]")).getText();
        assertTrue(vc2.contains("The last capture failed: failed in fetch: connection refused"), vc2);

        WebElement failed = b.find("tr.row--failed");
        assertEquals("/jobs/" + f.failedJobId, failed.findElement(By.cssSelector("a")).getDomAttribute("href"));
        assertTrue(b.find("aside.callout").getText().contains("These pages are public."));
        assertEquals(3, b.all(".chart canvas").size(), "the three fleet charts are drawn");
        // the charts' table: one row per aggregated day, VMs = sum of the vCenters' daily means
        b.find("details.disclosure summary").click();
        List<String> days = column("details.disclosure table", 0);
        assertEquals(List.of(UiFixture.DAY1.toString(), UiFixture.DAY2.toString(), UiFixture.DAY3.toString()), days);
        double vms = 0;
        for (String vc : List.of(UiFixture.VC1, UiFixture.VC2)) {
            vms += f.storage.totals().aggregates(vc, Granularity.DAILY, TimeWindow.all()).get(1).avgVmCount();
        }
        assertEquals(n(vms, 0), column("details.disclosure table", 1).get(1));
    }

    @Test
    void aCaptureOlderThanTwoIntervalsIsWarnedAbout() {
        open("/");
        By card = By.xpath("//li[contains(@class,'vcenter-card')][.//a[text()='" + UiFixture.VC1 + "']]");
        assertEquals(0, b.driver.findElement(card).findElements(By.cssSelector("p.warning")).size(),
                "its capture ran minutes ago");
        f.clock.advance(java.time.Duration.ofHours(3));
        open("/");
        String vc1 = b.driver.findElement(card).getText();
        assertTrue(vc1.contains("The last capture is older than two capture intervals (2 h 0 min)."), vc1);
    }

    @Test
    void snapshotsListCountsPerVcenterAndPages() {
        open("/snapshots");
        long hourly = f.storage.registry().list(new SnapshotQuery(Granularity.HOURLY, UiFixture.VC1, TimeWindow.all(), 1, 0)).total();
        assertEquals(51, hourly);
        assertTrue(b.find("ul.cards").getText().contains("51 hourly snapshots"), b.find("ul.cards").getText());
        assertEquals(List.of(UiFixture.DAY3.toString(), UiFixture.DAY2.toString(), UiFixture.DAY1.toString()),
                column("table.data", 0), "daily summaries, newest first");

        open("/snapshots?type=hourly");
        assertEquals("Rows 1 to 50 of 102, newest first.", b.find("p.meta[role=status]").getText());
        b.find("a[rel=next]").click();
        b.settle();
        assertEquals("Rows 51 to 100 of 102, newest first.", b.find("p.meta[role=status]").getText());
        b.find("a[rel=next]").click();
        b.settle();
        assertEquals("Rows 101 to 102 of 102, newest first.", b.find("p.meta[role=status]").getText());
        SnapshotRecord oldest = f.storage.registry().list(new SnapshotQuery(Granularity.HOURLY, null, TimeWindow.all(), 1, 101))
                .items().get(0);
        assertEquals(oldest.vcenter(), column("table.data", 1).get(1));
    }

    /** Sums of {@code Avg* x AvgIsPresent x days}, computed here from the rows, independently of the application. */
    private static double[] expectedAmounts(List<VmSummary> rows, java.util.function.ToIntFunction<String> days) {
        double[] sum = new double[3];
        for (VmSummary r : rows) {
            int d = days.applyAsInt(r.vcenter());
            sum[0] += r.avgVcpuCount() * r.avgIsPresent() * d;
            sum[1] += r.avgRamGb() * r.avgIsPresent() * d;
            sum[2] += r.avgProvisionedDisk() * r.avgIsPresent() * d;
        }
        return sum;
    }

    /** Days of the fixture's month on which a vCenter was captured: its daily aggregate totals of the month. */
    private int daysCaptured(String vcenter) {
        return f.storage.totals().aggregates(vcenter, Granularity.DAILY, f.settings.calendar().month(UiFixture.MONTH))
                .size();
    }

    @Test
    void dailySummaryShowsRowsChargeableTotalsSortAndFilter() {
        long day = f.settings.calendar().startOf(UiFixture.DAY2);
        open("/snapshots/daily/" + UiFixture.DAY2);
        List<VmSummary> byName = f.storage.rollups().daily(day, SummaryQuery.all()).items();
        assertEquals("Rows 1 to " + byName.size() + " of " + byName.size() + ".", b.find("#rows-heading + p").getText());
        assertEquals(byName.stream().map(VmSummary::name).toList(), column("table.data", 0));
        double[] totals = expectedAmounts(byName, v -> 1);
        String totalsText = b.find("dl.totals").getText();
        assertTrue(totalsText.contains("vCPU-days\n" + n(totals[0], 2)), totalsText);
        assertTrue(totalsText.contains("RAM GB-days\n" + n(totals[1], 2)), totalsText);
        assertTrue(totalsText.contains("Disk GB-days\n" + n(totals[2], 1)), totalsText);
        VmSummary first = byName.get(0);
        List<String> cells = b.all("table.data tbody tr").get(0).findElements(By.cssSelector("th, td")).stream()
                .map(WebElement::getText).toList();
        assertEquals(Format.percent(first.avgIsPresent()).replace('\u00a0', ' '), cells.get(3).replace('\u00a0', ' '));
        assertEquals(n(first.avgVcpuCount() * first.avgIsPresent(), 2), cells.get(7));
        assertEquals(n(first.avgRamGb() * first.avgIsPresent(), 2), cells.get(8));
        assertEquals(n(totals[0], 2), b.all("table.data tfoot td").get(0).getText());
        assertEquals("ascending", b.find("th[aria-sort=ascending] a").getText().startsWith("Name") ? "ascending" : "");

        // sort by vCPUs: one click sorts descending (numbers start with the largest), a second ascending
        b.driver.findElement(By.xpath("//th/a[starts-with(normalize-space(.), 'vCPUs')]")).click();
        b.settle();
        List<VmSummary> byVcpu = f.storage.rollups().daily(day, new SummaryQuery(null, null, null,
                SummarySort.AVG_VCPU_COUNT, true, 1000, 0)).items();
        assertEquals(byVcpu.stream().map(VmSummary::name).toList(), column("table.data", 0));
        assertEquals("descending", b.driver.findElement(By.xpath("//th[a[starts-with(normalize-space(.), 'vCPUs')]]"))
                .getDomAttribute("aria-sort"));

        // filter on a vCenter: only its rows, totals of the filtered rows
        open("/snapshots/daily/" + UiFixture.DAY2 + "?vcenter=" + UiFixture.VC2);
        long vc2 = byName.stream().filter(r -> r.vcenter().equals(UiFixture.VC2)).count();
        assertEquals(List.of(UiFixture.VC2), column("table.data", 1).stream().distinct().toList());
        assertEquals(vc2, column("table.data", 1).size());
        assertTrue(b.find("dl.totals").getText().contains("VMs\n" + n(vc2, 0)));
        assertEquals("/snapshots/daily/" + UiFixture.DAY1, b.find("a[rel=prev]").getDomAttribute("href"));
        assertEquals("/snapshots/daily/" + UiFixture.DAY3, b.find("a[rel=next]").getDomAttribute("href"));
        assertTrue(b.find("a[download]").getDomAttribute("href").contains("vcenter=" + UiFixture.VC2));
    }

    @Test
    void chargeableColumnsSortOnTheServerByTheAmountsShown() {
        for (String kind : List.of("daily/" + UiFixture.DAY2, "monthly/" + UiFixture.MONTH)) {
            open("/snapshots/" + kind);
            b.driver.findElement(By.xpath("//th/a[starts-with(normalize-space(.), 'vCPU-days')]")).click();
            b.settle();
            assertTrue(b.driver.getCurrentUrl().contains("sort=VcpuDays&order=desc"), b.driver.getCurrentUrl());
            assertEquals("descending", b.driver.findElement(
                    By.xpath("//th[a[starts-with(normalize-space(.), 'vCPU-days')]]")).getDomAttribute("aria-sort"));
            List<Double> shown = column("table.data", 7).stream().map(t -> Double.parseDouble(t.replace(",", ""))).toList();
            assertTrue(shown.size() > 10, kind);
            for (int i = 1; i < shown.size(); i++) {
                assertTrue(shown.get(i - 1) >= shown.get(i), kind + ": vCPU-days descending at row " + i + ": " + shown);
            }
            assertTrue(shown.get(0) > shown.get(shown.size() - 1), kind + ": the amounts differ: " + shown);
            // the second click sorts ascending; the disk column sorts too
            b.driver.findElement(By.xpath("//th/a[starts-with(normalize-space(.), 'vCPU-days')]")).click();
            b.settle();
            assertEquals("ascending", b.driver.findElement(
                    By.xpath("//th[a[starts-with(normalize-space(.), 'vCPU-days')]]")).getDomAttribute("aria-sort"));
            List<Double> ascending = column("table.data", 7).stream().map(t -> Double.parseDouble(t.replace(",", ""))).toList();
            assertEquals(shown.get(shown.size() - 1), ascending.get(0), kind);
            b.driver.findElement(By.xpath("//th/a[starts-with(normalize-space(.), 'Disk GB-days')]")).click();
            b.settle();
            List<Double> disk = column("table.data", 9).stream().map(t -> Double.parseDouble(t.replace(",", ""))).toList();
            for (int i = 1; i < disk.size(); i++) {
                assertTrue(disk.get(i - 1) >= disk.get(i), kind + ": disk GB-days descending at row " + i + ": " + disk);
            }
        }
    }

    @Test
    void monthlySummaryShowsTheMonthsRowsAndTotalsInDaysOfUse() {
        open("/snapshots/monthly/" + UiFixture.MONTH);
        List<VmSummary> rows = f.storage.rollups().monthly(UiFixture.MONTH, SummaryQuery.all()).items();
        assertEquals(3, daysCaptured(UiFixture.VC1), "the fixture's three days are aggregated");
        double[] totals = expectedAmounts(rows, this::daysCaptured);
        String totalsText = b.find("dl.totals").getText();
        assertTrue(totalsText.contains("vCPU-days\n" + n(totals[0], 2)), totalsText);
        assertTrue(totalsText.contains("RAM GB-days\n" + n(totals[1], 2)), totalsText);
        assertTrue(totalsText.contains("Disk GB-days\n" + n(totals[2], 1)), totalsText);
        assertFalse(b.find("main").getText().contains("months"), "no vCPU-months left on the page");
        String explanation = b.find("dl.totals + p").getText();
        assertTrue(explanation.contains(UiFixture.VC1 + ": 3 days"), explanation);
        assertEquals(rows.size(), b.all("table.data tbody tr").size());
        VmSummary first = rows.get(0);
        List<String> cells = b.all("table.data tbody tr").get(0).findElements(By.cssSelector("th, td")).stream()
                .map(WebElement::getText).toList();
        assertEquals(n(first.avgVcpuCount() * first.avgIsPresent() * daysCaptured(first.vcenter()), 2), cells.get(7));
        assertEquals(n(totals[0], 2), b.all("table.data tfoot td").get(0).getText());
        assertEquals("No earlier month", b.find(".period-nav .btn--disabled").getText());
    }

    /**
     * At 1280 px the summary tables show every column: their narrowest layout (headers wrapped between measure
     * and unit) leaves room for a desktop browser's classic scroll bars, the page's and the table's own.
     */
    @Test
    void summaryTablesFitA1280PxWindowWithClassicScrollBars() {
        int scrollBars = 2 * 17;
        for (String path : List.of("/snapshots/daily/" + UiFixture.DAY2 + "?sort=DeletionTime",
                "/snapshots/monthly/" + UiFixture.MONTH + "?sort=DeletionTime")) {
            open(path);
            Number room = (Number) b.js("return document.querySelector('.table-wrap').clientWidth");
            Number narrowest = (Number) b.js("var t = document.querySelector('table.data'); t.style.width = 'min-content';"
                    + " var w = t.offsetWidth; t.style.width = ''; return w");
            assertTrue(narrowest.intValue() + scrollBars <= room.intValue(),
                    path + ": the table needs " + narrowest + " px of the " + room + " px there are, less " + scrollBars
                            + " px of scroll bars");
            // the header still reads as one label (a space between measure and unit)
            b.driver.findElement(By.xpath("//th/a[starts-with(normalize-space(.), 'RAM GB-days')]"));
        }
    }

    @Test
    void vcenterPagesShowLatestTotalsAndTheSeries() {
        open("/vcenters");
        for (VcenterTotals t : f.storage.totals().latest()) {
            WebElement row = b.driver.findElement(By.xpath("//tr[th/a[text()='" + t.vcenter() + "']]"));
            assertEquals(n(t.vmCount(), 0), row.findElements(By.cssSelector("td")).get(0).getText());
        }
        open("/vcenters/" + UiFixture.VC1);
        assertEquals(4, b.all(".chart canvas").size());
        assertEquals(3, b.all("table.data tbody tr").size(), "three aggregated days");
        // the default range is the 30 days up to the newest snapshot; the charts name the three days they cover
        assertEquals(UiFixture.DAY3.minusDays(29).toString(), b.find("#f-from").getDomProperty("value"));
        for (WebElement period : b.all(".chart-card__head .meta")) {
            assertEquals("daily means, " + UiFixture.DAY1 + " to " + UiFixture.DAY3, period.getText());
        }
        open("/vcenters/" + UiFixture.VC1 + "?granularity=hourly&from=" + UiFixture.DAY1.minusDays(5) + "&to="
                + UiFixture.DAY3.plusDays(3));
        List<VcenterTotals> hours = f.storage.totals().series(UiFixture.VC1, TimeWindow.all());
        assertEquals(51, hours.size());
        assertEquals(51, b.all("table.data tbody tr").size());
        assertEquals(n(hours.get(50).vcpuTotal(), 0), column("table.data", 3).get(50));
        Format fmt = new Format(ZoneOffset.UTC);
        assertEquals("hourly snapshots, " + fmt.time(hours.get(0).snapshotTime()) + " to "
                + fmt.time(hours.get(50).snapshotTime()), b.find(".chart-card__head .meta").getText());
        open("/vcenters/" + UiFixture.VC1 + "?granularity=monthly");
        assertEquals("monthly means, " + UiFixture.MONTH, b.find(".chart-card__head .meta").getText());
        open("/vcenters/" + UiFixture.VC1 + "?from=2020-01-01&to=2020-01-31");
        assertEquals("daily means, 2020-01-01 to 2020-01-31", b.find(".chart-card__head .meta").getText(),
                "without data, the range asked for");
        assertTrue(b.find(".chart-card__summary").getText().contains("no data"));
    }

    @Test
    void traceShowsLifecycleChangesAndEverySample() {
        String id = f.hostileIds.get(0);
        open("/trace?vcenter=" + UiFixture.VC1 + "&vm_id=" + id);
        LifecycleEntry vm = f.storage.lifecycle().get(UiFixture.VC1, id).orElseThrow();
        List<VmSample> samples = f.storage.hourly().trace(UiFixture.VC1, id, TimeWindow.all());
        Format fmt = new Format(ZoneOffset.UTC);
        String cards = b.find("#lifecycle-heading + ul").getText();
        assertTrue(cards.contains("First seen\n" + fmt.time(vm.firstSeen())), cards);
        assertTrue(cards.contains("Last seen\n" + fmt.time(vm.lastSeen())), cards);
        assertEquals(samples.size(), b.all("table.data tbody tr").size());
        assertEquals(3, b.all(".chart canvas").size());
        assertEquals(samples.stream().map(s -> fmt.time(s.snapshotTime())).toList(), column("table.data", 0));

        // the second hostile VM was powered off for three hours, then moved to another pool: three marked changes
        open("/trace?vcenter=" + UiFixture.VC1 + "&vm_id=" + f.hostileIds.get(1));
        List<VmSample> changing = f.storage.hourly().trace(UiFixture.VC1, f.hostileIds.get(1), TimeWindow.all());
        long start = UiFixture.DAY1.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        List<String> expected = List.of(
                fmt.time(changing.get(UiFixture.POWER_OFF_FROM).snapshotTime()) + " power poweredOn \u2192 poweredOff",
                fmt.time(changing.get(UiFixture.POWER_OFF_TO).snapshotTime()) + " power poweredOff \u2192 poweredOn",
                fmt.time(changing.get(UiFixture.CHANGED_POOL_AT).snapshotTime()) + " pool Tin \u2192 Gold");
        assertEquals(start + UiFixture.POWER_OFF_FROM * 3600L + 7, changing.get(UiFixture.POWER_OFF_FROM).snapshotTime());
        assertEquals(expected, b.all("ol.changes li").stream().map(WebElement::getText).toList());
        assertEquals(3L, ((Number) b.js("return JSON.parse(document.getElementById('vm-ram').dataset.chart).markers.length"))
                .longValue(), "each change is marked on the charts");

        // a name prefix lists the candidates
        String prefix = UiPages.prefixOfManyNames(f);
        open("/trace?q=" + Links.encode(prefix));
        List<LifecycleEntry> candidates = f.storage.lifecycle().findByNamePrefix(prefix, null, TracePage.CANDIDATES);
        assertTrue(candidates.size() > 1);
        assertEquals(candidates.stream().map(LifecycleEntry::name).toList(), column("table.data", 0));

        open("/trace?q=" + Links.encode("no-such-vm-name"));
        assertTrue(b.find("p.notice").getText().contains("no name starts with it"));
    }

    @Test
    void jobsFilterByStatusAndShowStages() {
        open("/jobs?status=failed");
        List<JobRun> failed = f.storage.jobs().recent(null, JobStatus.FAILED, 100, 0).items();
        assertEquals(failed.size(), b.all("table.data tbody tr").size());
        assertFalse(failed.isEmpty());
        assertEquals(failed.size(), b.all("table.data tbody tr.row--failed").size());

        open("/jobs/" + f.failedJobId);
        assertTrue(b.find("p.detail--failed").getText().startsWith("failed in fetch: connection refused"));

        JobRun capture = f.storage.jobs().recent("capture", JobStatus.SUCCEEDED, 1, 0).items().get(0);
        open("/jobs/" + capture.id());
        JobsPages.Detail detail = JobsPages.Detail.parse(capture.detail());
        assertFalse(detail.stages().isEmpty());
        assertEquals(detail.stages().stream().map(JobsPages.Detail.Stage::name).toList(), column("table.data", 0));
    }

    @Test
    void reportsAreListedAndDownloadedUnderTheirStableNames() throws Exception {
        open("/reports");
        List<String> names = column("table.data", 0);
        assertEquals(f.reports.size(), names.size());
        assertEquals(List.of("inventory_daily_summary_20261005.xlsx", "inventory_daily_summary_20261006.xlsx",
                "inventory_daily_summary_20261007.xlsx", "inventory_hourly_" + (UiFixture.DAY1.atStartOfDay(ZoneOffset.UTC)
                        .toEpochSecond() + 7) + ".xlsx", "inventory_monthly_summary_202610.xlsx"), names.stream().sorted().toList());
        open("/reports?type=monthly");
        assertEquals(List.of("inventory_monthly_summary_202610.xlsx"), column("table.data", 0));

        UiFixture.Http http = UiFixture.http();
        java.net.http.HttpResponse<byte[]> xlsx = http.client().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(f.publicUrl() + "/reports/inventory_daily_summary_20261006.xlsx")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, xlsx.statusCode());
        assertEquals("attachment; filename=\"inventory_daily_summary_20261006.xlsx\"",
                xlsx.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("PK", new String(xlsx.body(), 0, 2, java.nio.charset.StandardCharsets.US_ASCII), "a zip (XLSX) file");
        assertEquals(404, http.get(f.publicUrl() + "/reports/..%2F..%2Fetc%2Fpasswd").statusCode());
        assertEquals(404, http.get(f.publicUrl() + "/reports/inventory_daily_summary_20260901.xlsx").statusCode(),
                "a day without data has no report");

        open("/snapshots/daily/" + UiFixture.DAY2);
        assertEquals("/reports/inventory_daily_summary_20261006.xlsx",
                b.driver.findElement(By.xpath("//a[starts-with(normalize-space(.), 'XLSX report')]")).getDomAttribute("href"));
        assertTrue(b.all(".site-nav a").stream().anyMatch(a -> a.getText().equals("Reports")));
    }
}
