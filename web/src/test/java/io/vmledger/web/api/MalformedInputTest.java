package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed input to every parameter of every route gets a 400 problem that names the parameter;
 * nothing ever answers 500 or shows a stack trace. The query parameters come from the OpenAPI
 * document (which another test ties to the registered routes), so a new parameter is covered as soon
 * as it is documented.
 */
class MalformedInputTest {
    private static final List<String> INJECTIONS = List.of("' OR '1'='1", "\"; DROP TABLE vm_hourly_stats; --",
            "%' --", "<script>alert(1)</script>", "vc01.sim.example.com' --", "${jndi:ldap://x}", "..%2F..%2Fetc");
    private final ApiFixture f = ApiFixture.get();

    /** A valid request of each GET route, which each bad value is added to. */
    private String base(String template) {
        String vmId = f.storage.lifecycle().forVcenter(ApiFixture.VC1).values().iterator().next().vmId();
        return switch (template) {
            case "/api/snapshots/daily/{date}" -> "/api/snapshots/daily/" + ApiFixture.DAY1 + "?x=";
            case "/api/snapshots/monthly/{month}" -> "/api/snapshots/monthly/" + ApiFixture.MONTH + "?x=";
            case "/api/vcenters/{vcenter}/totals" -> "/api/vcenters/" + ApiFixture.VC1 + "/totals?x=";
            case "/api/vms/trace" -> "/api/vms/trace?vcenter=" + ApiFixture.VC1 + "&vm_id=" + vmId + "&x=";
            case "/api/jobs/{id}" -> "/api/jobs/1?x=";
            case "/api/reports/{name}" -> "/api/reports/" + ApiFixture.DAY1_REPORT + "?x=";
            default -> template + "?x=";
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Sets {@code name=value} on a base URL (replacing the placeholder and any earlier value of the name). */
    private static String with(String base, String name, String value) {
        String url = base.replaceAll("([?&])" + name + "=[^&]*&?", "$1");
        return url.replace("x=", name + "=" + enc(value));
    }

    private static List<String> badValues(String name, Map<String, Object> schema) {
        List<String> bad = new ArrayList<>();
        Object type = schema.get("type");
        if (name.equals("from") || name.equals("to")) {
            bad.addAll(List.of("2026-13-45", "yesterday", "2026-11-27T25:00", "99999999999999", "2026-11-27T10:00+25:00",
                    "1e9", "2026/11/27"));
        } else if ("integer".equals(type)) {
            bad.addAll(List.of("-1", "abc", "1.5", "99999999999999999999", "1; DROP TABLE job_runs", "0x10"));
            if (schema.get("maximum") instanceof Number max) {
                bad.add(Long.toString(max.longValue() + 1));
            }
            if (schema.get("minimum") instanceof Number min && min.longValue() > 0) {
                bad.add(Long.toString(min.longValue() - 1));
            }
        } else if (schema.containsKey("enum")) {
            bad.addAll(List.of("bogus", "' OR 1=1 --", "DAILY; --"));
        } else if (schema.containsKey("pattern")) {
            bad.addAll(List.of("UPPER", "a b", "../etc", "x".repeat(300)));
        } else {
            bad.addAll(List.of("x".repeat(300), "a\u0001b", "line\nbreak"));
        }
        bad.add(""); // present but empty
        // a control character at either end is refused, never trimmed away
        bad.add("\u0001" + (bad.size() > 1 ? "5" : "x"));
        bad.add("5\n");
        return bad;
    }

    private static void assertProblem(ApiFixture.Reply r, int status, String parameter, String what) {
        assertEquals(status, r.status(), what + ": " + r);
        assertEquals("application/problem+json", r.header("Content-Type"), what);
        JsonNode p = r.json();
        assertEquals(status, p.get("status").asInt(), what);
        assertFalse(p.get("detail").asText().isBlank(), what);
        if (parameter != null) {
            assertEquals(parameter, p.path("parameter").asText(), what + ": " + r);
        }
        assertNoStackTrace(r, what);
    }

    private static void assertNoStackTrace(ApiFixture.Reply r, String what) {
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains("io.vmledger."),
                what + " leaks internals: " + r);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> queryParameters(Map<String, Object> op, Map<String, Object> shared) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object p : (List<Object>) op.getOrDefault("parameters", List.of())) {
            Map<String, Object> param = (Map<String, Object>) p;
            if (param.containsKey("$ref")) {
                param = (Map<String, Object>) shared.get(((String) param.get("$ref")).substring(24));
            }
            if ("query".equals(param.get("in"))) {
                out.add(param);
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDocumentedQueryParameterRejectsMalformedValuesNamingIt() {
        Map<String, Object> doc = OpenApiDocument.parse(OpenApiDocument.load());
        Map<String, Object> shared = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("parameters");
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        int checked = 0;
        for (var path : paths.entrySet()) {
            Map<String, Object> get = (Map<String, Object>) path.getValue().get("get");
            if (get == null) {
                continue;
            }
            String base = base(path.getKey());
            assertEquals(200, f.get(f.open, base.replace("?x=", "").replace("&x=", "")).status(), "base of " + path.getKey());
            for (Map<String, Object> param : queryParameters(get, shared)) {
                String name = (String) param.get("name");
                for (String bad : badValues(name, (Map<String, Object>) param.get("schema"))) {
                    assertProblem(f.get(f.open, with(base, name, bad)), 400, name,
                            "GET " + path.getKey() + " " + name + "='" + bad + "'");
                    checked++;
                }
            }
            // an undocumented parameter and a repeated one
            assertProblem(f.get(f.open, with(base, "vcentre", "x")), 400, "vcentre", path.getKey() + " unknown");
            String first = queryParameters(get, shared).stream().map(p -> (String) p.get("name")).findFirst().orElse(null);
            if (first != null && !first.equals("from")) {
                String twice = base.replace("x=", first + "=1&" + first + "=2");
                assertProblem(f.get(f.open, twice), 400, first, path.getKey() + " repeated " + first);
            }
        }
        assertTrue(checked > 150, "checked " + checked + " bad values");
    }

    @Test
    void injectionLikeTextIsJustTextThatMatchesNothing() {
        long snapshotsBefore = f.get(f.open, "/api/snapshots?limit=1").json().get("total").asLong();
        for (String s : INJECTIONS) {
            for (String url : List.of("/api/snapshots?vcenter=", "/api/snapshots/daily/" + ApiFixture.DAY1 + "?pool=",
                    "/api/snapshots/daily/" + ApiFixture.DAY1 + "?name_prefix=",
                    "/api/snapshots/monthly/" + ApiFixture.MONTH + "?vcenter=")) {
                ApiFixture.Reply r = f.get(f.open, url + enc(s));
                assertEquals(200, r.status(), url + s + ": " + r);
                assertEquals(0, r.json().get("total").asLong(), url + s);
            }
            ApiFixture.Reply trace = f.get(f.open, "/api/vms/trace?name=" + enc(s));
            assertProblem(trace, 404, null, "trace " + s);
            assertProblem(f.get(f.open, "/api/vcenters/" + enc(s).replace("+", "%20") + "/totals"), 404, null, "totals " + s);
        }
        assertEquals(snapshotsBefore, f.get(f.open, "/api/snapshots?limit=1").json().get("total").asLong());
    }

    @Test
    void malformedPathSegmentsAre400NamingThem() {
        Map<String, String> cases = new LinkedHashMap<>();
        for (String d : List.of("2026-02-30", "20261127", "2026-1-5", "0000-00-00", "2026-11-27'--", "today",
                "2026-11-27T00:00", "%2B10000-01-01")) {
            cases.put("/api/snapshots/daily/" + d, "date");
        }
        for (String m : List.of("2026-13", "2026-1", "202611", "2026-11-01", "2026-00", "nov")) {
            cases.put("/api/snapshots/monthly/" + m, "month");
        }
        for (String id : List.of("-1", "abc", "99999999999999999999", "1.0", "1%20OR%201=1")) {
            cases.put("/api/jobs/" + id, "id");
        }
        cases.forEach((url, param) -> assertProblem(f.get(f.open, url), 400, param, url));

        // well-formed but absent: 404 problems
        assertProblem(f.get(f.open, "/api/snapshots/daily/2001-01-01"), 404, null, "day never aggregated");
        assertProblem(f.get(f.open, "/api/snapshots/monthly/2001-01"), 404, null, "month never aggregated");
        assertProblem(f.get(f.open, "/api/jobs/999999999"), 404, null, "no such job");
        assertProblem(f.get(f.open, "/api/vcenters/vc99.example.com/totals"), 404, null, "unknown vCenter");
        assertProblem(f.get(f.open, "/api/vms/trace?vm_id=vm-does-not-exist"), 404, null, "unknown VM");
    }

    @Test
    void traceNeedsExactlyOneIdentity() {
        assertProblem(f.get(f.open, "/api/vms/trace"), 400, "vm_id", "no identity");
        assertProblem(f.get(f.open, "/api/vms/trace?vm_id=vm-1&name=x"), 400, "vm_id", "two identities");
        assertProblem(f.get(f.open, "/api/snapshots?from=2026-11-28&to=2026-11-27"), 400, "to", "to before from");
    }

    @Test
    void malformedOperationRequestsAre400NamingTheField() {
        String big = "{\"type\":\"daily\",\"date\":\"" + ApiFixture.DAY1 + "\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        Object[][] cases = {
                {"/api/snapshots/aggregate", "not json", "body"},
                {"/api/snapshots/aggregate", "[1,2]", "body"},
                {"/api/snapshots/aggregate", "\"daily\"", "body"},
                {"/api/snapshots/aggregate", "{}", "type"},
                {"/api/snapshots/aggregate", "{\"type\":\"weekly\"}", "type"},
                {"/api/snapshots/aggregate", "{\"type\":\"" + "d".repeat(100) + "\"}", "type"},
                {"/api/snapshots/aggregate", "{\"type\":\"daily\"}", "date"},
                {"/api/snapshots/aggregate", "{\"type\":\"daily\",\"date\":\"2026-02-30\"}", "date"},
                {"/api/snapshots/aggregate", "{\"type\":\"daily\",\"date\":\"2999-01-01\"}", "date"},
                {"/api/snapshots/aggregate", "{\"type\":\"daily\",\"date\":20261005}", "date"},
                {"/api/snapshots/aggregate", "{\"type\":\"daily\",\"date\":null}", "date"},
                {"/api/snapshots/aggregate", "{\"type\":\"daily\",\"date\":\"" + ApiFixture.DAY1 + "\",\"extra\":\"x\"}", "extra"},
                {"/api/snapshots/aggregate", "{\"type\":\"daily\",\"date\":\"" + ApiFixture.DAY1 + "\",\"path\":\"fast\"}", "path"},
                {"/api/snapshots/aggregate", "{\"type\":\"daily\",\"date\":\"" + ApiFixture.DAY1 + "\",\"month\":\"2026-10\"}", "month"},
                {"/api/snapshots/aggregate", "{\"type\":\"monthly\"}", "month"},
                {"/api/snapshots/aggregate", "{\"type\":\"monthly\",\"month\":\"2026-13\"}", "month"},
                {"/api/snapshots/aggregate", "{\"type\":\"monthly\",\"month\":\"2999-01\"}", "month"},
                {"/api/snapshots/aggregate", "{\"type\":\"monthly\",\"month\":\"2026-10\",\"path\":\"legacy\"}", "path"},
                {"/api/snapshots/aggregate", "{\"type\":\"monthly\",\"month\":\"2026-10\",\"source\":\"weekly\"}", "source"},
                {"/api/snapshots/aggregate", big, "body"},
                {"/api/snapshots/repair", "{}", "date"},
                {"/api/snapshots/repair", "{\"date\":\"yesterday\"}", "date"},
                {"/api/snapshots/repair", "{\"date\":\"2999-12-31\"}", "date"},
                {"/api/snapshots/repair", "{\"day\":\"2026-10-05\"}", "day"},
                {"/api/snapshots/repair/all", "{\"date\":\"2026-10-05\"}", "date"},
                {"/api/vcenters/cache/rebuild", "{\"vcenter\":\"vc01\"}", "vcenter"},
                {"/api/vcenters/cache/rebuild?wait=-1", null, "wait"},
                {"/api/vcenters/cache/rebuild?wait=301", null, "wait"},
                {"/api/vcenters/cache/rebuild?wait=abc", null, "wait"},
                {"/api/snapshots/repair/all?force=true", null, "force"},
                {"/api/snapshots/regenerate-hourly-reports?wait=x", null, "wait"},
        };
        long jobsBefore = f.storage.jobs().recent(null, 1, 0).total();
        for (Object[] c : cases) {
            ApiFixture.Reply r = f.post(f.open, (String) c[0], null, (String) c[1]);
            assertProblem(r, 400, (String) c[2], "POST " + c[0] + " " + (c[1] == null ? "" : ((String) c[1])
                    .substring(0, Math.min(80, ((String) c[1]).length()))));
        }
        assertEquals(jobsBefore, f.storage.jobs().recent(null, 1, 0).total(), "a refused request records no job");

        // well-formed but nothing to work on: 404, not a failed job
        assertProblem(f.post(f.open, "/api/snapshots/aggregate", null, "{\"type\":\"daily\",\"date\":\"2020-01-01\"}"),
                404, null, "day without snapshots");
        assertProblem(f.post(f.open, "/api/snapshots/aggregate", null, "{\"type\":\"monthly\",\"month\":\"2020-01\"}"),
                404, null, "month without rollups");
        assertProblem(f.post(f.open, "/api/snapshots/repair", null, "{\"date\":\"2020-01-01\"}"), 404, null,
                "repair of a day without rows");
    }

    @Test
    void aWrongMethodOnAnExistingPathIs405WithAllow() {
        String[][] cases = {
                // every GET route answers HEAD too (HeadRequests); a POST-only route does not
                {"GET", "/api/snapshots/aggregate", "POST"}, {"PUT", "/api/jobs", "GET, HEAD"},
                {"DELETE", "/api/snapshots", "GET, HEAD"}, {"GET", "/api/vcenters/cache/rebuild", "POST"},
                {"POST", "/api/jobs/1", "GET, HEAD"}, {"PATCH", "/api/snapshots/daily/2026-10-05", "GET, HEAD"},
                {"HEAD", "/api/snapshots/aggregate", "POST"}, {"DELETE", "/api/snapshots/repair/all", "POST"},
                {"POST", "/openapi", "GET, HEAD"},
                // routes of services under a prefix, static content and the observability feature
                {"PUT", "/swagger/index.html", "GET, HEAD"}, {"POST", "/swagger/swagger-ui.css", "GET, HEAD"},
                {"POST", "/observe/health", "GET, HEAD"}, {"DELETE", "/observe/health/ready", "GET, HEAD"}};
        for (String[] c : cases) {
            ApiFixture.Reply r = f.call(f.open, c[0], c[1], null, c[0].equals("HEAD") ? null : "{}",
                    Map.of("Content-Type", "application/json"));
            String what = c[0] + " " + c[1];
            assertEquals(405, r.status(), what + ": " + r);
            assertEquals(c[2], r.header("Allow"), what);
            if (c[0].equals("HEAD")) {
                assertEquals("", r.body(), what + ": a HEAD answer has no body");
            } else {
                assertProblem(r, 405, null, what);
                assertTrue(r.json().get("detail").asText().contains(c[2]), what + ": " + r);
            }
        }
        // auth runs first: a wrong method on a protected path without a token is 401, with one 405
        assertEquals(401, f.call(f.secured, "DELETE", "/api/jobs", null, null, Map.of()).status());
        ApiFixture.Reply r = f.call(f.secured, "DELETE", "/api/jobs", ApiFixture.ADMIN_TOKEN, null, Map.of());
        assertEquals(405, r.status(), r.toString());
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    @Test
    void unknownPathsAre404ProblemsAndNeverErrors() {
        for (String[] c : new String[][]{{"GET", "/api"}, {"POST", "/api"}, {"GET", "/api/vms"},
                {"GET", "/api/snapshots/daily"}, {"GET", "/nothing-here"}, {"DELETE", "/nothing-here"},
                {"GET", "/api/snapshots/daily/2026-10-05/extra"}, {"POST", "/api/snapshots/aggregate/x"}}) {
            ApiFixture.Reply r = f.call(f.open, c[0], c[1], null, null, Map.of());
            assertProblem(r, 404, null, c[0] + " " + c[1]);
            assertEquals(null, r.header("Allow"), c[0] + " " + c[1]);
        }
    }

    @Test
    void aPostBodyThatIsNotJsonIs415AndStartsNoJob() {
        long jobsBefore = f.storage.jobs().recent(null, 1, 0).total();
        String body = "{\"date\":\"" + ApiFixture.DAY1 + "\"}";
        for (String type : new String[]{"application/x-www-form-urlencoded", "text/plain", "application/xml",
                "multipart/form-data; boundary=x", "application/jsonx", "text/json"}) {
            ApiFixture.Reply r = f.call(f.open, "POST", "/api/snapshots/repair", null, body, Map.of("Content-Type", type));
            assertProblem(r, 415, null, type);
            assertTrue(r.json().get("detail").asText().contains("application/json"), r.toString());
        }
        // no Content-Type at all with a body (the JDK client sends none unless told)
        assertProblem(f.call(f.open, "POST", "/api/snapshots/repair", null, body, Map.of()), 415, null, "no type");
        assertEquals(jobsBefore, f.storage.jobs().recent(null, 1, 0).total(), "a refused request records no job");

        // JSON types, parameters included, are accepted; an empty body needs no type
        for (String type : new String[]{"application/json; charset=utf-8", "APPLICATION/JSON", "application/merge-patch+json"}) {
            ApiFixture.Reply r = f.call(f.open, "POST", "/api/snapshots/repair?wait=60", null,
                    "{\"date\":\"2020-01-01\"}", Map.of("Content-Type", type));
            assertProblem(r, 404, null, type + " (no rows that day)");
        }
        ApiFixture.Reply empty = f.call(f.open, "POST", "/api/vcenters/cache/rebuild?wait=60", null, null,
                Map.of("Content-Type", "text/plain"));
        assertEquals(200, empty.status(), empty.toString());
    }

    @Test
    void junkAfterTheJsonObjectIs400() {
        long jobsBefore = f.storage.jobs().recent(null, 1, 0).total();
        String ok = "{\"type\":\"daily\",\"date\":\"" + ApiFixture.DAY1 + "\"}";
        for (String junk : new String[]{" x", "}", " {}", "\u0000", "[]", " \"more\"", ",", " // comment", "1"}) {
            ApiFixture.Reply r = f.post(f.open, "/api/snapshots/aggregate", null, ok + junk);
            assertProblem(r, 400, "body", "junk '" + junk + "'");
        }
        assertEquals(jobsBefore, f.storage.jobs().recent(null, 1, 0).total(), "a refused request records no job");
        // white space after the object is not junk
        ApiFixture.Reply r = f.post(f.open, "/api/snapshots/aggregate?wait=60", null, ok + " \r\n\t ");
        assertEquals(200, r.status(), r.toString());
    }

    @Test
    void controlCharactersAtEitherEndAreRefusedNotTrimmed() {
        String day = "/api/snapshots/daily/" + ApiFixture.DAY1;
        for (String url : List.of(
                "/api/snapshots?vcenter=%01" + ApiFixture.VC1, "/api/snapshots?vcenter=" + ApiFixture.VC1 + "%7F",
                "/api/snapshots?vcenter=%09" + ApiFixture.VC1, "/api/snapshots?vcenter=" + ApiFixture.VC1 + "%0A",
                "/api/snapshots?limit=%0A10", "/api/snapshots?limit=10%00", "/api/snapshots?type=hourly%0D",
                "/api/snapshots?from=%0B" + ApiFixture.DAY1, day + "?pool=%C2%85gold", day + "?name_prefix=%1Fvm")) {
            String name = url.substring(url.indexOf('?') + 1, url.indexOf('='));
            assertProblem(f.get(f.open, url), 400, name, url);
        }
        assertProblem(f.get(f.open, "/api/vcenters/%01" + ApiFixture.VC1 + "/totals"), 400, "vcenter", "path");
        // spaces at either end are still trimmed
        ApiFixture.Reply spaced = f.get(f.open, "/api/snapshots?limit=%2010%20&vcenter=%20" + ApiFixture.VC1);
        assertEquals(200, spaced.status(), spaced.toString());
        assertEquals(10, spaced.json().get("limit").asInt());

        for (String date : new String[]{"\\u0001" + ApiFixture.DAY1, ApiFixture.DAY1 + "\\n", "\\t" + ApiFixture.DAY1}) {
            ApiFixture.Reply r = f.post(f.open, "/api/snapshots/repair", null, "{\"date\":\"" + date + "\"}");
            assertProblem(r, 400, "date", "body date " + date);
        }
    }
}
