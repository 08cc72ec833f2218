package io.vmledger.web.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.storage.spi.StoreUnavailableException;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps every failure to a {@link Problem}; no stack trace ever reaches the client. A browser asking
 * for a page outside the API gets the UI's error page instead, when the UI is registered.
 */
public final class ErrorHandling {
    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    /** Renders an error as an HTML page when the request is a browser's for a page; false leaves it to the problem. */
    public interface HtmlErrors {
        boolean render(ServerRequest req, ServerResponse res, Status status, String message);
    }

    /** Registers the error handlers, every error a problem. */
    public static void register(HttpRouting.Builder routing, AllowedMethods allowed) {
        register(routing, allowed, (req, res, status, message) -> false);
    }

    /** What a browser is told when a page's store is unavailable (503). */
    public static final String STORE_UNAVAILABLE_PAGE = "vmledger cannot reach its database right now, so this page"
            + " cannot be shown. It works again as soon as the database is back, without a restart; try again in a"
            + " few seconds.";

    /**
     * Registers the error handlers.
     *
     * @param allowed the methods each path answers: a request with another method on such a path gets
     *                405 with {@code Allow}, an unknown path 404
     * @param html    the error pages of a browser's unmatched requests
     */
    public static void register(HttpRouting.Builder routing, AllowedMethods allowed, HtmlErrors html) {
        StoreOutage outage = new StoreOutage();
        // first, so that every route's store calls wait at most StoreOutage.WAIT_LIMIT
        routing.addFilter(outage);
        routing.error(StoreUnavailableException.class, (req, res, e) -> {
            outage.log(route(req), e);
            StoreOutage.retryAfter(res);
            if (!html.render(req, res, Status.SERVICE_UNAVAILABLE_503, STORE_UNAVAILABLE_PAGE)) {
                Problem.of(Status.SERVICE_UNAVAILABLE_503, StoreOutage.DETAIL).send(res);
            }
        });
        // Helidon signals an unmatched route (and other protocol errors) with an HttpException; answer
        // its status as a problem instead of letting the catch-all handler below make it a 500
        routing.error(HttpException.class, bodilessForHead((req, res, e) -> {
            Status status = e.status();
            if (status.code() == 404) {
                Set<Method> methods = allowed.of(req.path().absolute().path());
                if (!methods.isEmpty() && !methods.contains(req.prologue().method())) {
                    String allow = methods.stream().map(Method::text).collect(Collectors.joining(", "));
                    res.header(HeaderNames.ALLOW, allow);
                    if (!html.render(req, res, Status.METHOD_NOT_ALLOWED_405, "This address does not take a "
                            + req.prologue().method().text() + " request.")) {
                        Problem.of(Status.METHOD_NOT_ALLOWED_405, route(req) + " is not allowed; "
                                + req.path().absolute().path() + " answers " + allow).send(res);
                    }
                    return;
                }
            }
            String detail = status.code() == 404 ? "no route " + route(req)
                    : status.code() >= 500 ? "internal error; the server log has the details" : e.getMessage();
            if (status.code() >= 500) {
                LOG.log(Level.ERROR, "request " + route(req) + " failed", e);
            }
            if (html.render(req, res, status, status.code() == 404 ? "There is no page at this address." : detail)) {
                return;
            }
            Problem.of(status, detail).send(res);
        }));
        routing.error(BadRequestException.class, bodilessForHead((req, res, e) ->
                Problem.badParameter(e.parameter(), e.getMessage()).send(res)));
        routing.error(IllegalArgumentException.class, bodilessForHead((req, res, e) ->
                Problem.of(Status.BAD_REQUEST_400, e.getMessage()).send(res)));
        routing.error(Exception.class, bodilessForHead((req, res, e) -> {
            LOG.log(Level.ERROR, "request " + route(req) + " failed", e);
            Problem.of(Status.INTERNAL_SERVER_ERROR_500, "internal error; the server log has the details").send(res);
        }));
    }

    /** The handler, its answer to a HEAD request sent without a body ({@link HeadRequests}). */
    private static <T extends Throwable> ErrorHandler<T> bodilessForHead(ErrorHandler<T> handler) {
        return (req, res, e) -> handler.handle(req, HeadRequests.response(req, res), e);
    }

    /** Method and full path of a request, e.g. {@code GET /api/snapshots/daily/2026-11-27} (never the path within a service). */
    public static String route(ServerRequest req) {
        return req.prologue().method().text() + " " + req.path().absolute().path();
    }
}
