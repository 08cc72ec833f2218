package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.helidon.webserver.WebServer;
import io.vmledger.web.app.AppServices;
import io.vmledger.web.app.LedgerServer;
import io.vmledger.web.http.RawHttp;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API contract: the document served at {@code /openapi} is a valid OpenAPI 3 document (swagger-parser),
 * and every GET route the application registers answers, on the test ledger, what the document says:
 * a documented status, a documented content type, and a body valid under the documented schema, checked
 * strictly (required fields present, no undocumented field; see {@link OpenApiSchemas}). The routes come
 * from the application's route table, so a route added without documentation fails here, with a message
 * naming the route and the field.
 */
class OpenApiContractTest {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");
    private static final Pattern ARRAY_INDEX = Pattern.compile("/\\d+(?=[/:])");
    private static final String TWIN_NAME = "contract-twin-vm";

    private final ApiFixture f = ApiFixture.get();
    private final JsonNode document = f.get(f.open, "/openapi?format=json").json();
    private final OpenApiSchemas schemas = OpenApiSchemas.strict(document);

    @Test
    void theServedDocumentIsValidOpenApi3() {
        for (String format : List.of("yaml", "json")) {
            ApiFixture.Reply served = f.get(f.open, "/openapi?format=" + format);
            assertEquals(200, served.status());
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(served.body(), null, options);
            assertNotNull(result.getOpenAPI(), format + ": " + result.getMessages());
            assertEquals(List.of(), result.getMessages(), "/openapi?format=" + format + " is not valid OpenAPI 3");
        }
    }

    @Test
    void everyGetRouteAnswersWhatTheDocumentSays() {
        List<String> faults = new ArrayList<>();
        for (RouteTable.Route route : f.routes.routes()) {
            if (!route.method().text().equals("GET")) {
                continue;
            }
            JsonNode operation = document.path("paths").path(route.path()).path("get");
            if (operation.isMissingNode()) {
                faults.add(route + " is served but not documented in openapi.yaml");
                continue;
            }
            boolean answered200 = false;
            List<String> urls = requests(route.path(), faults);
            for (String url : urls) {
                ApiFixture.Reply reply = f.get(f.open, url);
                faults.addAll(check("GET " + url, operation, reply));
                faults.addAll(headLikeGet(url));
                answered200 |= reply.status() == 200;
            }
            if (!answered200) {
                faults.add(route + ": no sample request answered 200, so its success schema is unchecked; "
                        + "add one to OpenApiContractTest.requests");
            }
            // the errors every route documents: an unknown parameter (400), no token on a secured server (401)
            String anyUrl = urls.get(0);
            String unknownParameter = anyUrl + (anyUrl.contains("?") ? "&" : "?") + "no_such_parameter=1";
            faults.addAll(check("GET " + unknownParameter, operation, f.get(f.open, unknownParameter), 400));
            faults.addAll(check("GET " + anyUrl + " without a token", operation, f.get(f.secured, anyUrl), 401));
        }
        assertTrue(faults.isEmpty(), faults.size() + " contract faults:\n  " + String.join("\n  ", faults));
    }

    /**
     * HEAD of a GET route: the GET's status, Content-Type and Content-Length (the length of the GET's body), and
     * no body on the wire (every GET operation of the document answers HEAD so, as its description says).
     */
    private List<String> headLikeGet(String url) {
        RawHttp.Answer get = RawHttp.exchange(f.open.port(), "GET", url, Map.of());
        RawHttp.Answer head = RawHttp.exchange(f.open.port(), "HEAD", url, Map.of());
        List<String> faults = new ArrayList<>();
        if (head.status() != get.status()) {
            faults.add("HEAD " + url + ": status " + head.status() + ", GET " + get.status());
        }
        if (head.body().length > 0) {
            faults.add("HEAD " + url + ": " + head.body().length + " bytes of body");
        }
        if (!String.valueOf(get.header("Content-Type")).equals(String.valueOf(head.header("Content-Type")))) {
            faults.add("HEAD " + url + ": Content-Type " + head.header("Content-Type") + ", GET " + get.header("Content-Type"));
        }
        if (!String.valueOf(get.body().length).equals(head.header("Content-Length"))) {
            faults.add("HEAD " + url + ": Content-Length " + head.header("Content-Length") + ", GET's body "
                    + get.body().length + " bytes");
        }
        return faults;
    }

