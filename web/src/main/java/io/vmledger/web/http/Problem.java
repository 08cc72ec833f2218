package io.vmledger.web.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * The one error format of the API (RFC 9457 style): {@code type}, {@code title}, {@code status},
 * {@code detail}, and {@code parameter} when one request parameter is at fault.
 */
public record Problem(String type, String title, int status, String detail, String parameter) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Status status, String detail) {
        return new Problem("about:blank", status.reasonPhrase(), status.code(), detail, null);
    }

    public static Problem badParameter(String parameter, String detail) {
        return new Problem("about:blank", Status.BAD_REQUEST_400.reasonPhrase(), 400, detail, parameter);
    }

    /** Sends this problem as the response. */
    public void send(ServerResponse res) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        res.send(Json.write(this));
    }
}
