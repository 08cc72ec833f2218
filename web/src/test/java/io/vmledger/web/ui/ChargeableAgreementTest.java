package io.vmledger.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.vmledger.reports.ReportId;
import io.vmledger.web.http.Json;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chargeback user compares the summary page, its CSV download, the API's JSON and the XLSX report of the
 * same period: every VM's vCPU-days, RAM GB-days and disk GB-days are the same number in all four, and the
 * page's totals equal the report's "All vCenters" line, for a day and for a month (whose amounts span the days
 * its vCenters were captured).
 */
class ChargeableAgreementTest {
    private static final List<String> AMOUNTS = List.of("VcpuDays", "RamGBDays", "DiskGBDays");
    private static final Map<String, String> PAGE_LABELS = Map.of("VcpuDays", "vCPU-days", "RamGBDays", "RAM GB-days",
            "DiskGBDays", "Disk GB-days");

    private final UiFixture f = UiFixture.get();
    private final UiFixture.Http http = UiFixture.http();

    @Test
    void aDaysPageCsvJsonAndReportShowTheSameAmounts() throws IOException {
        agree("daily/" + UiFixture.DAY2, ReportId.daily(UiFixture.DAY2), "Daily summary", 1);
    }

    @Test
    void aMonthsPageCsvJsonAndReportShowTheSameAmountsInDaysOfUse() throws IOException {
        agree("monthly/" + UiFixture.MONTH, ReportId.monthly(UiFixture.MONTH), "Monthly summary", 3);
    }

    private void agree(String period, ReportId report, String dataSheet, int days) throws IOException {
        Map<String, double[]> csv = csvAmounts(http.get(f.publicUrl() + "/snapshots/" + period + "/export.csv").body());
        Map<String, double[]> json = jsonAmounts(http.get(f.publicUrl() + "/api/snapshots/" + period + "?limit=10000",
                Map.of("Accept", "application/json")).body(), days);
        Map<String, double[]> xlsx = new TreeMap<>();
        double[] reportTotal = new double[3];
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(download(report)))) {
            readData(wb.getSheet(dataSheet), xlsx);
            readAllLine(wb.getSheet("vCenter totals"), reportTotal);
        }
        assertTrue(csv.size() > 20, "rows: " + csv.size());
        assertEquals(csv.keySet(), json.keySet());
        assertEquals(csv.keySet(), xlsx.keySet());
        double[] sum = new double[3];
        boolean partial = false;
        for (Map.Entry<String, double[]> e : csv.entrySet()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(e.getValue()[i], json.get(e.getKey())[i], 0, AMOUNTS.get(i) + " of " + e.getKey() + ": CSV vs JSON");
                assertEquals(e.getValue()[i], xlsx.get(e.getKey())[i], 1e-12 * Math.max(1, e.getValue()[i]),
                        AMOUNTS.get(i) + " of " + e.getKey() + ": CSV vs XLSX");
                sum[i] += e.getValue()[i];
            }
            partial |= e.getValue()[0] > 0 && e.getValue()[3] < 1;
        }
        assertTrue(partial, "some VM was present in part of the period only");
        String page = http.get(f.publicUrl() + "/snapshots/" + period).body();
        for (int i = 0; i < 3; i++) {
            assertEquals(sum[i], reportTotal[i], 1e-9 * sum[i], AMOUNTS.get(i) + ": the rows' sum vs the report's total");
            // the page rounds as its table does: disk GB-days to one decimal, the others to two
            assertEquals(Format.number(sum[i], i == 2 ? 1 : 2), pageTotal(page, PAGE_LABELS.get(AMOUNTS.get(i))),
                    AMOUNTS.get(i) + ": the page's total");
        }
    }

    private byte[] download(ReportId report) {
        HttpRequest get = HttpRequest.newBuilder(URI.create(f.publicUrl() + ReportsPage.href(report))).GET().build();
        try {
            HttpResponse<byte[]> r = http.client().send(get, HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            return r.body();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** VcpuDays, RamGBDays, DiskGBDays and AvgIsPresent by vCenter/VmId. */
    private static Map<String, double[]> csvAmounts(String csv) {
        String[] lines = csv.split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        Map<String, double[]> out = new TreeMap<>();
        for (int n = 1; n < lines.length; n++) {
            List<String> cells = splitCsv(lines[n]);
            double[] v = new double[4];
            for (int i = 0; i < 3; i++) {
                v[i] = Double.parseDouble(cells.get(header.indexOf(AMOUNTS.get(i))));
            }
            v[3] = Double.parseDouble(cells.get(header.indexOf("AvgIsPresent")));
            out.put(cells.get(header.indexOf("Vcenter")) + "/" + cells.get(header.indexOf("VmId")), v);
        }
        return out;
    }

    /** Splits a CSV line, honouring quoted fields (names with commas and quotes). */
    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    private static Map<String, double[]> jsonAmounts(String body, int days) throws IOException {
        JsonNode page = Json.mapper().readTree(body);
        Map<String, double[]> out = new TreeMap<>();
        for (JsonNode row : page.get("items")) {
            if (days > 1) {
                assertEquals(days, row.get("DaysCaptured").asInt(), row.toString());
            } else {
                assertFalse(row.has("DaysCaptured"), "a day's rows span one day");
            }
            out.put(row.get("Vcenter").asText() + "/" + row.get("VmId").asText(), new double[]{
                    row.get("VcpuDays").asDouble(), row.get("RamGBDays").asDouble(), row.get("DiskGBDays").asDouble(),
                    row.get("AvgIsPresent").asDouble()});
        }
        return out;
    }

    private static void readData(Sheet sheet, Map<String, double[]> out) {
        Map<String, Integer> column = header(sheet);
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            double[] v = new double[4];
            for (int i = 0; i < 3; i++) {
                v[i] = row.getCell(column.get(AMOUNTS.get(i))).getNumericCellValue();
            }
            v[3] = row.getCell(column.get("AvgIsPresent")).getNumericCellValue();
            out.put(row.getCell(column.get("Vcenter")).getStringCellValue() + "/"
                    + row.getCell(column.get("VmId")).getStringCellValue(), v);
        }
    }

    private static void readAllLine(Sheet sheet, double[] total) {
        Map<String, Integer> column = header(sheet);
        Row all = sheet.getRow(sheet.getLastRowNum());
        assertEquals("All vCenters", all.getCell(0).getStringCellValue());
        for (int i = 0; i < 3; i++) {
            total[i] = all.getCell(column.get(AMOUNTS.get(i))).getNumericCellValue();
        }
    }

    private static Map<String, Integer> header(Sheet sheet) {
        Map<String, Integer> column = new HashMap<>();
        for (Cell c : sheet.getRow(0)) {
            column.put(c.getStringCellValue(), c.getColumnIndex());
        }
        return column;
    }

    private static final Pattern TOTAL = Pattern.compile("<dt>([^<]+)</dt><dd>([^<]+)</dd>");

    private static String pageTotal(String html, String label) {
        Matcher m = TOTAL.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no total " + label + " on the page");
    }
}
