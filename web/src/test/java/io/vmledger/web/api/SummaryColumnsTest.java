package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vmledger.api.ChargeBasis;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmSummary;
import io.vmledger.web.http.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON records of summary rows and the CSV columns name the same cells in the same order. */
class SummaryColumnsTest {
    private static final VmSummary FULL = new VmSummary(1_767_139_200L, "vc-a", "vm-1", "vm-1", "u-1", "web \"01\"",
            20, 24, 0.8333, 2.5, 8.0, 120.25, 0, 50, 0, 50, 0, 1_767_139_200L, 1_767_222_000L, "Gold/app", 4, 16.0,
            120.5, PowerState.POWERED_ON, "dc1", "cl-1", "/vms", 1_760_000_000L, 1_767_222_000L);
    private static final VmSummary SPARSE = new VmSummary(1_767_139_200L, "vc-a", "name:x", null, null, "x", 1, 24,
            1.0 / 24, 1, 1, 1, 0, 0, 0, 0, 100, 1_767_139_200L, 1_767_139_200L, null, 1, 1, 1, null, null, null, null,
            null, null);

    @Test
    void dailyJsonRowsHaveEveryCsvColumnInOrderNullsIncluded() {
        JsonNode full = check(SummaryColumns.daily(), ChargeBasis.DAY, "Date");
        assertFalse(full.has("DaysCaptured"), "a day's amounts span one day");
        assertEquals(2.5 * 0.8333, full.get("VcpuDays").asDouble(), 1e-12);
        assertEquals(8.0 * 0.8333, full.get("RamGBDays").asDouble(), 1e-12);
        assertEquals(120.25 * 0.8333, full.get("DiskGBDays").asDouble(), 1e-12);
    }

    @Test
    void monthlyJsonRowsHaveEveryCsvColumnInOrderWithoutDateAndWithTheDaysCaptured() {
        JsonNode full = check(SummaryColumns.monthly(), ChargeBasis.month(v -> v.equals("vc-a") ? 30 : 0), "Vcenter");
        assertEquals(30, full.get("DaysCaptured").asInt());
        assertEquals(2.5 * 0.8333 * 30, full.get("VcpuDays").asDouble(), 1e-12);
        assertEquals(120.25 * 0.8333 * 30, full.get("DiskGBDays").asDouble(), 1e-12);
        String csv = SummaryColumns.monthly().csv(List.of(FULL), ChargeBasis.month(v -> 30));
        List<String> header = List.of(csv.split("\r\n")[0].split(","));
        List<String> cells = List.of(csv.split("\r\n")[1].split(","));
        assertEquals("30", cells.get(header.indexOf("DaysCaptured")));
        assertEquals(2.5 * 0.8333 * 30, Double.parseDouble(cells.get(header.indexOf("VcpuDays"))), 1e-12);
        assertEquals(header.indexOf("AvgProvisionedDisk") + 1, header.indexOf("DaysCaptured"));
        assertEquals(List.of("DaysCaptured", "VcpuDays", "RamGBDays", "DiskGBDays"),
                header.subList(header.indexOf("DaysCaptured"), header.indexOf("DaysCaptured") + 4),
                "the XLSX report's order");
    }

    private static JsonNode check(SummaryColumns columns, ChargeBasis basis, String first) {
        JsonNode page = Json.mapper().valueToTree(columns.json(List.of(FULL, SPARSE), basis, 7, 2, 0));
        assertEquals(7, page.get("total").asLong());
        assertEquals(2, page.get("items").size());
        String[] csv = columns.csv(List.of(FULL, SPARSE), basis).split("\r\n");
        assertEquals(String.join(",", columns.names()), csv[0]);
        assertEquals(first, columns.names().get(0));
        for (int r = 0; r < 2; r++) {
            JsonNode row = page.get("items").get(r);
            List<String> keys = new ArrayList<>();
            row.fieldNames().forEachRemaining(keys::add);
            assertEquals(columns.names(), keys, "JSON keys = CSV header, in order");
        }
        JsonNode sparse = page.get("items").get(1);
        assertTrue(sparse.get("DeletionTime").isNull() && sparse.get("PowerState").isNull(), sparse.toString());
        JsonNode full = page.get("items").get(0);
        assertEquals("poweredOn", full.get("PowerState").asText());
        assertEquals(120.25, full.get("AvgProvisionedDisk").asDouble());
        assertEquals(1_767_222_000L, full.get("DeletionTime").asLong());
        return full;
    }
}
