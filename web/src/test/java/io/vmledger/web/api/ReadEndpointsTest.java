package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.VmLookup;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the read endpoints answer on the fixture's ledger, checked against the store itself. */
class ReadEndpointsTest {
    private final ApiFixture f = ApiFixture.get();

    private JsonNode json(String url) {
        ApiFixture.Reply r = f.get(f.open, url);
        assertEquals(200, r.status(), url + ": " + r);
        assertEquals("application/json", r.header("Content-Type"));
        return r.json();
    }

    private long dayStart() {
        return ApiFixture.DAY1.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    @Test
    void snapshotListingFiltersByTypeVcenterAndWindow() {
        JsonNode hourly = json("/api/snapshots?type=hourly&limit=1000");
        assertEquals(2 * (48 + ApiFixture.DAY3_HOURS), hourly.get("total").asInt());
        JsonNode day1 = json("/api/snapshots?type=hourly&vcenter=" + ApiFixture.VC2 + "&from=" + ApiFixture.DAY1
                + "&to=" + ApiFixture.DAY2);
        assertEquals(24, day1.get("total").asInt());
        for (JsonNode s : day1.get("items")) {
            assertEquals(ApiFixture.VC2, s.get("vcenter").asText());
            assertTrue(s.get("time").asLong() >= dayStart() && s.get("time").asLong() < dayStart() + 86_400);
        }
        JsonNode daily = json("/api/snapshots?type=daily");
        assertEquals(3, daily.get("total").asInt());
        assertEquals(ApiFixture.DAY3 + "T00:00:00Z", daily.get("items").get(0).get("timeIso").asText());
        // epoch seconds and ISO-8601 windows agree
        assertEquals(day1, json("/api/snapshots?type=hourly&vcenter=" + ApiFixture.VC2 + "&from=" + dayStart()
                + "&to=" + (dayStart() + 86_400)));
    }

    @Test
    void dailySummaryIsTheRollupFilteredSortedAndPaged() {
        String url = "/api/snapshots/daily/" + ApiFixture.DAY1;
        long total = f.storage.rollups().daily(dayStart(), SummaryQuery.all()).total();
        JsonNode all = json(url + "?limit=10000");
        assertEquals(total, all.get("total").asLong());
        assertEquals(total, all.get("items").size());
        JsonNode row = all.get("items").get(0);
        for (String column : List.of("Date", "Vcenter", "VmId", "Name", "SamplesPresent", "TotalSamples", "AvgIsPresent",
                "AvgVcpuCount", "AvgRamGB", "AvgProvisionedDisk", "PoolTinPct", "PoolOtherPct", "FirstSample",
                "LastSample", "CreationTime", "DeletionTime")) {
            assertTrue(row.has(column), column);
        }
        assertEquals(dayStart(), row.get("Date").asLong());

        // pages put together give the whole table, in the same order
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < total; offset += 7) {
            json(url + "?limit=7&offset=" + offset).get("items").forEach(r -> paged.add(r.get("Vcenter") + "/" + r.get("VmId")));
        }
        List<String> whole = new ArrayList<>();
        all.get("items").forEach(r -> whole.add(r.get("Vcenter") + "/" + r.get("VmId")));
        assertEquals(whole, paged);

        JsonNode one = json(url + "?vcenter=" + ApiFixture.VC2 + "&limit=10000");
        one.get("items").forEach(r -> assertEquals(ApiFixture.VC2, r.get("Vcenter").asText()));
        assertEquals(f.storage.rollups().daily(dayStart(), new SummaryQuery(ApiFixture.VC2, null, null, null, false,
                10_000, 0)).total(), one.get("total").asLong());

        JsonNode sorted = json(url + "?sort=AvgVcpuCount&order=desc&limit=10000");
        double previous = Double.MAX_VALUE;
        for (JsonNode r : sorted.get("items")) {
            assertTrue(r.get("AvgVcpuCount").asDouble() <= previous);
            previous = r.get("AvgVcpuCount").asDouble();
        }

        String pool = row.get("ResourcePool").asText();
        JsonNode byPool = json(url + "?pool=" + URLEncoder.encode(pool.toUpperCase(), StandardCharsets.UTF_8) + "&limit=10000");
        assertTrue(byPool.get("total").asLong() > 0);
        byPool.get("items").forEach(r -> assertTrue(r.get("ResourcePool").asText().equalsIgnoreCase(pool)));

        String prefix = row.get("Name").asText().substring(0, 3);
        JsonNode byName = json(url + "?name_prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&limit=10000");
        assertTrue(byName.get("total").asLong() > 0);
        byName.get("items").forEach(r -> assertTrue(r.get("Name").asText().startsWith(prefix)));
    }

