package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmSummary;
import io.vmledger.web.http.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        check(SummaryColumns.daily(), "Date");
    }

    @Test
    void monthlyJsonRowsHaveEveryCsvColumnInOrderWithoutDate() {
        check(SummaryColumns.monthly(), "Vcenter");
    }

    private static void check(SummaryColumns columns, String first) {
        JsonNode page = Json.mapper().valueToTree(columns.json(List.of(FULL, SPARSE), 7, 2, 0));
        assertEquals(7, page.get("total").asLong());
        assertEquals(2, page.get("items").size());
        String[] csv = columns.csv(List.of(FULL, SPARSE)).split("\r\n");
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
    }
}
