package io.vmledger.web.ui;

import io.vmledger.reports.ReportId;
import io.vmledger.web.http.RawHttp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monitoring tools and link checkers ask with HEAD: every page, download and file of the UI answers it as it
 * answers GET (status, Content-Type, Content-Length, the other headers) with no byte of body on the wire;
 * so do the answers that filters and error handlers write (a 404, a 401, a sign-in redirect). Other wrong
 * methods still get 405 with {@code Allow}. The API's GET routes are checked the same way by
 * {@code OpenApiContractTest}.
 */
class HeadRequestsTest {
    private final UiFixture f = UiFixture.get();

    private List<String> paths() {
        List<String> paths = new ArrayList<>();
        for (UiPages.Spec page : UiPages.all()) {
            paths.add(page.path());
        }
        paths.add("/snapshots/daily/" + UiFixture.DAY2 + "/export.csv?vcenter=" + Links.encode(UiFixture.VC1));
        paths.add("/snapshots/monthly/" + UiFixture.MONTH + "/export.csv");
        paths.add(ReportsPage.href(ReportId.daily(UiFixture.DAY1)));
        paths.add("/favicon.ico");
        paths.add("/snapshots/daily/2026-13-40");
        return paths;
    }

    @Test
    void everyPageAndDownloadAnswersHeadLikeGetWithoutABody() {
        List<String> faults = new ArrayList<>();
        int port = f.server.port();
        for (String path : paths()) {
            for (Map<String, String> accept : List.of(Map.of("Accept", "text/html"), Map.<String, String>of())) {
                RawHttp.Answer get = RawHttp.exchange(port, "GET", path, accept);
                RawHttp.Answer head = RawHttp.exchange(port, "HEAD", path, accept);
                String what = "HEAD " + path + " " + accept;
                if (head.status() != get.status()) {
                    faults.add(what + ": status " + head.status() + ", GET " + get.status());
                    continue;
                }
                if (head.body().length != 0) {
                    faults.add(what + ": " + head.body().length + " bytes of body");
                }
                for (String h : List.of("Content-Type", "Content-Disposition", "Cache-Control",
                        "Content-Security-Policy", "X-Content-Type-Options", "X-Total-Count", "Location")) {
                    if (!String.valueOf(get.header(h)).equals(String.valueOf(head.header(h)))) {
                        faults.add(what + ": " + h + " '" + head.header(h) + "', GET '" + get.header(h) + "'");
                    }
                }
                // a problem names the request's method ("no route HEAD /x"), so only a success has GET's very length
                String length = head.header("Content-Length");
                if (length == null || get.status() < 400 && !length.equals(String.valueOf(get.body().length))) {
                    faults.add(what + ": Content-Length " + length + ", GET's body " + get.body().length + " bytes");
                }
            }
        }
        assertTrue(faults.isEmpty(), faults.size() + " faults:\n  " + String.join("\n  ", faults));
    }

    @Test
    void answersOfFiltersAndErrorHandlersHaveNoBodyForHead() {
        int open = f.server.port();
        int token = f.server.port("token");
        RawHttp.Answer notFound = RawHttp.exchange(open, "HEAD", "/no-such-page", Map.of("Accept", "text/html"));
        assertEquals(404, notFound.status());
        assertEquals(0, notFound.body().length);
        assertTrue(notFound.header("Content-Type").startsWith("text/html"));
        assertEquals(String.valueOf(RawHttp.exchange(open, "GET", "/no-such-page", Map.of("Accept", "text/html"))
                .body().length), notFound.header("Content-Length"));

        RawHttp.Answer problem = RawHttp.exchange(open, "HEAD", "/api/nothing", Map.of());
        assertEquals(404, problem.status());
        assertEquals("application/problem+json", problem.header("Content-Type"));
        assertEquals(0, problem.body().length);

        RawHttp.Answer badRequest = RawHttp.exchange(open, "HEAD", "/api/snapshots/daily/2026-13-40", Map.of());
        assertEquals(400, badRequest.status());
        assertEquals(0, badRequest.body().length);

        RawHttp.Answer unauthorized = RawHttp.exchange(token, "HEAD", "/api/jobs", Map.of());
        assertEquals(401, unauthorized.status(), "the bearer filter answers before any route");
        assertNotNull(unauthorized.header("WWW-Authenticate"));
        assertEquals(0, unauthorized.body().length);
        assertEquals(200, RawHttp.exchange(token, "HEAD", "/api/jobs",
                Map.of("Authorization", "Bearer " + UiFixture.VIEWER_TOKEN)).status(), "a viewer may HEAD");

        RawHttp.Answer signIn = RawHttp.exchange(token, "HEAD", "/jobs", Map.of("Accept", "text/html"));
        assertEquals(RawHttp.exchange(token, "GET", "/jobs", Map.of("Accept", "text/html")).status(), signIn.status());
        assertTrue(signIn.header("Location").startsWith("/signin"), signIn.headers().toString());
        assertEquals(0, signIn.body().length);
    }

    @Test
    void otherWrongMethodsStillGet405WithAllowNamingHead() {
        for (String path : List.of("/snapshots", "/snapshots/daily/" + UiFixture.DAY2, "/jobs/1", "/api/jobs")) {
            RawHttp.Answer put = RawHttp.exchange(f.server.port(), "PUT", path, Map.of("Content-Length", "0"));
            assertEquals(405, put.status(), path);
            assertEquals("GET, HEAD", put.header("Allow"), path);
        }
        RawHttp.Answer headOfPost = RawHttp.exchange(f.server.port(), "HEAD", "/admin/aggregate", Map.of());
        assertEquals(405, headOfPost.status(), "a form's POST-only address does not take HEAD");
        assertEquals("POST", headOfPost.header("Allow"));
        assertEquals(0, headOfPost.body().length);
    }
}