    @Test
    void summariesDownloadAsCsvWithTheSameRows() {
        String url = "/api/snapshots/daily/" + ApiFixture.DAY1;
        JsonNode json = json(url + "?limit=10000&vcenter=" + ApiFixture.VC1);
        ApiFixture.Reply csv = f.get(f.open, url + "?format=csv&vcenter=" + ApiFixture.VC1);
        assertEquals(200, csv.status());
        assertEquals("text/csv; charset=UTF-8", csv.header("Content-Type"));
        assertEquals("attachment; filename=\"inventory_daily_summary_" + ApiFixture.DAY1.toString().replace("-", "")
                + ".csv\"", csv.header("Content-Disposition"));
        String[] lines = csv.body().split("\r\n");
        assertTrue(lines[0].startsWith("Date,Vcenter,VmId,VmUuid,Name,"), lines[0]);
        assertEquals(json.get("total").asLong() + 1, lines.length);
        assertEquals(json.get("total").asText(), csv.header("X-Total-Count"));
        List<String> header = List.of(lines[0].split(","));
        String[] first = lines[1].split(",", -1);
        JsonNode firstRow = json.get("items").get(0);
        assertEquals(firstRow.get("VmId").asText(), first[header.indexOf("VmId")]);
        assertEquals(firstRow.get("SamplesPresent").asText(), first[header.indexOf("SamplesPresent")]);

        ApiFixture.Reply accept = f.call(f.open, "GET", url + "?vcenter=" + ApiFixture.VC1, null, null,
                Map.of("Accept", "text/csv"));
        assertEquals(csv.body(), accept.body());
        ApiFixture.Reply paged = f.get(f.open, url + "?format=csv&limit=5");
        assertEquals(6, paged.body().split("\r\n").length);

        ApiFixture.Reply monthly = f.get(f.open, "/api/snapshots/monthly/" + ApiFixture.MONTH + "?format=csv");
        assertEquals(200, monthly.status());
        assertTrue(monthly.body().startsWith("Vcenter,VmId,"));
        assertEquals(json("/api/snapshots/monthly/" + ApiFixture.MONTH).get("total").asLong() + 1,
                monthly.body().split("\r\n").length);
    }

    @Test
    void monthlySummaryCombinesTheAggregatedDays() {
        JsonNode month = json("/api/snapshots/monthly/" + ApiFixture.MONTH + "?limit=10000");
        assertEquals(f.storage.rollups().monthly(ApiFixture.MONTH, SummaryQuery.all()).total(), month.get("total").asLong());
        int samples = 48 + ApiFixture.DAY3_HOURS; // both vCenters: two whole days and the third so far
        for (JsonNode r : month.get("items")) {
            assertEquals(samples, r.get("TotalSamples").asInt(), r.toString());
            assertTrue(r.get("SamplesPresent").asInt() <= samples);
        }
    }

