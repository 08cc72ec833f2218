package io.vmledger.web.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers on every response: {@code X-Content-Type-Options: nosniff}, no framing by other sites, no
 * referrer to other sites, and a strict Content-Security-Policy: everything from this origin only, no
 * inline script or style, no plugins, forms posting only here. Swagger UI (a third-party page that sets
 * inline styles) gets only the framing part of the policy.
 */
public final class SecurityHeaders implements Filter {
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final String CSP_SWAGGER = "frame-ancestors 'none'";

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header("X-Frame-Options", "DENY");
        res.header("Referrer-Policy", "same-origin");
        String path = req.path().path();
        res.header("Content-Security-Policy",
                path.equals("/swagger") || path.startsWith("/swagger/") ? CSP_SWAGGER : CSP);
        chain.proceed();
    }
}
