package io.vmledger.web.ui;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** One page request: who asks, which section of the navigation it belongs to, and how to answer. */
final class PageRequest {
    private final Pages pages;
    private final ServerRequest req;
    private final ServerResponse res;
    private final Viewer viewer;
    private final String section;
    private final long startNanos;
    private UiParams params;

    PageRequest(Pages pages, ServerRequest req, ServerResponse res, Viewer viewer, String section, long startNanos) {
        this.pages = pages;
        this.req = req;
        this.res = res;
        this.viewer = viewer;
        this.section = section;
        this.startNanos = startNanos;
    }

    ServerRequest req() {
        return req;
    }

    ServerResponse res() {
        return res;
    }

    Viewer viewer() {
        return viewer;
    }

    String section() {
        return section;
    }

    long startNanos() {
        return startNanos;
    }

    /** The query parameters, read the forms' way. */
    UiParams params() {
        if (params == null) {
            params = new UiParams(req.query(), pages.format().zone());
        }
        return params;
    }

    String pathParam(String name) {
        return req.path().pathParameters().get(name);
    }

    /** Renders a template inside the page shell with status 200. */
    void render(String template, Map<String, Object> model) {
        pages.render(this, Status.OK_200, template, model);
    }

    void render(Status status, String template, Map<String, Object> model) {
        pages.render(this, status, template, model);
    }

    /** 303 See Other to a path of this site. */
    void redirect(String location) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send();
    }
}
