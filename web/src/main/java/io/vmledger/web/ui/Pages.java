package io.vmledger.web.ui;

import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.settings.AuthSettings;
import io.vmledger.storage.spi.StoreUnavailableException;
import io.vmledger.web.config.BuildInfo;
import io.vmledger.web.http.BadRequestException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page shell and what every page shares: the session behind the request (and, with
 * {@code auth.ui: token}, the sign-in every page needs), rendering a template inside the shell
 * (navigation, who is signed in, footer), the error page, and the {@code Server-Timing} header.
 */
final class Pages {
    private static final System.Logger LOG = System.getLogger(Pages.class.getName());
    static final String SESSION_COOKIE = "vmledger_session";

    /** The main navigation: section key, label, path. */
    record NavItem(String key, String label, String href) {
    }

    static final List<NavItem> NAVIGATION = List.of(
            new NavItem("dashboard", "Dashboard", "/"),
            new NavItem("snapshots", "Snapshots", "/snapshots"),
            new NavItem("vcenters", "vCenters", "/vcenters"),
            new NavItem("trace", "VM trace", "/trace"),
            new NavItem("jobs", "Jobs", "/jobs"),
            new NavItem("reports", "Reports", ReportsPage.PATH));

    /** A page body: handles one request once the shell knows who is asking. */
    interface PageHandler {
        void handle(PageRequest page);
    }

    private final Templates templates;
    private final Format format;
    private final Assets assets;
    private final Sessions sessions;
    private final AuthSettings.UiMode mode;
    private final BuildInfo build;
    private final Instant started;
    private final String provider;
    private final Clock clock;

    Pages(Templates templates, Format format, Assets assets, Sessions sessions, AuthSettings.UiMode mode,
          BuildInfo build, String provider, Clock clock) {
        this.started = clock.instant();
        this.templates = templates;
        this.format = format;
        this.assets = assets;
        this.sessions = sessions;
        this.mode = mode;
        this.build = build;
        this.provider = provider;
        this.clock = clock;
    }

    Format format() {
        return format;
    }

    Sessions sessions() {
        return sessions;
    }

    /**
     * A Helidon handler for a page of a navigation section: finds the session, sends a visitor without
     * one to the sign-in in token mode, runs the page, and renders failures as the error page.
     */
    Handler page(String section, PageHandler handler) {
        return (req, res) -> {
            long start = System.nanoTime();
            Sessions.Lookup lookup = sessions.find(sessionId(req));
            PageRequest page = new PageRequest(this, req, res, viewer(lookup), section, start);
            if (mode == AuthSettings.UiMode.TOKEN && !page.viewer().signedIn()) {
                if (lookup instanceof Sessions.Expired) {
                    res.headers().addCookie(clearSessionCookie(req));
                }
                page.redirect(SignIn.PATH + "?next=" + Links.encode(here(req))
                        + (lookup instanceof Sessions.Expired ? "&expired=1" : ""));
                return;
            }
            handle(page, handler);
        };
    }

    /** A request of a section that anyone may see (sign-in, error pages): who asks, without a sign-in check. */
    PageRequest open(ServerRequest req, ServerResponse res, String section) {
        return new PageRequest(this, req, res, viewer(sessions.find(sessionId(req))), section, System.nanoTime());
    }

    private static Viewer viewer(Sessions.Lookup lookup) {
        return lookup instanceof Sessions.Active a ? new Viewer(a.session()) : Viewer.anonymous();
    }

    /** Runs a page and renders what it throws as the error page. */
    void handle(PageRequest page, PageHandler handler) {
        try {
            handler.handle(page);
        } catch (UiException e) {
            error(page, e.status(), e.title(), e.getMessage());
        } catch (BadRequestException e) {
            error(page, Status.BAD_REQUEST_400, "Bad request", e.getMessage());
        } catch (StoreUnavailableException e) {
            throw e; // ErrorHandling answers 503 with Retry-After, as a page for a browser
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "page " + page.req().path().path() + " failed", e);
            error(page, Status.INTERNAL_SERVER_ERROR_500, "Something went wrong",
                    "The page could not be built; the server log has the details.");
        }
    }

    void error(PageRequest page, Status status, String title, String message) {
        if (page.res().isSent()) {
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("status", status.code());
        model.put("message", message);
        // a 503 passes: offer the same page again rather than a dashboard that cannot be shown either (a path
        // of this site only, never "//host")
        String here = here(page.req());
        model.put("retry", status != Status.SERVICE_UNAVAILABLE_503 ? null
                : here.startsWith("/") && !here.startsWith("//") ? here : "/");
        render(page, status, "error", model);
    }

    /** Renders a template in the shell; the model must hold {@code title}. */
    void render(PageRequest page, Status status, String template, Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        Viewer v = page.viewer();
        Map<String, Object> viewer = new LinkedHashMap<>();
        viewer.put("signedIn", v.signedIn());
        viewer.put("admin", v.isAdmin());
        viewer.put("label", v.label());
        viewer.put("role", v.role());
        viewer.put("csrf", v.csrf());
        all.put("viewer", viewer);
        all.put("tokenMode", mode == AuthSettings.UiMode.TOKEN);
        all.put("nav", NAVIGATION);
        all.put("section", page.section());
        all.put("here", here(page.req()));
        all.putIfAbsent("lede", null);
        all.putIfAbsent("crumbs", List.of());
        all.put("assets", Map.of("css", assets.stylesheet(), "js", assets.script(), "icon", assets.icon()));
        all.put("footer", Map.of("version", build.version(),
                "commit", build.commit() + (build.modified() ? " (modified)" : ""), "provider", provider,
                "uptime", uptime(Duration.between(started, clock.instant())), "zone", format.zone().getId()));
        String html = templates.render(template, all);
        ServerResponse res = page.res();
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("Server-Timing", String.format(Locale.ROOT, "app;dur=%.1f",
                (System.nanoTime() - page.startNanos()) / 1e6));
        res.send(html);
    }

    /** The time since start, e.g. {@code 3 d 4 h}, {@code 2 h 5 min}, {@code 12 min}. */
    static String uptime(Duration d) {
        Duration up = d.isNegative() ? Duration.ZERO : d;
        if (up.toDays() > 0) {
            return up.toDays() + " d " + up.toHoursPart() + " h";
        }
        if (up.toHours() > 0) {
            return up.toHours() + " h " + up.toMinutesPart() + " min";
        }
        return up.toMinutes() + " min";
    }

    /** The session cookie: HttpOnly, SameSite=Strict, Secure under HTTPS, the whole site. */
    static SetCookie sessionCookie(ServerRequest req, String id) {
        return SetCookie.builder(SESSION_COOKIE, id).path("/").httpOnly(true).sameSite(SetCookie.SameSite.STRICT)
                .secure(secure(req)).build();
    }

    static SetCookie clearSessionCookie(ServerRequest req) {
        return SetCookie.builder(SESSION_COOKIE, "").path("/").httpOnly(true).sameSite(SetCookie.SameSite.STRICT)
                .secure(secure(req)).maxAge(Duration.ZERO).build();
    }

    /** Whether the browser reached us over HTTPS: directly, or through a proxy that says so. */
    static boolean secure(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO)
                .map(p -> p.trim().equalsIgnoreCase("https")).orElse(false);
    }

    static String sessionId(ServerRequest req) {
        return req.headers().cookies().first(SESSION_COOKIE).orElse(null);
    }

    /** The path and query of the request, to come back to after a sign-in. */
    static String here(ServerRequest req) {
        String query = req.query().rawValue();
        return req.path().rawPath() + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
