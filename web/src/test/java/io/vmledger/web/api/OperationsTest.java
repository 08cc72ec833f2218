package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vmledger.api.AggregateTotals;
import io.vmledger.api.DeletionSource;
import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.storage.spi.SnapshotQuery;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operational endpoints do their work as recorded job runs, and repair and cache rebuild put the
 * derived tables back exactly as capture and aggregation had written them.
 */
class OperationsTest {
    private final ApiFixture f = ApiFixture.get();

    /** Everything repair and the cache rebuild may rewrite, as plain values to compare. */
    private record State(Map<String, LifecycleEntry> lifecycle, List<VcenterTotals> totals, List<VcenterTotals> latest,
                         List<AggregateTotals> aggregates, List<SnapshotRecord> registry, String day1, String day2,
                         String day3, String month) {
    }

    private State state() {
        Map<String, LifecycleEntry> lifecycle = new TreeMap<>();
        List<VcenterTotals> totals = new ArrayList<>();
        List<AggregateTotals> aggregates = new ArrayList<>();
        for (String vc : List.of(ApiFixture.VC1, ApiFixture.VC2)) {
            f.storage.lifecycle().forVcenter(vc).forEach((k, e) -> lifecycle.put(vc + "/" + k, e));
            totals.addAll(f.storage.totals().series(vc, TimeWindow.all()));
            for (Granularity g : Granularity.values()) {
                aggregates.addAll(f.storage.totals().aggregates(vc, g, TimeWindow.all()));
            }
        }
        List<SnapshotRecord> registry = f.storage.registry()
                .list(new SnapshotQuery(null, null, TimeWindow.all(), 100_000, 0)).items();
        return new State(lifecycle, totals, f.storage.totals().latest(), aggregates, registry,
                summary("/api/snapshots/daily/" + ApiFixture.DAY1), summary("/api/snapshots/daily/" + ApiFixture.DAY2),
                summary("/api/snapshots/daily/" + ApiFixture.DAY3), summary("/api/snapshots/monthly/" + ApiFixture.MONTH));
    }

    /** Asserts two states equal, reporting the first differing entry of the first differing part. */
    private static void assertSameState(State expected, State actual, String what) {
        assertSame("lifecycle", expected.lifecycle().entrySet().stream().map(Object::toString).toList(),
                actual.lifecycle().entrySet().stream().map(Object::toString).toList(), what);
        assertSame("totals", expected.totals(), actual.totals(), what);
        assertSame("latest", expected.latest(), actual.latest(), what);
        assertSame("aggregates", expected.aggregates(), actual.aggregates(), what);
        assertSame("registry", expected.registry(), actual.registry(), what);
        for (String[] p : new String[][]{{"day1", expected.day1(), actual.day1()}, {"day2", expected.day2(), actual.day2()},
                {"day3", expected.day3(), actual.day3()}, {"month", expected.month(), actual.month()}}) {
            assertSame(p[0], List.of(p[1].split("\r\n")), List.of(p[2].split("\r\n")), what);
        }
    }

    /**
     * Element by element; floating-point figures may differ in their last bits (sums taken in another
     * row order), so numbers compare within 1e-9 relative and everything else exactly.
     */
    private static void assertSame(String part, List<?> expected, List<?> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            List<String> e = cells(expected.get(i));
            List<String> a = cells(actual.get(i));
            boolean same = e.size() == a.size();
            for (int c = 0; same && c < e.size(); c++) {
                same = e.get(c).equals(a.get(c)) || close(e.get(c), a.get(c));
            }
            if (!same) {
                assertEquals(expected.get(i), actual.get(i), what + ": " + part + " differs at " + i);
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": " + part + " size");
    }

    /** The fields of a record's or CSV line's text, split on the separators both use. */
    private static List<String> cells(Object o) {
        return List.of(o.toString().split("[,\\[\\]]", -1));
    }

