package io.vmledger.web.ui;

import io.helidon.http.Status;

/** A page that cannot be shown as asked: rendered as the error page with this status and message. */
final class UiException extends RuntimeException {
    private final Status status;
    private final String title;

    UiException(Status status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    static UiException notFound(String message) {
        return new UiException(Status.NOT_FOUND_404, "Not found", message);
    }

    static UiException badRequest(String message) {
        return new UiException(Status.BAD_REQUEST_400, "Bad request", message);
    }

    static UiException forbidden(String message) {
        return new UiException(Status.FORBIDDEN_403, "Not allowed", message);
    }

    Status status() {
        return status;
    }

    String title() {
        return title;
    }
}
