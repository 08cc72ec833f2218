package io.vmledger.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.vmledger.web.api.ApiFixture;
import io.vmledger.web.api.RouteTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The full auth matrix over every registered API route: no token, an unknown token, a viewer and an
 * admin, with authentication off and on. Also: public paths stay public, no spelling of an API path
 * slips past the filter, and no token ever reaches a log line or a response.
 */
class AuthMatrixTest {
    private static final String UNKNOWN_TOKEN = "not-a-configured-token-77aa";
    private final ApiFixture f = ApiFixture.get();
    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logLines) {
                logLines.add(r.getLoggerName() + " " + r.getMessage() + " " + (r.getThrown() == null ? "" : r.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger filterLogger = Logger.getLogger(BearerTokenFilter.class.getName());

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
        filterLogger.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
        filterLogger.setLevel(null);
    }

    /** A valid request for each route template; a new route without an entry fails the test. */
    private record Call(String path, String body) {
    }

    private Call callFor(RouteTable.Route r) {
        String trace = f.storage.lifecycle().forVcenter(ApiFixture.VC1).values().iterator().next().vmId();
        long jobId = f.storage.jobs().recent(null, 1, 0).items().get(0).id();
        return switch (r.path()) {
            case "/api/snapshots" -> new Call("/api/snapshots?type=hourly", null);
            case "/api/snapshots/daily/{date}" -> new Call("/api/snapshots/daily/" + ApiFixture.DAY1, null);
            case "/api/snapshots/monthly/{month}" -> new Call("/api/snapshots/monthly/" + ApiFixture.MONTH, null);
            case "/api/vcenters" -> new Call("/api/vcenters", null);
            case "/api/vcenters/{vcenter}/totals" -> new Call("/api/vcenters/" + ApiFixture.VC1 + "/totals", null);
            case "/api/vms/trace" -> new Call("/api/vms/trace?vcenter=" + ApiFixture.VC1 + "&vm_id=" + trace, null);
            case "/api/jobs" -> new Call("/api/jobs", null);
            case "/api/jobs/{id}" -> new Call("/api/jobs/" + jobId, null);
            case "/api/instances" -> new Call("/api/instances", null);
            case "/api/snapshots/aggregate" -> new Call("/api/snapshots/aggregate?wait=120",
                    "{\"type\":\"daily\",\"date\":\"" + ApiFixture.DAY1 + "\"}");
            case "/api/snapshots/repair" -> new Call("/api/snapshots/repair?wait=120",
                    "{\"date\":\"" + ApiFixture.DAY2 + "\"}");
            case "/api/snapshots/repair/all" -> new Call("/api/snapshots/repair/all?wait=120", null);
            case "/api/snapshots/regenerate-hourly-reports" -> new Call("/api/snapshots/regenerate-hourly-reports?wait=120",
                    "{\"from\":\"" + ApiFixture.DAY1 + "T00:00:00Z\",\"to\":\"" + ApiFixture.DAY1 + "T02:00:00Z\"}");
            case "/api/reports" -> new Call("/api/reports?type=daily", null);
            case "/api/reports/{name}" -> new Call("/api/reports/" + ApiFixture.DAY1_REPORT, null);
            case "/api/vcenters/cache/rebuild" -> new Call("/api/vcenters/cache/rebuild?wait=120", null);
            default -> fail("no request in the auth matrix for " + r + "; add one");
        };
    }

    private ApiFixture.Reply send(WebServer server, RouteTable.Route r, String token) {
        Call c = callFor(r);
        return f.call(server, r.method().text(), c.path(), token, c.body(),
                c.body() == null ? Map.of() : Map.of("Content-Type", "application/json"));
    }

    /** What an authorized call answers: 200 (GET, and POST with ?wait). */
    private static void assertAllowed(RouteTable.Route r, ApiFixture.Reply reply, String who) {
        String where = who + " " + r + ": " + reply;
        assertEquals(200, reply.status(), where);
        if (r.method() == Method.POST) {
            assertEquals("succeeded", reply.json().get("status").asText(), where);
        }
    }

    @Test
    void authOffLetsEveryoneCallEveryRoute() {
        List<RouteTable.Route> routes = f.routes.routes();
        assertTrue(routes.size() >= 13);
        for (RouteTable.Route r : routes) {
            assertAllowed(r, send(f.open, r, null), "no token");
            assertAllowed(r, send(f.open, r, UNKNOWN_TOKEN), "ignored token");
        }
        // with auth off, operations are recorded as requested by "anonymous"
        JsonNode repairs = f.get(f.open, "/api/jobs?type=repair&limit=1").json();
        assertTrue(repairs.get("items").get(0).get("detail").asText().startsWith("requested by anonymous"));
    }

    @Test
    void authOnAnswers401WithoutAValidToken403ForViewersOnOperationsAnd200ForAdmins() {
        for (RouteTable.Route r : f.routes.routes()) {
            ApiFixture.Reply none = send(f.secured, r, null);
            assertEquals(401, none.status(), "no token " + r + ": " + none);
            assertEquals("Bearer realm=\"vmledger\"", none.header("WWW-Authenticate"), r.toString());
            assertEquals("application/problem+json", none.header("Content-Type"));
            assertEquals(401, none.json().get("status").asInt());

            ApiFixture.Reply unknown = send(f.secured, r, UNKNOWN_TOKEN);
            assertEquals(401, unknown.status(), "unknown token " + r);
            assertTrue(unknown.header("WWW-Authenticate").contains("error=\"invalid_token\""));
            assertFalse(unknown.body().contains(UNKNOWN_TOKEN));

            ApiFixture.Reply viewer = send(f.secured, r, ApiFixture.VIEWER_TOKEN);
            if (r.method() == Method.GET) {
                assertAllowed(r, viewer, "viewer");
            } else {
                assertEquals(403, viewer.status(), "viewer " + r + ": " + viewer);
                assertTrue(viewer.header("WWW-Authenticate").contains("insufficient_scope"));
                assertTrue(viewer.json().get("detail").asText().contains("needs the admin role"), viewer.body());
            }
            assertAllowed(r, send(f.secured, r, ApiFixture.ADMIN_TOKEN), "admin");
        }
        JsonNode repairs = f.get(f.secured, "/api/jobs?type=repair&limit=1", ApiFixture.VIEWER_TOKEN).json();
        assertEquals("requested by ops-admin", repairs.get("items").get(0).get("detail").asText()
                .substring(0, "requested by ops-admin".length()));
    }

    @Test
    void malformedAuthorizationHeadersAre401() {
        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer" + ApiFixture.ADMIN_TOKEN,
                ApiFixture.ADMIN_TOKEN, "Bearer " + "x".repeat(2000))) {
            ApiFixture.Reply r = f.call(f.secured, "GET", "/api/jobs", null, null, Map.of("Authorization", header));
            assertEquals(401, r.status(), header);
            assertNotNull(r.header("WWW-Authenticate"));
        }
        // the scheme name is case-insensitive (RFC 7235)
        ApiFixture.Reply lower = f.call(f.secured, "GET", "/api/jobs", null, null,
                Map.of("Authorization", "bearer " + ApiFixture.VIEWER_TOKEN));
        assertEquals(200, lower.status());
    }

    @Test
    void uiHealthAndApiDocsStayPublic() {
        for (String path : List.of("/observe/health", "/openapi", "/swagger/", "/swagger/swagger-ui.css")) {
            assertEquals(200, f.get(f.secured, path).status(), path);
        }
    }

    @Test
    void unknownApiRoutesNeedATokenAndThenAre404Problems() {
        assertEquals(401, f.get(f.secured, "/api/no-such-thing").status());
        ApiFixture.Reply r = f.get(f.secured, "/api/no-such-thing", ApiFixture.ADMIN_TOKEN);
        assertEquals(404, r.status());
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals(404, r.json().get("status").asInt());
        assertEquals("Not Found", r.json().get("title").asText());
        // a known path with the wrong method is no way around the filter either
        assertEquals(401, f.call(f.secured, "DELETE", "/api/jobs", null, null, Map.of()).status());
        assertEquals(403, f.call(f.secured, "DELETE", "/api/jobs", ApiFixture.VIEWER_TOKEN, null, Map.of()).status());
    }

    @Test
    void noSpellingOfAnApiPathSlipsPastTheFilter() {
        for (String path : List.of("//api/jobs", "/api/./jobs", "/x/../api/jobs", "/%61pi/jobs", "/API/jobs",
                "/api/jobs/", "/api%2Fjobs", "/%2561pi/jobs", "/api;x=1/jobs", "/api;/jobs", "/;x/api/jobs",
                "/./api/jobs", "/api/jobs;type=x", "/%41PI/jobs")) {
            ApiFixture.Reply r = f.get(f.secured, path);
            assertNotEquals(200, r.status(), path + " answered without a token: " + r);
            assertTrue(r.status() == 401 || r.status() == 404 || r.status() == 400, path + ": " + r);
        }
    }

    @Test
    void tokensNeverAppearInLogsOrResponses() {
        List<String> tokens = List.of(ApiFixture.ADMIN_TOKEN, ApiFixture.VIEWER_TOKEN, UNKNOWN_TOKEN);
        for (String t : tokens) {
            f.get(f.secured, "/api/jobs", t);
            f.post(f.secured, "/api/vcenters/cache/rebuild?wait=60", t, null);
            f.get(f.secured, "/api/nothing-here", t);
        }
        synchronized (logLines) {
            assertFalse(logLines.isEmpty(), "the filter logged the refusals");
            for (String line : logLines) {
                for (String t : tokens) {
                    assertFalse(line.contains(t), "a token leaked into the log: " + line);
                }
            }
            assertTrue(logLines.stream().anyMatch(l -> l.contains("unknown token")), logLines.toString());
            assertTrue(logLines.stream().anyMatch(l -> l.contains("token 'dashboard' has the viewer role")));
        }
        JsonNode jobs = f.get(f.secured, "/api/jobs?limit=1000", ApiFixture.ADMIN_TOKEN).json();
        for (String t : tokens) {
            assertFalse(jobs.toString().contains(t), "a token leaked into a job record");
        }
    }
}
