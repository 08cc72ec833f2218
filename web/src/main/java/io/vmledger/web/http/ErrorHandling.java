package io.vmledger.web.http;

import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

import java.lang.System.Logger.Level;

/** Maps every failure to a {@link Problem}; no stack trace ever reaches the client. */
public final class ErrorHandling {
    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    public static void register(HttpRouting.Builder routing) {
        // Helidon signals an unmatched route (and other protocol errors) with an HttpException; answer
        // its status as a problem instead of letting the catch-all handler below make it a 500
        routing.error(HttpException.class, (req, res, e) -> {
            Status status = e.status();
            String detail = status.code() == 404
                    ? "no route " + req.prologue().method().text() + " " + req.path().absolute().path()
                    : status.code() >= 500 ? "internal error; the server log has the details" : e.getMessage();
            if (status.code() >= 500) {
                LOG.log(Level.ERROR, "request " + req.prologue().method().text() + " "
                        + req.path().absolute().path() + " failed", e);
            }
            Problem.of(status, detail).send(res);
        });
        routing.error(BadRequestException.class, (req, res, e) ->
                Problem.badParameter(e.parameter(), e.getMessage()).send(res));
        routing.error(IllegalArgumentException.class, (req, res, e) ->
                Problem.of(Status.BAD_REQUEST_400, e.getMessage()).send(res));
        routing.error(Exception.class, (req, res, e) -> {
            LOG.log(Level.ERROR, "request " + req.prologue().method() + " " + req.path().path() + " failed", e);
            Problem.of(Status.INTERNAL_SERVER_ERROR_500, "internal error; the server log has the details").send(res);
        });
    }
}