    @Test
    void vcentersListTheirLatestTotalsAndLastCapture() {
        JsonNode list = json("/api/vcenters");
        assertEquals(2, list.get("total").asInt());
        JsonNode vc1 = list.get("items").get(0);
        assertEquals(ApiFixture.VC1, vc1.get("vcenter").asText());
        assertTrue(vc1.get("configured").asBoolean());
        long last = f.storage.hourly().latestSnapshotTime(ApiFixture.VC1).orElseThrow();
        assertEquals(last, vc1.get("latest").get("SnapshotTime").asLong());
        assertEquals(f.storage.hourly().snapshot(ApiFixture.VC1, last).stream().filter(s -> !s.template()).count(),
                vc1.get("latest").get("VmCount").asLong());
        assertEquals("succeeded", vc1.get("lastCapture").get("status").asText());
        assertNotNull(vc1.get("lastCapture").get("durationMillis"));

        String totals = "/api/vcenters/" + ApiFixture.VC1 + "/totals";
        JsonNode hourly = json(totals + "?from=" + ApiFixture.DAY1 + "&to=" + ApiFixture.DAY2);
        assertEquals("hourly", hourly.get("granularity").asText());
        assertEquals(24, hourly.get("total").asInt());
        assertTrue(hourly.get("items").get(0).get("SnapshotTime").asLong() < hourly.get("items").get(1).get("SnapshotTime").asLong());
        JsonNode daily = json(totals + "?granularity=daily");
        assertEquals(3, daily.get("total").asInt(), "the aggregated days have daily totals");
        JsonNode d1 = daily.get("items").get(0);
        assertEquals(dayStart(), d1.get("PeriodStart").asLong());
        assertEquals(24, d1.get("SnapshotCount").asInt());
        double mean = 0;
        for (JsonNode h : hourly.get("items")) {
            mean += h.get("VmCount").asDouble() / 24;
        }
        assertEquals(mean, d1.get("AvgVmCount").asDouble(), 1e-9);
        assertEquals(1, json(totals + "?granularity=monthly").get("total").asInt());
        assertEquals(3, json(totals + "?from=" + ApiFixture.DAY1 + "&to=" + ApiFixture.DAY2 + "&limit=3").get("items").size());
    }

    @Test
    void traceShowsOneVmsSamplesAndLifecycle() {
        LifecycleEntry vm = f.storage.lifecycle().forVcenter(ApiFixture.VC1).values().stream()
                .filter(e -> e.vmId() != null).findFirst().orElseThrow();
        String url = "/api/vms/trace?vm_id=" + vm.vmId() + "&vcenter=" + ApiFixture.VC1;
        JsonNode t = json(url);
        assertEquals("unique", t.get("match").asText());
        assertEquals(vm.vmKey(), t.get("vm").get("VmKey").asText());
        assertEquals(vm.firstSeen(), t.get("vm").get("FirstSeen").asLong());
        assertEquals(vm.effectiveCreationTime(), t.get("vm").get("CreationTime").asLong());
        assertTrue(Set.of("reported", "event", "firstSeen").contains(t.get("vm").get("CreationSource").asText()));
        List<VmSample> expected = f.storage.hourly().trace(ApiFixture.VC1, vm.vmKey(), TimeWindow.all());
        assertEquals(expected.size(), t.get("samples").get("total").asInt());
        assertEquals(expected.get(0).snapshotTime(), t.get("samples").get("items").get(0).get("SnapshotTime").asLong());
        assertEquals(expected.get(0).vcpuCount(), t.get("samples").get("items").get(0).get("VcpuCount").asInt());

        JsonNode window = json(url + "&from=" + ApiFixture.DAY2 + "&to=" + ApiFixture.DAY3);
        window.get("samples").get("items").forEach(s -> {
            long time = s.get("SnapshotTime").asLong();
            assertTrue(time >= dayStart() + 86_400 && time < dayStart() + 2 * 86_400);
        });
        assertEquals(2, json(url + "&limit=2&offset=1").get("samples").get("items").size());

        // by name and by UUID, the same VM
        JsonNode byName = json("/api/vms/trace?name=" + URLEncoder.encode(vm.name(), StandardCharsets.UTF_8)
                + "&vcenter=" + ApiFixture.VC1);
        assertEquals(vm.vmKey(), byName.get("vm").get("VmKey").asText());
        assertEquals(vm.vmKey(), json("/api/vms/trace?vm_uuid=" + vm.vmUuid()).get("vm").get("VmKey").asText());
    }

