package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmSummary;
import io.vmledger.reports.ReportId;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listing and downloading reports, the summaries' XLSX format, and CSV's formula neutralisation. */
class ReportsApiTest {
    private final ApiFixture f = ApiFixture.get();

    @Test
    void reportsAreListedWithTheirPeriodAndDownloadedUnderTheirStableNameByAViewer() throws Exception {
        f.reports.generate(ReportId.monthly(ApiFixture.MONTH));
        JsonNode page = f.get(f.secured, "/api/reports?type=daily", ApiFixture.VIEWER_TOKEN).json();
        assertTrue(page.get("total").asInt() >= 1, page.toString());
        JsonNode day1 = null;
        for (JsonNode item : page.get("items")) {
            assertEquals("daily", item.get("type").asText());
            if (item.get("name").asText().equals(ApiFixture.DAY1_REPORT)) {
                day1 = item;
            }
        }
        assertTrue(day1 != null, page.toString());
        assertEquals(ApiFixture.DAY1.toString(), day1.get("period").asText());
        assertEquals("2026-10-05T00:00:00Z", day1.get("periodStart").asText());
        assertEquals("2026-10-06T00:00:00Z", day1.get("periodEnd").asText());
        assertEquals("/api/reports/" + ApiFixture.DAY1_REPORT, day1.get("href").asText());
        byte[] onDisk = Files.readAllBytes(f.settings.reportsPath(f.storage.directory()).resolve(ApiFixture.DAY1_REPORT));
        assertEquals(onDisk.length, day1.get("sizeBytes").asLong());
        assertTrue(day1.get("generatedAt").asText().endsWith("Z"));

        JsonNode monthly = f.get(f.open, "/api/reports?type=monthly&from=2026-10-01&to=2026-11-01").json();
        assertEquals(1, monthly.get("total").asInt(), monthly.toString());
        assertEquals(0, f.get(f.open, "/api/reports?type=monthly&from=2026-11-01").json().get("total").asInt());

        HttpResponse<byte[]> file = f.download(f.secured, "/api/reports/" + ApiFixture.DAY1_REPORT, ApiFixture.VIEWER_TOKEN);
        assertEquals(200, file.statusCode());
        assertEquals(ReportsApi.XLSX, file.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"" + ApiFixture.DAY1_REPORT + "\"",
                file.headers().firstValue("Content-Disposition").orElseThrow());
        assertArrayEquals(onDisk, file.body());
        assertEquals(401, f.download(f.secured, "/api/reports/" + ApiFixture.DAY1_REPORT, null).statusCode());
    }

    @Test
    void aNameThatIsNotAReportNameIsA400SoNoPathCanBeReached() {
        for (String bad : List.of("..%2F..%2Fetc%2Fpasswd", "ledger.db", "inventory_daily_summary_20261005.xlsx.tmp",
                ".inventory_daily_summary_20261005.xlsx.1.tmp", "inventory_daily_summary_20261399.xlsx",
                "%2Fetc%2Fpasswd", "inventory_daily_summary_20261005.xlsx%00.db", "..")) {
            ApiFixture.Reply r = f.get(f.open, "/api/reports/" + bad);
            assertTrue(r.status() == 400 || r.status() == 404, bad + " -> " + r);
            if (r.status() == 400) {
                assertEquals("name", r.json().get("parameter").asText(), bad);
            }
            assertTrue(!r.body().contains("PK"), "never a file: " + bad);
        }
        assertEquals(400, f.get(f.open, "/api/reports/ledger.db").status());
        ApiFixture.Reply missing = f.get(f.open, "/api/reports/inventory_daily_summary_20200101.xlsx");
        assertEquals(404, missing.status());
        assertEquals(400, f.get(f.open, "/api/reports?type=weekly").status());
        assertEquals(400, f.get(f.open, "/api/reports?kind=daily").status());
    }

    @Test
    void summariesAnswerFormatXlsxWithThePeriodsReportAndRefuseRowParametersWithIt() throws Exception {
        HttpResponse<byte[]> day = f.download(f.open, "/api/snapshots/daily/" + ApiFixture.DAY2 + "?format=xlsx", null);
        assertEquals(200, day.statusCode());
        assertEquals("attachment; filename=\"inventory_daily_summary_20261006.xlsx\"",
                day.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals('P', day.body()[0]);
        assertEquals('K', day.body()[1]);
        assertTrue(Files.exists(f.settings.reportsPath(f.storage.directory()).resolve("inventory_daily_summary_20261006.xlsx")));
        HttpResponse<byte[]> month = f.download(f.open, "/api/snapshots/monthly/" + ApiFixture.MONTH + "?format=xlsx", null);
        assertEquals(200, month.statusCode());
        assertTrue(month.headers().firstValue("Content-Disposition").orElseThrow().contains("inventory_monthly_summary_202610.xlsx"));

        ApiFixture.Reply filtered = f.get(f.open, "/api/snapshots/daily/" + ApiFixture.DAY2 + "?format=xlsx&vcenter=" + ApiFixture.VC1);
        assertEquals(400, filtered.status());
        assertEquals("vcenter", filtered.json().get("parameter").asText());
        assertEquals(400, f.get(f.open, "/api/snapshots/daily/" + ApiFixture.DAY2 + "?format=pdf").status());
        assertEquals(404, f.get(f.open, "/api/snapshots/daily/2020-01-01?format=xlsx").status());
    }

    @Test
    void csvNeutralisesFormulaTextTheOwaspWayAndLeavesNumbersAlone() {
        List<String> hostile = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "=1+2\";=1+2");
        StringBuilder names = new StringBuilder();
        List<VmSummary> rows = new java.util.ArrayList<>();
        for (String n : hostile) {
            rows.add(new VmSummary(0, "vc", "k-" + n, "vm-1", null, n, 1, 1, 1, -2.5, 1, 1, 100, 0, 0, 0, 0, 0, 0,
                    "-pool", 1, 1, 1, PowerState.POWERED_ON, null, null, null, null, null));
        }
        String csv = SummaryColumns.monthly().csv(rows, io.vmledger.api.ChargeBasis.month(v -> 30));
        String[] lines = csv.split("\r\n");
        assertEquals(hostile.size() + 1, lines.length);
        assertTrue(lines[1].contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), lines[1]);
        assertTrue(lines[2].contains(",\"'+1+1\","), lines[2]);
        assertTrue(lines[3].contains(",\"'-2+3\","), lines[3]);
        assertTrue(lines[4].contains(",\"'@SUM(A1)\","), lines[4]);
        assertTrue(lines[5].contains(",\"'\tTAB\","), lines[5]);
        assertTrue(lines[6].contains(",\"'=1+2\"\";=1+2\","), lines[6]);
        // the pool "-pool" is text too; the negative number is a number and stays as it is
        assertTrue(lines[1].contains(",\"'-pool\","), lines[1]);
        assertTrue(lines[1].contains(",-2.5,"), lines[1]);
        names.append(lines[0]);
        assertTrue(names.toString().startsWith("Vcenter,VmId,VmUuid,Name,"));
    }
}
