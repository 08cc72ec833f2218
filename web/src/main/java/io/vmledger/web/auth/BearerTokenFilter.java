package io.vmledger.web.auth;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.api.settings.AuthSettings;
import io.vmledger.web.http.HeadRequests;
import io.vmledger.web.http.Problem;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token authentication of {@code /api/**} ({@code auth.*}), as a Helidon filter: it runs
 * before routing, for every request, so no API route can be registered without it.
 *
 * <ul>
 *   <li>Paths outside {@code /api} (UI pages, {@code /observe/health}, {@code /openapi}, {@code /swagger})
 *       are public.</li>
 *   <li>With {@code auth.enabled=false} every request passes as {@link Caller#anonymous()}.</li>
 *   <li>Otherwise a request without {@code Authorization: Bearer <token>}, or with a token that matches no
 *       configured digest, gets 401 with {@code WWW-Authenticate: Bearer}; a viewer token on a route that
 *       changes state (any method but GET, HEAD, OPTIONS) gets 403.</li>
 * </ul>
 * The token never reaches a log line or a response; the token's label does.
 * See {@code docs/decisions/0060-bearer-token-filter.md}.
 */
public final class BearerTokenFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(BearerTokenFilter.class.getName());
    private static final String REALM = "vmledger";
    private static final Set<Method> READ_METHODS = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);

    private final boolean enabled;
    private final TokenVerifier verifier;

    public BearerTokenFilter(AuthSettings settings) {
        this.enabled = settings.enabled();
        this.verifier = new TokenVerifier(settings.tokens());
    }

    /** The caller the filter attached to a request; anonymous when it attached none. */
    public static Caller caller(ServerRequest req) {
        return req.context().get(Caller.class, Caller.class).orElseGet(Caller::anonymous);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // both spellings: the raw one normalized here, and the decoded one the router matches
        if (!enabled || !(isProtected(req.path().absolute().rawPath()) || isProtected(req.path().absolute().path()))) {
            chain.proceed();
            return;
        }
        Method method = req.prologue().method();
        String route = method.text() + " " + req.path().absolute().path();
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            LOG.log(Level.DEBUG, () -> "401 " + route + ": no Authorization header");
            unauthorized(HeadRequests.response(req, res), null, "this API needs a bearer token: send the header 'Authorization: Bearer <token>'");
            return;
        }
        String token = bearerToken(header.get());
        if (token == null) {
            LOG.log(Level.INFO, () -> "401 " + route + " from " + peer(req) + ": Authorization is not a bearer token");
            unauthorized(HeadRequests.response(req, res), "invalid_request", "only bearer tokens are accepted: 'Authorization: Bearer <token>'");
            return;
        }
        Optional<Caller> caller = verifier.verify(token);
        if (caller.isEmpty()) {
            LOG.log(Level.INFO, () -> "401 " + route + " from " + peer(req) + ": unknown token");
            unauthorized(HeadRequests.response(req, res), "invalid_token", "the bearer token is not valid");
            return;
        }
        Caller c = caller.get();
        if (!READ_METHODS.contains(method) && !c.isAdmin()) {
            LOG.log(Level.INFO, () -> "403 " + route + ": token '" + c.label() + "' has the viewer role");
            res.header(HeaderNames.WWW_AUTHENTICATE, challenge("insufficient_scope"));
            Problem.of(Status.FORBIDDEN_403, route + " needs the admin role; token '" + c.label()
                    + "' has the " + c.role().name().toLowerCase(Locale.ROOT) + " role").send(res);
            return;
        }
        req.context().register(Caller.class, c);
        chain.proceed();
    }

    /**
     * Whether a request path lies under {@code /api}. The path is decoded and normalized first (matrix
     * parameters, dot segments, repeated slashes, case), so no spelling of an API path slips past.
     */
    static boolean isProtected(String rawPath) {
        String path = normalize(rawPath).toLowerCase(Locale.ROOT);
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static String normalize(String rawPath) {
        String decoded = rawPath;
        // decode repeatedly so %2561 style double encoding cannot hide "api"
        for (int i = 0; i < 3 && decoded.indexOf('%') >= 0; i++) {
            try {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                break;
            }
        }
        // ";name=value" matrix parameters are dropped by the router, so drop them here too
        String collapsed = ("/" + decoded.replace('\\', '/')).replaceAll(";[^/]*", "").replaceAll("/{2,}", "/");
        try {
            String normalized = new URI(null, null, collapsed, null).normalize().getPath();
            return normalized == null ? collapsed : normalized;
        } catch (URISyntaxException e) {
            return collapsed;
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header value, or null when it is not one. */
    static String bearerToken(String header) {
        String v = header.trim();
        if (v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = v.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static void unauthorized(ServerResponse res, String error, String detail) {
        res.header(HeaderNames.WWW_AUTHENTICATE, challenge(error));
        Problem.of(Status.UNAUTHORIZED_401, detail).send(res);
    }

    private static String challenge(String error) {
        return error == null ? "Bearer realm=\"" + REALM + "\"" : "Bearer realm=\"" + REALM + "\", error=\"" + error + "\"";
    }

    private static String peer(ServerRequest req) {
        try {
            return String.valueOf(req.remotePeer().address());
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