    @Test
    void theDocumentSaysGetOperationsAnswerHead() {
        assertTrue(document.path("info").path("description").asText().contains("HEAD"),
                "the document's description tells clients about HEAD");
    }

    /**
     * While the store is unavailable, every GET route that reads it answers a documented 503 problem with the
     * documented {@code Retry-After}; the routes that read only files (the reports) still answer. The store of
     * this server fails every call as an unreachable one would.
     */
    @Test
    void everyGetRouteThatReadsTheStoreAnswersADocumented503WhileItIsUnavailable() {
        List<String> faults = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        WebServer down = LedgerServer.start(AppServices.of(f.settings, UnavailableStorage.create(f.dir), f.source));
        try {
            for (RouteTable.Route route : f.routes.routes()) {
                if (!route.method().text().equals("GET")) {
                    continue;
                }
                JsonNode operation = document.path("paths").path(route.path()).path("get");
                String url = requests(route.path(), faults).get(0);
                ApiFixture.Reply reply = f.get(down, url);
                faults.addAll(check("GET " + url + " (store unavailable)", operation, reply));
                if (reply.status() == 503) {
                    unavailable.add(route.path());
                    JsonNode documented = resolve(operation.path("responses").path("503"));
                    if (!documented.path("headers").has("Retry-After") || !"5".equals(reply.header("Retry-After"))) {
                        faults.add("GET " + url + ": a 503 without Retry-After (documented and sent): " + reply.headers());
                    }
                }
            }
        } finally {
            down.stop();
        }
        assertTrue(faults.isEmpty(), faults.size() + " contract faults:\n  " + String.join("\n  ", faults));
        assertEquals(List.of("/api/instances", "/api/jobs", "/api/jobs/{id}", "/api/snapshots", "/api/snapshots/daily/{date}",
                "/api/snapshots/monthly/{month}", "/api/vcenters", "/api/vcenters/{vcenter}/totals", "/api/vms/trace"),
                unavailable.stream().sorted().toList());
    }

    @Test
    void everyObjectSchemaListsItsRequiredFields() {
        List<String> missing = new ArrayList<>();
        document.path("components").path("schemas").fields().forEachRemaining(e -> {
            JsonNode json = schemas.convert(e.getValue(), "#/components/schemas/" + e.getKey(), 0);
            if (json.has("properties") && json.path("required").isEmpty()) {
                missing.add(e.getKey());
            }
        });
        assertEquals(List.of(), missing, "object schemas whose always-present fields are not marked required");
    }

    @Test
    void theTotalsSeriesAndTheTraceDiscriminateWithoutTheirDiscriminator() {
        // as a generic validator reads them: each real item is valid under exactly one alternative
        OpenApiSchemas lenient = OpenApiSchemas.lenient(document);
        JsonNode hourly = f.get(f.open, "/api/vcenters/" + ApiFixture.VC1 + "/totals").json();
        JsonNode daily = f.get(f.open, "/api/vcenters/" + ApiFixture.VC1 + "/totals?granularity=daily").json();
        JsonNode totals = document.at("/components/schemas/Totals");
        JsonNode aggregate = document.at("/components/schemas/AggregateTotals");
        assertEquals(List.of(), lenient.validate(totals, hourly.get("items").get(0)));
        assertFalse(lenient.validate(aggregate, hourly.get("items").get(0)).isEmpty(), "an hourly row is no AggregateTotals");
        assertEquals(List.of(), lenient.validate(aggregate, daily.get("items").get(0)));
        assertFalse(lenient.validate(totals, daily.get("items").get(0)).isEmpty(), "a daily row is no Totals");
        JsonNode page = document.at("/components/schemas/TotalsPage");
        assertEquals(List.of(), lenient.validate(page, hourly));
        assertEquals(List.of(), lenient.validate(page, daily));

        ObjectNode mixed = hourly.deepCopy();
        mixed.set("items", daily.get("items"));
        assertFalse(lenient.validate(page, mixed).isEmpty(), "an hourly page of aggregate rows");
        assertFalse(schemas.validate(page, mixed).isEmpty(), "an hourly page of aggregate rows");

        LifecycleEntry vm = f.storage.lifecycle().forVcenter(ApiFixture.VC1).values().stream()
                .filter(e -> e.vmId() != null).findFirst().orElseThrow();
        JsonNode trace = f.get(f.open, "/api/vms/trace?vm_id=" + vm.vmId() + "&vcenter=" + ApiFixture.VC1).json();
        assertEquals(List.of(), lenient.validate(document.at("/components/schemas/TraceResult"), trace));
        assertFalse(lenient.validate(document.at("/components/schemas/Ambiguous"), trace).isEmpty());
    }