    @Test
    void aLookupMatchingSeveralVmsListsTheCandidates() {
        // two VMs of one name, one per vCenter, known only from history older than the hourly rows
        // (as after retention), so no other test's figures change
        String shared = "twin-vm";
        long old = ApiFixture.DAY1.minusDays(40).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        f.storage.lifecycle().upsert(List.of(
                new LifecycleEntry(ApiFixture.VC1, "vm-twin-1", "vm-twin-1", "uuid-twin-1", shared, old, old + 3600,
                        null, old + 7200, io.vmledger.api.DeletionSource.OBSERVED),
                new LifecycleEntry(ApiFixture.VC2, "vm-twin-2", "vm-twin-2", "uuid-twin-2", shared, old, old + 3600,
                        old - 86_400, null, null)));
        JsonNode t = json("/api/vms/trace?name=" + URLEncoder.encode(shared, StandardCharsets.UTF_8));
        assertEquals("ambiguous", t.get("match").asText());
        List<LifecycleEntry> expected = f.storage.lifecycle().find(new VmLookup(VmLookup.By.NAME, shared, null));
        assertEquals(expected.size(), t.get("candidates").size());
        assertEquals(2, expected.size());
        Set<String> keys = new HashSet<>();
        t.get("candidates").forEach(c -> {
            assertEquals(shared, c.get("Name").asText());
            keys.add(c.get("Vcenter").asText() + "/" + c.get("VmKey").asText());
        });
        assertEquals(expected.size(), keys.size(), "distinct VMs");
        assertTrue(t.get("detail").asText().contains("trace one of them"));
        // each candidate is then traced uniquely by vm_id and vcenter
        JsonNode c = t.get("candidates").get(0);
        JsonNode one = json("/api/vms/trace?vm_id=" + c.get("VmId").asText() + "&vcenter=" + c.get("Vcenter").asText());
        assertEquals("unique", one.get("match").asText());
        assertEquals(0, one.get("samples").get("total").asInt(), "no hourly rows left for it");
    }

    @Test
    void jobsListRecentRunsNewestFirstAndOneById() {
        JsonNode jobs = json("/api/jobs?limit=5");
        assertEquals(5, jobs.get("items").size());
        assertTrue(jobs.get("total").asLong() >= 2 * (48 + ApiFixture.DAY3_HOURS));
        long previous = Long.MAX_VALUE;
        for (JsonNode j : jobs.get("items")) {
            assertTrue(j.get("startedAt").asLong() <= previous);
            previous = j.get("startedAt").asLong();
        }
        JsonNode captures = json("/api/jobs?type=capture&limit=3");
        captures.get("items").forEach(j -> assertEquals("capture", j.get("type").asText()));
        JsonNode daily = json("/api/jobs?type=daily-aggregation&limit=1000");
        assertTrue(daily.get("total").asInt() >= 2);
        long id = daily.get("items").get(0).get("id").asLong();
        JsonNode one = json("/api/jobs/" + id);
        assertEquals("daily-aggregation", one.get("type").asText());
        assertEquals("succeeded", one.get("status").asText());
        assertTrue(one.get("rows").asLong() > 0);
        assertEquals(0, json("/api/jobs?type=no-such-type").get("total").asInt());
    }

    @Test
    void registryAndRollupAgreeOnTheDaysRowCount() {
        SnapshotRecord d = f.storage.registry().get(Granularity.DAILY, dayStart(), SnapshotRecord.ALL_VCENTERS).orElseThrow();
        List<VmSummary> rows = f.storage.rollups().daily(dayStart(), SummaryQuery.all()).items();
        assertEquals(d.rowCount(), rows.size());
    }
}
