package io.vmledger.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.vmledger.reports.TestLedger.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every report kind read back by an independent reader (openpyxl) and compared cell by cell with the
 * canonical rows of the store: values, cell types, dates in the report time zone, the frozen and filtered
 * header, the totals and About sheets, and formula-like VM names kept as plain text. Each storage plugin
 * runs it on its own store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReportContentContract {
    private Storage storage;
    private Settings settings;
    private ReportService reports;
    private Path dir;
    private List<Long> times;

    /** A new, empty store of the plugin under test, opened with these settings. */
    protected abstract Storage openEmptyStorage(Settings settings);

    /** The settings of the plugin under test (provider and its options). */
    protected abstract Settings baseSettings(Path dir);

    @BeforeAll
    void fill() throws Exception {
        dir = Files.createTempDirectory("vmledger-report-test");
        settings = TestLedger.settings(baseSettings(dir));
        storage = openEmptyStorage(settings);
        times = TestLedger.fill(storage, settings);
        reports = new ReportService(storage, settings, new ReportFiles(dir.resolve("reports")), DataVersion.UNKNOWN);
    }

    @AfterAll
    void close() throws Exception {
        reports.close();
        storage.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private List<XlsxReader.Sheet> generateAndRead(ReportId id) throws Exception {
        ReportService.Generated g = reports.generate(id);
        assertEquals(reports.files().path(id), reports.files().dir().resolve(id.fileName()));
        assertTrue(g.info().sizeBytes() > 0);
        List<XlsxReader.Sheet> sheets = XlsxReader.read(reports.files().path(id));
        assertEquals(List.of(ReportGenerator.dataSheetName(id.kind()), ReportGenerator.TOTALS_SHEET,
                ReportGenerator.ABOUT_SHEET), sheets.stream().map(XlsxReader.Sheet::title).toList());
        for (XlsxReader.Sheet s : sheets) {
            for (List<JsonNode> row : s.rows()) {
                for (JsonNode c : row) {
                    assertTrue(c == null || !"f".equals(c.get("t").asText()), "no formula anywhere: " + c);
                }
            }
        }
        return sheets;
    }

    // ------------------------------------------------------------------------------------------ hourly

    @Test
    void hourlyReportHoldsEveryVmOfEveryVcenterOfTheSnapshotCellByCell() throws Exception {
        long t = times.get(30);
        List<XlsxReader.Sheet> sheets = generateAndRead(ReportId.hourly(t));
        XlsxReader.Sheet data = sheets.get(0);
        List<VmSample> expected = new ArrayList<>();
        for (String v : storage.hourly().vcenters()) {
            expected.addAll(storage.hourly().snapshot(v, t));
        }
        assertEquals(2, storage.hourly().vcenters().size());
        assertEquals(List.of("SnapshotTime", "Vcenter", "VmId", "VmUuid", "Name", "CreationTime", "DeletionTime",
                "ResourcePool", "Datacenter", "Cluster", "Folder", "VcpuCount", "RamGB", "ProvisionedDisk", "PowerState",
                "IsTemplate"), headers(data));
        assertTable(data, expected.size());
        Map<String, List<JsonNode>> byKey = byKey(data);
        assertEquals(expected.size(), byKey.size());
        for (VmSample s : expected) {
            List<JsonNode> row = byKey.get(s.vcenter() + "/" + s.vmId());
            assertNotNull(row, "row of " + s.key());
            Map<String, Object> cells = new LinkedHashMap<>();
            cells.put("SnapshotTime", local(s.snapshotTime()));
            cells.put("Vcenter", s.vcenter());
            cells.put("VmId", s.vmId());
            cells.put("VmUuid", s.vmUuid());
            cells.put("Name", s.name());
            cells.put("CreationTime", local(s.creationTime()));
            cells.put("DeletionTime", local(s.deletionTime()));
            cells.put("ResourcePool", s.resourcePool());
            cells.put("Datacenter", s.datacenter());
            cells.put("Cluster", s.cluster());
            cells.put("Folder", s.folder());
            cells.put("VcpuCount", (long) s.vcpuCount());
            cells.put("RamGB", s.ramGb());
            cells.put("ProvisionedDisk", s.provisionedDiskGb());
            cells.put("PowerState", s.powerState().wire());
            cells.put("IsTemplate", s.template());
            assertRow(data, row, cells, s.key());
        }
        assertTrue(expected.stream().anyMatch(VmSample::template), "the ledger has templates");
        assertTrue(expected.stream().anyMatch(s -> s.creationTime() == null), "and VMs without a creation time");

        // totals: vcenter_totals of each vCenter (templates apart), then all
        XlsxReader.Sheet totals = sheets.get(1);
        assertEquals(List.of("Vcenter", "VmCount", "PoweredOnCount", "VcpuTotal", "RamTotalGB", "DiskTotalGB", "Templates"),
                headers(totals));
        List<String> vcenters = storage.hourly().vcenters();
        assertEquals(vcenters.size() + 1, totals.body().size());
        long allVms = 0;
        for (int i = 0; i < vcenters.size(); i++) {
            String v = vcenters.get(i);
            VcenterTotals want = storage.totals().series(v, new TimeWindow(t, t + 1)).get(0);
            List<JsonNode> row = totals.body().get(i);
            assertRow(totals, row, Map.of("Vcenter", v, "VmCount", (long) want.vmCount(),
                    "PoweredOnCount", (long) want.poweredOnCount(), "VcpuTotal", want.vcpuTotal(),
                    "Templates", storage.hourly().snapshot(v, t).stream().filter(VmSample::template).count()), v);
            assertClose(want.ramTotalGb(), row.get(totals.column("RamTotalGB")));
            assertClose(want.diskTotalGb(), row.get(totals.column("DiskTotalGB")));
            allVms += want.vmCount();
        }
        List<JsonNode> all = totals.body().get(vcenters.size());
        assertEquals(VcenterTotalsRow.ALL, all.get(0).get("v").asText());
        assertEquals(allVms, all.get(totals.column("VmCount")).get("v").asLong());

        XlsxReader.Sheet about = sheets.get(2);
        assertEquals("inventory_hourly_" + t + ".xlsx", about.about("Report").get("v").asText());
        assertEquals(local(t), XlsxReader.dateTime(about.about("Snapshot time")));
        assertAbout(about, ReportId.hourly(t), expected.size(), vcenters.size());
        assertTrue(about.about("Source tables").get("v").asText().contains("vm_hourly_stats"));
    }

    // ------------------------------------------------------------------------------------------ summaries

    @Test
    void dailyReportMatchesTheDaysRollupCellByCellWithChargeableAmounts() throws Exception {
        long dayStart = TestLedger.DAY2.atStartOfDay(ZONE).toEpochSecond();
        List<VmSummary> expected = storage.rollups().daily(dayStart, SummaryQuery.all()).items();
        List<XlsxReader.Sheet> sheets = generateAndRead(ReportId.daily(TestLedger.DAY2));
        assertSummary(sheets, expected, true, v -> 1);
        XlsxReader.Sheet data = sheets.get(0);
        // Date is a real date: the day, at midnight
        assertEquals(TestLedger.DAY2.atStartOfDay(), XlsxReader.dateTime(data.body().get(0).get(data.column("Date"))));
        assertEquals(LocalDateTime.of(TestLedger.DAY2.plusDays(1), java.time.LocalTime.MIDNIGHT),
                XlsxReader.dateTime(sheets.get(2).about("Period end (exclusive)")));
        assertTrue(sheets.get(2).about("Source tables").get("v").asText().contains("vm_daily_rollup"));
    }

    @Test
    void monthlyReportMatchesTheMonthsSummaryCellByCellWithChargeableAmountsOverTheDaysCaptured() throws Exception {
        List<VmSummary> expected = storage.rollups().monthly(TestLedger.MONTH, SummaryQuery.all()).items();
        List<XlsxReader.Sheet> sheets = generateAndRead(ReportId.monthly(TestLedger.MONTH));
        TimeWindow month = settings.calendar().month(TestLedger.MONTH);
        Map<String, Integer> days = new HashMap<>();
        for (String v : storage.hourly().vcenters()) {
            days.put(v, storage.totals().aggregates(v, Granularity.DAILY, month).size());
        }
        assertEquals(2, days.get(TestLedger.VC1), "DAY1 and DAY2 were aggregated; DAY3 not yet");
        assertSummary(sheets, expected, false, days::get);
        assertTrue(sheets.get(2).about("Source tables").get("v").asText().contains("inventory_monthly_summary_202610"));
    }

    private void assertSummary(List<XlsxReader.Sheet> sheets, List<VmSummary> expected, boolean daily,
                               java.util.function.ToIntFunction<String> daysOf) {
        XlsxReader.Sheet data = sheets.get(0);
        List<String> headers = new ArrayList<>(List.of("Vcenter", "VmId", "VmUuid", "Name", "SamplesPresent",
                "TotalSamples", "AvgIsPresent", "AvgVcpuCount", "AvgRamGB", "AvgProvisionedDisk"));
        if (daily) {
            headers.add(0, "Date");
        } else {
            headers.add("DaysCaptured");
        }
        headers.addAll(List.of("VcpuDays", "RamGBDays", "DiskGBDays", "PoolTinPct", "PoolBronzePct", "PoolSilverPct",
                "PoolGoldPct", "PoolOtherPct", "FirstSample", "LastSample", "ResourcePool", "VcpuCount", "RamGB",
                "ProvisionedDisk", "PowerState", "Datacenter", "Cluster", "Folder", "CreationTime", "DeletionTime"));
        assertEquals(headers, headers(data));
        assertTable(data, expected.size());
        assertFalse(expected.isEmpty());
        Map<String, List<JsonNode>> byKey = byKey(data);
        assertEquals(expected.size(), byKey.size());
        Map<String, double[]> sums = new HashMap<>();
        for (VmSummary s : expected) {
            List<JsonNode> row = byKey.get(s.vcenter() + "/" + s.vmId());
            assertNotNull(row, "row of " + s.vmKey());
            int days = daysOf.applyAsInt(s.vcenter());
            Map<String, Object> cells = new LinkedHashMap<>();
            if (daily) {
                cells.put("Date", local(s.periodStart()));
            } else {
                cells.put("DaysCaptured", (long) days);
            }
            cells.put("Vcenter", s.vcenter());
            cells.put("VmId", s.vmId());
            cells.put("VmUuid", s.vmUuid());
            cells.put("Name", s.name());
            cells.put("SamplesPresent", s.samplesPresent());
            cells.put("TotalSamples", s.totalSamples());
            cells.put("AvgIsPresent", s.avgIsPresent());
            cells.put("AvgVcpuCount", s.avgVcpuCount());
            cells.put("AvgRamGB", s.avgRamGb());
            cells.put("AvgProvisionedDisk", s.avgProvisionedDisk());
            cells.put("VcpuDays", s.avgVcpuCount() * s.avgIsPresent() * days);
            cells.put("RamGBDays", s.avgRamGb() * s.avgIsPresent() * days);
            cells.put("DiskGBDays", s.avgProvisionedDisk() * s.avgIsPresent() * days);
            cells.put("PoolTinPct", s.poolTinPct());
            cells.put("PoolBronzePct", s.poolBronzePct());
            cells.put("PoolSilverPct", s.poolSilverPct());
            cells.put("PoolGoldPct", s.poolGoldPct());
            cells.put("PoolOtherPct", s.poolOtherPct());
            cells.put("FirstSample", local(s.firstSample()));
            cells.put("LastSample", local(s.lastSample()));
            cells.put("ResourcePool", s.resourcePool());
            cells.put("VcpuCount", (long) s.vcpuCount());
            cells.put("RamGB", s.ramGb());
            cells.put("ProvisionedDisk", s.provisionedDisk());
            cells.put("PowerState", s.powerState() == null ? null : s.powerState().wire());
            cells.put("Datacenter", s.datacenter());
            cells.put("Cluster", s.cluster());
            cells.put("Folder", s.folder());
            cells.put("CreationTime", local(s.creationTime()));
            cells.put("DeletionTime", local(s.deletionTime()));
            assertRow(data, row, cells, s.vmKey());
            double[] sum = sums.computeIfAbsent(s.vcenter(), k -> new double[4]);
            sum[0]++;
            sum[1] += s.avgVcpuCount() * s.avgIsPresent() * days;
            sum[2] += s.avgRamGb() * s.avgIsPresent() * days;
            sum[3] += s.avgProvisionedDisk() * s.avgIsPresent() * days;
        }
        assertTrue(expected.stream().anyMatch(s -> s.deletionTime() != null), "the ledger has deletions");
        assertTrue(expected.stream().anyMatch(s -> s.avgIsPresent() < 1), "and partial presence");

        XlsxReader.Sheet totals = sheets.get(1);
        Set<String> vcenters = new TreeSet<>(sums.keySet());
        assertEquals(vcenters.size() + 1, totals.body().size());
        int i = 0;
        for (String v : vcenters) {
            List<JsonNode> row = totals.body().get(i++);
            assertEquals(v, row.get(0).get("v").asText());
            double[] sum = sums.get(v);
            assertEquals((long) sum[0], row.get(totals.column("VMs")).get("v").asLong());
            assertClose(sum[1], row.get(totals.column("VcpuDays")));
            assertClose(sum[2], row.get(totals.column("RamGBDays")));
            assertClose(sum[3], row.get(totals.column("DiskGBDays")));
            TimeWindow period = new TimeWindow(expected.get(0).periodStart(), expected.get(0).periodStart() + 1);
            AggregateTotals agg = storage.totals().aggregates(v, daily ? Granularity.DAILY : Granularity.MONTHLY, period)
                    .get(0);
            assertClose(agg.avgVmCount(), row.get(totals.column("AvgVmCount")));
            assertClose(agg.avgVcpuTotal(), row.get(totals.column("AvgVcpuTotal")));
            assertEquals(agg.maxVmCount(), row.get(totals.column("MaxVmCount")).get("v").asInt());
        }
        assertEquals(VcenterTotalsRow.ALL, totals.body().get(i).get(0).get("v").asText());
        assertAbout(sheets.get(2), daily ? ReportId.daily(TestLedger.DAY2) : ReportId.monthly(TestLedger.MONTH),
                expected.size(), vcenters.size());
    }

    // ------------------------------------------------------------------------------------------ formula injection

    @Test
    void formulaLikeVmNamesArePlainTextCellsInEveryReportKind() throws Exception {
        for (ReportId id : List.of(ReportId.hourly(times.get(3)), ReportId.daily(TestLedger.DAY1),
                ReportId.monthly(TestLedger.MONTH))) {
            XlsxReader.Sheet data = generateAndRead(id).get(0);
            int name = data.column("Name");
            Map<String, JsonNode> cells = new HashMap<>();
            for (List<JsonNode> row : data.body()) {
                JsonNode c = row.get(name);
                if (c != null) {
                    cells.put(c.get("v").asText(), c);
                }
            }
            for (String hostile : TestLedger.HOSTILE) {
                JsonNode c = cells.get(hostile);
                assertNotNull(c, hostile + " in " + id.fileName());
                assertEquals("s", c.get("t").asText(), hostile + " is a string cell, not a formula");
                assertTrue(c.get("q").asBoolean(), hostile + " carries the quote prefix, so editing keeps it text");
            }
            JsonNode plain = cells.values().stream().filter(c -> !TestLedger.HOSTILE.contains(c.get("v").asText()))
                    .findFirst().orElseThrow();
            assertFalse(plain.get("q").asBoolean(), "ordinary names are not quote-prefixed");
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static List<String> headers(XlsxReader.Sheet s) {
        return s.header().stream().map(c -> c.get("v").asText()).toList();
    }

    /** Header frozen, autofilter over header and body, a width for every column. */
    private static void assertTable(XlsxReader.Sheet s, int rows) {
        assertEquals(rows, s.body().size());
        assertEquals("A2", s.freeze());
        int cols = s.header().size();
        assertEquals("A1:" + column(cols - 1) + (rows + 1), s.autofilter());
        for (int c = 0; c < cols; c++) {
            JsonNode w = s.widths().get(column(c));
            assertNotNull(w, "width of column " + column(c));
            assertTrue(w.asDouble() >= 7 && w.asDouble() <= 50, "width of column " + column(c) + ": " + w);
        }
        for (JsonNode h : s.header()) {
            assertEquals("s", h.get("t").asText());
        }
    }

    private static String column(int i) {
        return i < 26 ? String.valueOf((char) ('A' + i)) : column(i / 26 - 1) + (char) ('A' + i % 26);
    }

    private static Map<String, List<JsonNode>> byKey(XlsxReader.Sheet s) {
        int vc = s.column("Vcenter");
        int id = s.column("VmId");
        Map<String, List<JsonNode>> m = new HashMap<>();
        for (List<JsonNode> row : s.body()) {
            m.put(row.get(vc).get("v").asText() + "/" + row.get(id).get("v").asText(), row);
        }
        return m;
    }

    /** Compares each named cell with its expected value and type; missing trailing cells count as empty. */
    private static void assertRow(XlsxReader.Sheet s, List<JsonNode> row, Map<String, Object> expected, String what) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            int i = s.column(e.getKey());
            JsonNode cell = i < row.size() ? row.get(i) : null;
            String where = what + " " + e.getKey();
            Object want = e.getValue();
            if (want == null) {
                assertNull(cell, where + " is empty");
            } else if (want instanceof String text) {
                assertNotNull(cell, where);
                assertEquals("s", cell.get("t").asText(), where + " is text");
                assertEquals(text, cell.get("v").asText(), where);
            } else if (want instanceof Boolean b) {
                assertNotNull(cell, where);
                assertEquals("b", cell.get("t").asText(), where + " is a boolean");
                assertEquals(b, cell.get("v").asBoolean(), where);
            } else if (want instanceof LocalDateTime t) {
                assertEquals(t, XlsxReader.dateTime(cell), where);
            } else if (want instanceof Long n) {
                assertNotNull(cell, where);
                assertEquals("n", cell.get("t").asText(), where + " is a number");
                assertEquals(n.doubleValue(), cell.get("v").asDouble(), where);
            } else if (want instanceof Double d) {
                assertNotNull(cell, where);
                assertEquals("n", cell.get("t").asText(), where + " is a number");
                assertEquals(d, cell.get("v").asDouble(), where + " keeps full precision");
            } else {
                throw new IllegalArgumentException("unexpected " + want.getClass());
            }
        }
    }

    private static void assertClose(double want, JsonNode cell) {
        assertNotNull(cell);
        assertEquals("n", cell.get("t").asText());
        assertEquals(want, cell.get("v").asDouble(), Math.abs(want) * 1e-12 + 1e-9);
    }

    private void assertAbout(XlsxReader.Sheet about, ReportId id, int rows, int vcenters) {
        assertEquals(id.fileName(), about.about("Report").get("v").asText());
        assertTrue(about.about("Time zone").get("v").asText().startsWith("Europe/Paris"));
        LocalDateTime generated = XlsxReader.dateTime(about.about("Generated at"));
        assertTrue(Math.abs(java.time.Duration.between(generated, LocalDateTime.now(ZONE)).toMinutes()) < 10,
                "generation time in the report time zone: " + generated);
        assertEquals(rows, about.about("Rows in \"" + ReportGenerator.dataSheetName(id.kind()) + "\"").get("v").asInt());
        assertEquals(vcenters, about.about("vCenters").get("v").asInt());
        assertEquals(vcenters + 1, about.about("Rows in \"" + ReportGenerator.TOTALS_SHEET + "\"").get("v").asInt());
        String version = about.about("vmledger version").get("v").asText();
        assertFalse(version.isBlank());
        assertNotEquals("unknown", version);
        if (!(id instanceof ReportId.Hourly)) {
            LocalDate first = id instanceof ReportId.Daily d ? d.day() : ((ReportId.Monthly) id).month().atDay(1);
            assertEquals(first.atStartOfDay(), XlsxReader.dateTime(about.about("Period start")));
        }
    }

    private static LocalDateTime local(Long epochSeconds) {
        return epochSeconds == null ? null : LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), ZONE);
    }
}