    @Test
    void theStrictCheckRejectsAMissingAnUndocumentedOrANullField() {
        JsonNode page = f.get(f.open, "/api/vcenters/" + ApiFixture.VC1 + "/totals").json();
        JsonNode schema = document.at("/components/schemas/TotalsPage");
        assertEquals(List.of(), schemas.validate(schema, page));

        ObjectNode extra = page.deepCopy();
        ((ObjectNode) extra.get("items").get(0)).put("Surprise", 1);
        assertEquals(List.of("/items/0: property 'Surprise' is not defined in the schema and the schema does not allow "
                + "additional properties"), schemas.validate(schema, extra));
        ObjectNode missing = page.deepCopy();
        ((ObjectNode) missing.get("items").get(0)).remove("VmCount");
        assertEquals(List.of("/items/0: required property 'VmCount' not found"), schemas.validate(schema, missing));
        ObjectNode nulled = page.deepCopy();
        ((ObjectNode) nulled.get("items").get(0)).putNull("SnapshotTimeIso");
        assertEquals(1, schemas.validate(schema, nulled).size(), schemas.validate(schema, nulled).toString());
        ObjectNode badTime = page.deepCopy();
        ((ObjectNode) badTime.get("items").get(0)).put("SnapshotTimeIso", "yesterday");
        assertEquals(1, schemas.validate(schema, badTime).size(), "date-time formats are checked");
    }

    /**
     * The requests that exercise one route: success in each of its shapes, and its documented 404s. A
     * route without an entry here is called once, its path parameters filled in by name; a parameter the
     * test has no value for is reported.
     */
    private List<String> requests(String template, List<String> faults) {
        String vc = ApiFixture.VC1;
        String day = ApiFixture.DAY1.toString();
        String month = ApiFixture.MONTH.toString();
        return switch (template) {
            case "/api/snapshots" -> List.of("/api/snapshots", "/api/snapshots?type=hourly&vcenter=" + vc + "&limit=5",
                    "/api/snapshots?type=daily", "/api/snapshots?type=monthly");
            case "/api/snapshots/daily/{date}" -> List.of("/api/snapshots/daily/" + day,
                    "/api/snapshots/daily/" + day + "?sort=AvgVcpuCount&order=desc&limit=5&vcenter=" + vc,
                    "/api/snapshots/daily/" + day + "?format=csv&limit=3", "/api/snapshots/daily/" + day + "?format=xlsx",
                    "/api/snapshots/daily/2020-01-01");
            case "/api/snapshots/monthly/{month}" -> List.of("/api/snapshots/monthly/" + month,
                    "/api/snapshots/monthly/" + month + "?format=csv&limit=3", "/api/snapshots/monthly/2020-01");
            case "/api/vcenters/{vcenter}/totals" -> List.of("/api/vcenters/" + vc + "/totals",
                    "/api/vcenters/" + vc + "/totals?granularity=daily",
                    "/api/vcenters/" + vc + "/totals?granularity=monthly", "/api/vcenters/no.such.vcenter/totals");
            case "/api/vms/trace" -> traceRequests();
            case "/api/jobs" -> List.of("/api/jobs", "/api/jobs?type=capture&limit=3");
            case "/api/jobs/{id}" -> List.of("/api/jobs/" + f.storage.jobs().recent(null, 1, 0).items().get(0).id(),
                    "/api/jobs/999999999");
            case "/api/reports" -> List.of("/api/reports", "/api/reports?type=daily&from=" + day, "/api/reports?type=weekly");
            case "/api/reports/{name}" -> List.of("/api/reports/" + ApiFixture.DAY1_REPORT,
                    "/api/reports/inventory_daily_summary_20200101.xlsx", "/api/reports/ledger.db");
            default -> List.of(fillPathParameters(template, faults));
        };
    }

