package io.vmledger.web.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both UI auth modes: {@code public} (pages open, operations need an admin sign-in) and {@code token}
 * (every page needs a sign-in): sign-in, sign-out, expiry, a viewer refused an admin form, a form without
 * its CSRF token refused, the session cookie's attributes, and no token in a URL or a log line.
 */
class AuthBrowserTest {
    private final UiFixture f = UiFixture.get();
    private final Browser b = Browser.get();
    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logLines) {
                logLines.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() {
        Logger.getLogger("").addHandler(capture);
        b.width(1280);
        b.driver.manage().deleteAllCookies();
    }

    @AfterEach
    void noTokenWasLogged() {
        Logger.getLogger("").removeHandler(capture);
        synchronized (logLines) {
            for (String line : logLines) {
                assertFalse(line.contains(UiFixture.ADMIN_TOKEN) || line.contains(UiFixture.VIEWER_TOKEN),
                        "a token in the log: " + line);
            }
        }
    }

    private void signInWithKeyboard(String token) {
        b.find("#token").click();
        b.pressAndLoad(token, Keys.ENTER);
    }

    @Test
    void tokenModePagesNeedASignInThenWorkUntilSignOut() {
        String base = f.tokenUrl();
        b.open(base + "/snapshots/daily/" + UiFixture.DAY2 + "?vcenter=" + UiFixture.VC1);
        assertTrue(b.driver.getCurrentUrl().startsWith(base + "/signin?next="), b.driver.getCurrentUrl());
        assertEquals("Sign in", b.find("h1").getText());

        signInWithKeyboard(UiFixture.VIEWER_TOKEN);
        assertEquals(base + "/snapshots/daily/" + UiFixture.DAY2 + "?vcenter=" + UiFixture.VC1, b.driver.getCurrentUrl(),
                "back to the page asked for");
        assertEquals("dashboard viewer", b.find(".session__who").getText());
        for (UiPages.Spec spec : UiPages.all()) {
            if (spec.path().startsWith(SignIn.PATH)) {
                continue;
            }
            b.open(base + spec.path());
            assertFalse(b.driver.getCurrentUrl().contains("/signin"), spec + " opens once signed in");
        }
        b.open(base + "/");
        assertTrue(b.find("aside.callout").getText().contains("Pages need a sign-in"));
        Cookie session = b.driver.manage().getCookieNamed(Pages.SESSION_COOKIE);
        assertTrue(session.isHttpOnly());
        assertEquals("Strict", session.getSameSite());

        b.find(".session__form button").click();
        b.settle();
        assertEquals(base + "/signin?signedout=1", b.driver.getCurrentUrl());
        assertTrue(b.find("p.notice").getText().contains("You are signed out."));
        b.open(base + "/jobs");
        assertTrue(b.driver.getCurrentUrl().startsWith(base + "/signin?next=%2Fjobs"), "the old session is gone");
    }

    @Test
    void aSessionExpiresAfterItsIdleMinutes() {
        String base = f.tokenUrl();
        b.open(base + "/signin");
        signInWithKeyboard(UiFixture.ADMIN_TOKEN);
        b.open(base + "/jobs");
        assertEquals(base + "/jobs", b.driver.getCurrentUrl());
        f.clock.advance(Duration.ofMinutes(UiFixture.SESSION_MINUTES - 1));
        b.open(base + "/jobs");
        assertEquals(base + "/jobs", b.driver.getCurrentUrl(), "each request keeps the session alive");
        f.clock.advance(Duration.ofMinutes(UiFixture.SESSION_MINUTES + 1));
        b.open(base + "/jobs");
        assertEquals(base + "/signin?next=%2Fjobs&expired=1", b.driver.getCurrentUrl());
        assertTrue(b.find("p.notice").getText().contains("Your session expired"));
    }

    @Test
    void aWrongTokenIsRefusedOnTheForm() {
        b.open(f.tokenUrl() + "/signin");
        signInWithKeyboard("not-a-token");
        assertEquals(f.tokenUrl() + "/signin", b.driver.getCurrentUrl());
        assertEquals("That token is not valid. Check it and try again.", b.find("#token-error").getText());
        assertEquals("true", b.find("#token").getDomAttribute("aria-invalid"));
        assertEquals("", b.find("#token").getDomProperty("value"), "the token is not written back into the page");
        assertNull(b.driver.manage().getCookieNamed(Pages.SESSION_COOKIE));
    }

    @Test
    void publicModeShowsPagesAndNeedsAnAdminSessionForOperations() {
        UiFixture.Http http = UiFixture.http();
        HttpResponse<String> page = http.get(f.publicUrl() + "/vcenters");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Sign in</a> with an admin token to run operations."));

        HttpResponse<String> anonymous = http.postForm(f.publicUrl() + "/admin/rebuild-totals", Map.of());
        assertEquals(403, anonymous.statusCode());
        assertTrue(anonymous.body().contains("Operations need an admin session"));

        UiFixture.Http viewer = UiFixture.http();
        assertEquals(303, viewer.signIn(f.publicUrl(), UiFixture.VIEWER_TOKEN).statusCode());
        String csrf = UiFixture.hidden(viewer.get(f.publicUrl() + "/vcenters").body(), "csrf");
        HttpResponse<String> refused = viewer.postForm(f.publicUrl() + "/admin/rebuild-totals", Map.of("csrf", csrf));
        assertEquals(403, refused.statusCode(), "a viewer is refused an admin form");
        assertTrue(refused.body().contains("has the viewer role"));
        long jobsBefore = f.storage.jobs().recent("vcenter-cache-rebuild", 1, 0).total();

        UiFixture.Http admin = UiFixture.http();
        assertEquals(303, admin.signIn(f.publicUrl(), UiFixture.ADMIN_TOKEN).statusCode());
        String adminCsrf = UiFixture.hidden(admin.get(f.publicUrl() + "/snapshots/daily/" + UiFixture.DAY1).body(), "csrf");
        HttpResponse<String> noToken = admin.postForm(f.publicUrl() + "/admin/aggregate",
                Map.of("kind", "daily", "period", UiFixture.DAY1.toString()));
        assertEquals(403, noToken.statusCode(), "a form without its CSRF token is refused");
        assertTrue(noToken.body().contains("did not carry this session"));
        HttpResponse<String> wrongToken = admin.postForm(f.publicUrl() + "/admin/aggregate",
                Map.of("kind", "daily", "period", UiFixture.DAY1.toString(), "csrf", csrf));
        assertEquals(403, wrongToken.statusCode(), "another session's CSRF token is refused");
        assertEquals(jobsBefore, f.storage.jobs().recent("vcenter-cache-rebuild", 1, 0).total(), "nothing ran");

        HttpResponse<String> done = admin.postForm(f.publicUrl() + "/admin/aggregate",
                Map.of("kind", "daily", "period", UiFixture.DAY1.toString(), "csrf", adminCsrf));
        assertEquals(303, done.statusCode());
        String job = done.headers().firstValue("Location").orElseThrow();
        assertTrue(job.matches("/jobs/\\d+"), job);
        assertTrue(admin.get(f.publicUrl() + job).body().contains("ops-admin (web UI)"));

        HttpResponse<String> nothing = admin.postForm(f.publicUrl() + "/admin/aggregate",
                Map.of("kind", "daily", "period", "2026-09-01", "csrf", adminCsrf));
        assertEquals(404, nothing.statusCode());
        assertTrue(nothing.body().contains("nothing to aggregate"));
    }

    @Test
    void sessionCookieIsHttpOnlyStrictAndSecureBehindHttps() {
        UiFixture.Http http = UiFixture.http();
        HttpResponse<String> form = http.get(f.tokenUrl() + "/signin");
        String csrf = UiFixture.hidden(form.body(), "csrf");
        HttpResponse<String> plain = http.postForm(f.tokenUrl() + "/signin",
                Map.of("csrf", csrf, "next", "/jobs", "token", UiFixture.ADMIN_TOKEN));
        assertEquals(303, plain.statusCode());
        assertEquals("/jobs", plain.headers().firstValue("Location").orElseThrow());
        String cookie = plain.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Pages.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP: " + cookie);
        assertFalse(cookie.contains(UiFixture.ADMIN_TOKEN));

        UiFixture.Http proxied = UiFixture.http();
        String csrf2 = UiFixture.hidden(proxied.get(f.tokenUrl() + "/signin").body(), "csrf");
        HttpResponse<String> https = proxied.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(f.tokenUrl() + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", "https")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + csrf2 + "&next=%2F&token="
                        + UiFixture.ADMIN_TOKEN)).build());
        assertEquals(303, https.statusCode());
        assertTrue(https.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith(Pages.SESSION_COOKIE + "=") && c.contains("Secure")));

        // a sign-in form from elsewhere (no form cookie) is refused; an outside "next" becomes /
        HttpResponse<String> forged = UiFixture.http().postForm(f.tokenUrl() + "/signin",
                Map.of("csrf", csrf, "next", "/", "token", UiFixture.ADMIN_TOKEN));
        assertEquals(403, forged.statusCode());
        UiFixture.Http other = UiFixture.http();
        String csrf3 = UiFixture.hidden(other.get(f.tokenUrl() + "/signin").body(), "csrf");
        HttpResponse<String> away = other.postForm(f.tokenUrl() + "/signin",
                Map.of("csrf", csrf3, "next", "//evil.example/", "token", UiFixture.ADMIN_TOKEN));
        assertEquals("/", away.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void adminFormsInTokenModeNeedAnAdminToo() {
        UiFixture.Http viewer = UiFixture.http();
        assertEquals(303, viewer.signIn(f.tokenUrl(), UiFixture.VIEWER_TOKEN).statusCode());
        String csrf = UiFixture.hidden(viewer.get(f.tokenUrl() + "/snapshots/daily/" + UiFixture.DAY1).body(), "csrf");
        HttpResponse<String> refused = viewer.postForm(f.tokenUrl() + "/admin/repair",
                Map.of("date", UiFixture.DAY1.toString(), "csrf", csrf));
        assertEquals(403, refused.statusCode());

        HttpResponse<String> anonymous = UiFixture.http().postForm(f.tokenUrl() + "/admin/repair",
                Map.of("date", UiFixture.DAY1.toString()));
        assertEquals(303, anonymous.statusCode(), "token mode sends a visitor without a session to the sign-in");
        assertTrue(anonymous.headers().firstValue("Location").orElseThrow().startsWith("/signin?next="));
        assertNotNull(csrf);
    }
}
