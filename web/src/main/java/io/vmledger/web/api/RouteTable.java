package io.vmledger.web.api;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes the API registers, with their full path templates ({@code /api/snapshots/daily/{date}}).
 * Every API service registers through it, so tests can check the OpenAPI document and the auth
 * matrix against what is really served, not against a hand-kept list.
 */
public final class RouteTable {

    /** One route: method and full path template. */
    public record Route(Method method, String path) {
        @Override
        public String toString() {
            return method.text() + " " + path;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** Registers a GET route at {@code prefix + path} on rules mounted at {@code prefix}. */
    public void get(HttpRules rules, String prefix, String path, Handler handler) {
        add(Method.GET, prefix, path);
        rules.get(path, handler);
    }

    /** Registers a POST route at {@code prefix + path} on rules mounted at {@code prefix}. */
    public void post(HttpRules rules, String prefix, String path, Handler handler) {
        add(Method.POST, prefix, path);
        rules.post(path, handler);
    }

    private synchronized void add(Method method, String prefix, String path) {
        String full = path.equals("/") ? prefix : prefix + path;
        Route r = new Route(method, full);
        if (!routes.contains(r)) {
            routes.add(r);
        }
    }

    /** The routes registered so far, in registration order. */
    public synchronized List<Route> routes() {
        return List.copyOf(routes);
    }
}
