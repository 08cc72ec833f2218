package io.vmledger.web.ui;

import io.vmledger.web.http.SecurityHeaders;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UI over plain HTTP: security headers, error formats, the CSV download, the static files and their size. */
class UiHttpTest {
    /** design budget: the stylesheet and the script together, gzipped. */
    static final int ASSET_BUDGET_BYTES = 150 * 1024;

    private final UiFixture f = UiFixture.get();
    private final UiFixture.Http http = UiFixture.http();

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : new String[]{"/", "/snapshots/daily/" + UiFixture.DAY1, "/signin", "/api/jobs?limit=1",
                "/no-such-page", "/observe/health"}) {
            HttpResponse<String> r = http.get(f.publicUrl() + path);
            assertEquals(SecurityHeaders.CSP, r.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
        }
        assertTrue(SecurityHeaders.CSP.contains("default-src 'self'") && SecurityHeaders.CSP.contains("frame-ancestors 'none'")
                && !SecurityHeaders.CSP.contains("unsafe-inline"));
        HttpResponse<String> swagger = http.get(f.publicUrl() + "/swagger/");
        assertEquals("frame-ancestors 'none'", swagger.headers().firstValue("Content-Security-Policy").orElse(null));
        HttpResponse<String> page = http.get(f.publicUrl() + "/");
        assertTrue(page.headers().firstValue("Server-Timing").orElse("").matches("app;dur=[0-9.]+"));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(!page.body().contains("style=\"") && !page.body().contains("onclick") && !page.body().contains("<script>"),
                "no inline style or script that the policy would have to allow");
    }

    @Test
    void aBrowserGetsAnErrorPageAndAnApiClientAProblem() {
        HttpResponse<String> html = http.get(f.publicUrl() + "/no-such-page");
        assertEquals(404, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(html.body().contains("There is no page at this address."));
        HttpResponse<String> json = http.get(f.publicUrl() + "/no-such-page", Map.of("Accept", "application/json"));
        assertEquals("application/problem+json", json.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> api = http.get(f.publicUrl() + "/api/nothing");
        assertEquals("application/problem+json", api.headers().firstValue("Content-Type").orElseThrow(),
                "the API answers problems even to a browser");
        HttpResponse<String> bad = http.get(f.publicUrl() + "/snapshots/daily/2026-13-40");
        assertEquals(404, bad.statusCode());
        assertTrue(bad.body().contains("is not a day"));
        HttpResponse<String> badSort = http.get(f.publicUrl() + "/snapshots/daily/" + UiFixture.DAY1 + "?sort=Bogus");
        assertEquals(400, badSort.statusCode());
        assertTrue(badSort.body().contains("unknown sort column"));
    }

    @Test
    void theCsvDownloadIsTheApisCsvOfTheSameFilter() {
        String filter = "?vcenter=" + UiFixture.VC1 + "&sort=AvgVcpuCount&order=desc";
        HttpResponse<String> ui = http.get(f.publicUrl() + "/snapshots/daily/" + UiFixture.DAY2 + "/export.csv" + filter);
        HttpResponse<String> api = http.get(f.publicUrl() + "/api/snapshots/daily/" + UiFixture.DAY2 + filter + "&format=csv");
        assertEquals(200, ui.statusCode());
        assertEquals(api.body(), ui.body());
        assertEquals("attachment; filename=\"inventory_daily_summary_" + UiFixture.DAY2.toString().replace("-", "")
                + ".csv\"", ui.headers().firstValue("Content-Disposition").orElseThrow());
        HttpResponse<String> month = http.get(f.publicUrl() + "/snapshots/monthly/" + UiFixture.MONTH + "/export.csv");
        assertEquals(http.get(f.publicUrl() + "/api/snapshots/monthly/" + UiFixture.MONTH + "?format=csv").body(), month.body());
    }

    @Test
    void cssAndJsStayWithinTheirBudgetAndAreCachedAndGzipped() throws IOException, InterruptedException {
        Assets assets = new Assets();
        long gzipped = assets.all().values().stream().filter(a -> a.name().endsWith(".css") || a.name().endsWith(".js"))
                .mapToLong(a -> a.gzipped().length).sum();
        assertTrue(gzipped <= ASSET_BUDGET_BYTES, "CSS + JS gzipped: " + gzipped + " bytes");
        assertEquals(2, assets.all().keySet().stream().filter(n -> n.endsWith(".css") || n.endsWith(".js")).count(),
                "one stylesheet and one script");

        String page = http.get(f.publicUrl() + "/").body();
        assertTrue(page.contains("href=\"" + assets.stylesheet() + "\""));
        HttpResponse<byte[]> css = http.client().send(HttpRequest.newBuilder(URI.create(f.publicUrl() + assets.stylesheet()))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", css.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("public, max-age=31536000, immutable", css.headers().firstValue("Cache-Control").orElseThrow());
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(css.body())).readAllBytes();
        assertArrayEquals(assets.all().get(assets.stylesheet().substring(Assets.PREFIX.length())).body(), plain);
        assertTrue(new String(plain).contains("--theme_cta: #1b61c9"));
        assertEquals(404, http.get(f.publicUrl() + "/assets/../../etc/passwd").statusCode());
        assertEquals(404, http.get(f.publicUrl() + "/assets/app.css").statusCode(), "only the hashed names");
    }
}