    /** A live VM, a deleted one (traced uniquely) and an ambiguous name; plus an unknown VM (404). */
    private List<String> traceRequests() {
        // two VMs of one name, one per vCenter, one of them deleted, known only from history older than the
        // hourly rows (as after retention), so no other test's figures change
        long old = ApiFixture.DAY1.minusDays(60).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        f.storage.lifecycle().upsert(List.of(
                new LifecycleEntry(ApiFixture.VC1, "vm-contract-1", "vm-contract-1", "uuid-contract-1", TWIN_NAME,
                        old, old + 3600, null, old + 7200, DeletionSource.OBSERVED),
                new LifecycleEntry(ApiFixture.VC2, "vm-contract-2", "vm-contract-2", "uuid-contract-2", TWIN_NAME,
                        old, old + 3600, old - 86_400, null, null)));
        LifecycleEntry live = f.storage.lifecycle().forVcenter(ApiFixture.VC1).values().stream()
                .filter(e -> e.vmId() != null && !e.deleted() && e.lastSeen() > old).findFirst().orElseThrow();
        return List.of("/api/vms/trace?vm_id=" + live.vmId() + "&vcenter=" + ApiFixture.VC1,
                "/api/vms/trace?name=" + URLEncoder.encode(live.name(), StandardCharsets.UTF_8) + "&limit=2&offset=1",
                "/api/vms/trace?vm_id=vm-contract-1&vcenter=" + ApiFixture.VC1,
                "/api/vms/trace?name=" + TWIN_NAME,
                "/api/vms/trace?vm_id=vm-no-such-vm");
    }

    private static String fillPathParameters(String template, List<String> faults) {
        Map<String, String> values = Map.of("date", ApiFixture.DAY1.toString(), "month", ApiFixture.MONTH.toString(),
                "vcenter", ApiFixture.VC1, "id", "1");
        Matcher m = PATH_PARAM.matcher(template);
        StringBuilder url = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                faults.add("GET " + template + ": the contract test has no value for {" + m.group(1)
                        + "}; add the route to OpenApiContractTest.requests");
                value = "x";
            }
            m.appendReplacement(url, Matcher.quoteReplacement(value));
        }
        m.appendTail(url);
        return url.toString();
    }

    private List<String> check(String call, JsonNode operation, ApiFixture.Reply reply, int expectedStatus) {
        List<String> faults = new ArrayList<>();
        if (reply.status() != expectedStatus) {
            faults.add(call + " answered " + reply.status() + ", expected " + expectedStatus + ": " + reply);
            return faults;
        }
        faults.addAll(check(call, operation, reply));
        return faults;
    }

    /** The status, content type and body of one reply against the operation's documented responses. */
    private List<String> check(String call, JsonNode operation, ApiFixture.Reply reply) {
        List<String> faults = new ArrayList<>();
        String status = Integer.toString(reply.status());
        JsonNode response = operation.path("responses").path(status);
        if (response.isMissingNode()) {
            response = operation.path("responses").path("default");
        }
        if (response.isMissingNode()) {
            faults.add(call + " answered " + status + ", which openapi.yaml does not document for this operation: " + reply);
            return faults;
        }
        response = resolve(response);
        String contentType = String.valueOf(reply.header("Content-Type")).split(";")[0].strip().toLowerCase(Locale.ROOT);
        JsonNode media = response.path("content").path(contentType);
        if (media.isMissingNode()) {
            List<String> documented = new ArrayList<>();
            response.path("content").fieldNames().forEachRemaining(documented::add);
            faults.add(call + " answered " + status + " as " + contentType + "; openapi.yaml documents " + documented);
            return faults;
        }
        if (contentType.endsWith("json")) {
            // one line per fault, array indices folded: "/items/*/Name: ..." (in 100 places)
            Map<String, Integer> distinct = new LinkedHashMap<>();
            for (String error : schemas.validate(media.path("schema"), reply.json())) {
                distinct.merge(ARRAY_INDEX.matcher(error).replaceAll("/*"), 1, Integer::sum);
            }
            distinct.forEach((error, times) -> faults.add(call + " (" + status + " " + contentType + "): " + error
                    + (times > 1 ? " (in " + times + " places)" : "")));
        } else if (reply.body().isEmpty()) {
            faults.add(call + " answered an empty " + contentType + " body");
        }
        return faults;
    }

    /** A response object, or the one its {@code $ref} names. */
    private JsonNode resolve(JsonNode response) {
        if (response.has("$ref")) {
            return document.at(response.get("$ref").asText().substring(1));
        }
        return response;
    }
}