    private static boolean close(String x, String y) {
        String a = x.replaceAll("^.*=", "");
        String b = y.replaceAll("^.*=", "");
        try {
            double p = Double.parseDouble(a);
            double q = Double.parseDouble(b);
            return Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String summary(String url) {
        ApiFixture.Reply r = f.get(f.open, url + "?format=csv&sort=Vcenter");
        assertEquals(200, r.status(), url);
        return r.body();
    }

    private JsonNode runAndWait(String path, String body) {
        ApiFixture.Reply r = f.post(f.open, path + (path.contains("?") ? "&" : "?") + "wait=120", null, body);
        assertEquals(200, r.status(), path + ": " + r);
        JsonNode job = r.json();
        assertEquals("succeeded", job.get("status").asText(), job.toString());
        return job;
    }

    private static long dayStart(java.time.LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** Damages lifecycle entries (never event-learnt facts, which only the cache holds), totals and registry. */
    private void corrupt() {
        List<LifecycleEntry> damaged = new ArrayList<>();
        int n = 0;
        for (LifecycleEntry e : f.storage.lifecycle().forVcenter(ApiFixture.VC1).values()) {
            if (e.deletionSource() == DeletionSource.EVENT || e.firstSeen() < dayStart(ApiFixture.DAY1)) {
                continue;
            }
            damaged.add(switch (n++ % 3) {
                case 0 -> new LifecycleEntry(e.vcenter(), e.vmKey(), e.vmId(), e.vmUuid(), "renamed-" + e.name(),
                        e.firstSeen() + 3600, e.lastSeen() - 7200, e.creationTime(), e.deletionTime(), e.deletionSource());
                case 1 -> new LifecycleEntry(e.vcenter(), e.vmKey(), e.vmId(), e.vmUuid(), e.name(), e.firstSeen(),
                        e.lastSeen(), e.creationTime(), e.deleted() ? null : e.lastSeen(), e.deleted() ? null : DeletionSource.OBSERVED);
                default -> new LifecycleEntry(e.vcenter(), e.vmKey(), e.vmId(), e.vmUuid(), e.name(), e.firstSeen(),
                        e.lastSeen() + 86_400, e.creationTime(), e.deletionTime(), e.deletionSource());
            });
            if (n == 12) {
                break;
            }
        }
        f.storage.lifecycle().upsert(damaged);
        // a stray entry no hourly row supports
        f.storage.lifecycle().upsert(List.of(new LifecycleEntry(ApiFixture.VC2, "vm-ghost", "vm-ghost", null, "ghost",
                dayStart(ApiFixture.DAY2), dayStart(ApiFixture.DAY2) + 3600, null, null, null)));
        long t = f.storage.hourly().snapshotTimes(ApiFixture.VC2, new TimeWindow(dayStart(ApiFixture.DAY2),
                dayStart(ApiFixture.DAY3))).get(5);
        f.storage.totals().putSnapshotTotals(new VcenterTotals(ApiFixture.VC2, t, 1, 1, 1, 1, 1));
        f.storage.totals().putAggregates(List.of(new AggregateTotals(ApiFixture.VC2, Granularity.HOURLY, t - t % 3600,
                1, 1, 1, 1, 1, 1, 1)));
        f.storage.registry().register(new SnapshotRecord(Granularity.HOURLY, t, ApiFixture.VC2, 3, null));
    }

    @Test
    void repairOfADayPutsCachesRegistryAndRollupBackAsCaptureAndAggregationWroteThem() {
        State before = state();
        corrupt();
        State damaged = state();
        assertNotEquals(before.lifecycle(), damaged.lifecycle());
        assertNotEquals(before.totals(), damaged.totals());
        assertNotEquals(before.registry(), damaged.registry());
        JsonNode job = runAndWait("/api/snapshots/repair", "{\"date\":\"" + ApiFixture.DAY2 + "\"}");
        assertEquals("repair", job.get("type").asText());
        assertEquals(ApiFixture.DAY2.toString(), job.get("target").asText());
        assertTrue(job.get("detail").asText().startsWith("requested by anonymous; repair " + ApiFixture.DAY2), job.toString());
        assertTrue(job.get("rows").asLong() > 0);
        assertSameState(before, state(), "after repair of a day");
    }

    @Test
    void repairOfEverythingAndTheCacheRebuildAreExactToo() {
        State before = state();
        corrupt();
        runAndWait("/api/snapshots/repair/all", null);
        assertSameState(before, state(), "after repair of everything");

        corrupt();
        JsonNode job = runAndWait("/api/vcenters/cache/rebuild", null);
        assertEquals("vcenter-cache-rebuild", job.get("type").asText());
        State after = state();
        assertSame("totals", before.totals(), after.totals(), "after the cache rebuild");
        assertSame("latest", before.latest(), after.latest(), "after the cache rebuild");
        assertSame("aggregates", before.aggregates(), after.aggregates(), "after the cache rebuild");
        runAndWait("/api/snapshots/repair/all", null); // undo the rest of the damage for the other tests
        assertSameState(before, state(), "after the second repair");
    }

    @Test
    void aggregationRunsAsAJobAndAnswers202WithoutWaiting() throws InterruptedException {
        State before = state();
        ApiFixture.Reply r = f.post(f.open, "/api/snapshots/aggregate", null,
                "{\"type\":\"daily\",\"date\":\"" + ApiFixture.DAY1 + "\"}");
        assertEquals(202, r.status(), r.toString());
        long id = r.json().get("jobId").asLong();
        assertEquals("/api/jobs/" + id, r.header("Location"));
        assertEquals("running", r.json().get("status").asText());
        JsonNode job = null;
        for (int i = 0; i < 300; i++) {
            job = f.get(f.open, "/api/jobs/" + id).json();
            if (!job.get("status").asText().equals("running")) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals("succeeded", job.get("status").asText(), job.toString());
        assertEquals("aggregate", job.get("type").asText());
        assertEquals("daily " + ApiFixture.DAY1, job.get("target").asText());
        assertEquals(f.get(f.open, "/api/snapshots/daily/" + ApiFixture.DAY1).json().get("total").asLong(),
                job.get("rows").asLong());
        // the aggregation job itself is recorded too
        JsonNode inner = f.get(f.open, "/api/jobs?type=daily-aggregation&limit=1").json().get("items").get(0);
        assertEquals(ApiFixture.DAY1.toString(), inner.get("target").asText());

        JsonNode sql = runAndWait("/api/snapshots/aggregate", "{\"type\":\"daily\",\"date\":\"" + ApiFixture.DAY1
                + "\",\"path\":\"sql\"}");
        assertTrue(sql.get("detail").asText().contains("path=sql"));
        assertSameState(before, state(), "the SQL path gives the same rows");
        JsonNode monthly = runAndWait("/api/snapshots/aggregate", "{\"type\":\"monthly\",\"month\":\"" + ApiFixture.MONTH
                + "\"}");
        assertTrue(monthly.get("detail").asText().contains("monthly " + ApiFixture.MONTH + " path="));
        assertSameState(before, state(), "re-running aggregation replaces rows, never adds to them");
    }

    @Test
    void regeneratingHourlyReportsOfADayIsAJobRunThatRewritesEachReport() throws Exception {
        JsonNode done = runAndWait("/api/snapshots/regenerate-hourly-reports", "{\"date\":\"" + ApiFixture.DAY2 + "\"}");
        assertTrue(done.get("detail").asText().contains("24 reports generated"), done.toString());
        assertEquals(ApiFixture.DAY2.toString(), done.get("target").asText());
        long dayStart = ApiFixture.DAY2.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
        for (int h = 0; h < 24; h++) {
            assertTrue(java.nio.file.Files.exists(f.settings.reportsPath(f.storage.directory())
                    .resolve("inventory_hourly_" + (dayStart + h * 3600L + 7) + ".xlsx")));
        }
        ApiFixture.Reply none = f.post(f.open, "/api/snapshots/regenerate-hourly-reports", null,
                "{\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2020-01-02T00:00:00Z\"}");
        assertEquals(404, none.status(), none.body());
        for (String bad : List.of("{}", "{\"date\":\"2026-10-05\",\"from\":\"1\"}", "{\"from\":\"10\",\"to\":\"5\"}",
                "{\"from\":\"yesterday\",\"to\":\"5\"}", "{\"date\":\"2099-01-01\"}", "{\"hours\":3}")) {
            ApiFixture.Reply r = f.post(f.open, "/api/snapshots/regenerate-hourly-reports", null, bad);
            assertEquals(400, r.status(), bad + " -> " + r.body());
        }
    }
}
