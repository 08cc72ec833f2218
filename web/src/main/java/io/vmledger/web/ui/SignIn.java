package io.vmledger.web.ui;

import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.vmledger.web.auth.Caller;
import io.vmledger.web.auth.TokenVerifier;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in with a viewer or admin token ({@code GET} and {@code POST /signin}) and sign-out
 * ({@code POST /signout}). The token travels only in the form's body, is checked against the configured
 * digests and is never stored, logged or put in a URL; the session cookie names the session.
 * The sign-in form carries a CSRF token that must match its own short-lived cookie, so no other site
 * can sign a browser in; sign-out needs the session's CSRF token.
 */
final class SignIn {
    static final String PATH = "/signin";
    static final String SIGN_OUT = "/signout";
    private static final System.Logger LOG = System.getLogger(SignIn.class.getName());
    private static final String FORM_COOKIE = "vmledger_signin";

    private final Pages pages;
    private final TokenVerifier verifier;

    SignIn(Pages pages, TokenVerifier verifier) {
        this.pages = pages;
        this.verifier = verifier;
    }

    void routing(HttpRules rules) {
        // reachable without a session, whatever the mode
        rules.get(PATH, (req, res) -> pages.handle(pages.open(req, res, "signin"), this::form));
        rules.post(PATH, (req, res) -> pages.handle(pages.open(req, res, "signin"), this::signIn));
        rules.post(SIGN_OUT, (req, res) -> pages.handle(pages.open(req, res, "signin"), this::signOut));
    }

    private void form(PageRequest page) {
        UiParams q = page.params();
        String next = safeNext(q.text("next").orElse("/"));
        String notice = q.text("expired").isPresent() ? "Your session expired. Sign in again to continue."
                : q.text("signedout").isPresent() ? "You are signed out." : null;
        show(page, Status.OK_200, next, notice, null);
    }

    private void show(PageRequest page, Status status, String next, String notice, String error) {
        String formToken = Sessions.random();
        page.res().headers().addCookie(SetCookie.builder(FORM_COOKIE, formToken).path(PATH).httpOnly(true)
                .sameSite(SetCookie.SameSite.STRICT).secure(Pages.secure(page.req())).maxAge(Duration.ofMinutes(30))
                .build());
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Sign in");
        model.put("next", next);
        model.put("formToken", formToken);
        model.put("notice", notice);
        model.put("error", error);
        page.render(status, "signin", model);
    }

    private void signIn(PageRequest page) {
        Forms form = Forms.read(page.req());
        String next = safeNext(form.get("next").orElse("/"));
        String cookie = page.req().headers().cookies().first(FORM_COOKIE).orElse(null);
        if (cookie == null || !equal(cookie, form.get("csrf").orElse(""))) {
            LOG.log(System.Logger.Level.INFO, "UI sign-in refused: the form's CSRF token is missing or stale");
            show(page, Status.FORBIDDEN_403, next, null,
                    "The sign-in form had expired or did not come from this site. Please try again.");
            return;
        }
        Optional<Caller> caller = form.get("token").flatMap(verifier::verify);
        if (caller.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "UI sign-in refused: unknown token");
            show(page, Status.UNAUTHORIZED_401, next, null, "That token is not valid. Check it and try again.");
            return;
        }
        Sessions.Session session = pages.sessions().open(caller.get());
        LOG.log(System.Logger.Level.INFO, "UI sign-in: token '" + caller.get().label() + "' ("
                + caller.get().role().name().toLowerCase(java.util.Locale.ROOT) + ")");
        page.res().headers().addCookie(Pages.sessionCookie(page.req(), session.id()));
        page.res().headers().addCookie(SetCookie.builder(FORM_COOKIE, "").path(PATH).httpOnly(true)
                .sameSite(SetCookie.SameSite.STRICT).secure(Pages.secure(page.req())).maxAge(Duration.ZERO).build());
        page.redirect(next);
    }

    private void signOut(PageRequest page) {
        Forms form = Forms.read(page.req());
        Viewer viewer = page.viewer();
        if (!viewer.signedIn()) {
            page.res().headers().addCookie(Pages.clearSessionCookie(page.req()));
            page.redirect(PATH + "?signedout=1");
            return;
        }
        if (!viewer.session().csrfMatches(form.get("csrf").orElse(null))) {
            throw UiException.forbidden("The sign-out form did not carry this session's token; you are still signed in.");
        }
        pages.sessions().close(viewer.session().id());
        LOG.log(System.Logger.Level.INFO, "UI sign-out: token '" + viewer.label() + "'");
        page.res().headers().addCookie(Pages.clearSessionCookie(page.req()));
        page.redirect(PATH + "?signedout=1");
    }

    /** A path of this site to return to; anything else (another host, a scheme) becomes {@code /}. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f) || next.startsWith(PATH)) {
            return "/";
        }
        return next;
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
