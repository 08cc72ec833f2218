package io.vmledger.web.http;

import io.helidon.common.Weighted;
import io.helidon.common.Weights;
import io.helidon.common.uri.UriFragment;
import io.helidon.common.uri.UriPath;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.HttpService;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The methods each path answers, so that a request with another method gets {@code 405} with an
 * {@code Allow} header instead of {@code 404} ({@link ErrorHandling}). Helidon answers an unmatched
 * method as an unmatched path; this class records every route as it is registered, through a view of
 * the routing builder ({@link #recording}) that also sees the routes of services (under their path)
 * and of features (the health and metrics endpoints), and asks those routes which methods they accept
 * for a path. Routes that accept any method (filters written as routes) tell nothing and are skipped.
 * The same view gives each route of the application (not those of features, which answer HEAD themselves)
 * its HEAD twin ({@link HeadRequests#twin}), so that HEAD is answered wherever GET is, and listed in
 * {@code Allow}.
 */
public final class AllowedMethods {
    /** The methods offered in {@code Allow}, in this order. */
    private static final List<Method> METHODS = List.of(Method.GET, Method.HEAD, Method.POST, Method.PUT,
            Method.PATCH, Method.DELETE, Method.OPTIONS);

    /** A route, and the path prefixes of the services it sits in (outermost first). */
    private record Recorded(List<PathMatcher> prefixes, HttpRoute route) {
    }

    private final List<Recorded> routes = new CopyOnWriteArrayList<>();

    private AllowedMethods() {
    }

    /**
     * A view of {@code routing} that records every route registered through it, or {@code routing} itself
     * when it is such a view already.
     */
    public static Recording recording(HttpRouting.Builder routing) {
        return routing instanceof Recording r ? r : new Recording(routing, new AllowedMethods());
    }

    /** The methods some route accepts for {@code path} (decoded, absolute), in a fixed order; empty for none. */
    public Set<Method> of(String path) {
        Set<Method> allowed = new LinkedHashSet<>();
        UriPath uri = UriPath.createFromDecoded(path);
        for (Recorded r : routes) {
            UriPath relative = relative(r.prefixes(), uri);
            if (relative == null) {
                continue;
            }
            List<Method> accepted = new ArrayList<>();
            for (Method m : METHODS) {
                HttpPrologue probe = HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", m, relative, UriQuery.empty(),
                        UriFragment.empty());
                if (r.route().accepts(probe).accepted()) {
                    accepted.add(m);
                }
            }
            if (accepted.size() < METHODS.size()) {
                allowed.addAll(accepted);
            }
        }
        Set<Method> ordered = new LinkedHashSet<>(METHODS);
        ordered.retainAll(allowed);
        return ordered;
    }

    private static UriPath relative(List<PathMatcher> prefixes, UriPath path) {
        UriPath rest = path;
        for (PathMatcher prefix : prefixes) {
            PathMatchers.PrefixMatchResult m = prefix.prefixMatch(rest);
            if (!m.accepted()) {
                return null;
            }
            rest = m.unmatchedPath();
        }
        return rest;
    }

    private void record(List<PathMatcher> prefixes, HttpRoute route) {
        routes.add(new Recorded(prefixes, route));
    }

    private static List<PathMatcher> append(List<PathMatcher> prefixes, String pattern) {
        List<PathMatcher> out = new ArrayList<>(prefixes);
        out.add(PathMatchers.create(pattern));
        return List.copyOf(out);
    }

    /** Records {@code route} and registers it on {@code rules}, followed by its HEAD twin. */
    private void add(List<PathMatcher> prefixes, HttpRoute route, Consumer<HttpRoute> rules,
                     boolean headTwin) {
        record(prefixes, route);
        rules.accept(route);
        if (headTwin) {
            HttpRoute twin = HeadRequests.twin(route);
            record(prefixes, twin);
            rules.accept(twin);
        }
    }

    /** Services that register their routes through a recording view of the service's rules. */
    private HttpService[] wrap(List<PathMatcher> prefixes, boolean headTwins, HttpService... services) {
        HttpService[] wrapped = new HttpService[services.length];
        for (int i = 0; i < services.length; i++) {
            wrapped[i] = new RecordedService(services[i], prefixes, headTwins);
        }
        return wrapped;
    }

    /** The routing builder view: every call goes to the real builder, routes are recorded on the way. */
    public static final class Recording implements HttpRouting.Builder {
        private final HttpRouting.Builder delegate;
        private final AllowedMethods allowed;
        private final boolean headTwins;

        private Recording(HttpRouting.Builder delegate, AllowedMethods allowed) {
            this(delegate, allowed, true);
        }

        private Recording(HttpRouting.Builder delegate, AllowedMethods allowed, boolean headTwins) {
            this.delegate = delegate;
            this.allowed = allowed;
            this.headTwins = headTwins;
        }

        /** What the routes registered so far accept. */
        public AllowedMethods allowed() {
            return allowed;
        }

        @Override
        public HttpRouting.Builder register(HttpService... services) {
            delegate.register(allowed.wrap(List.of(), headTwins, services));
            return this;
        }

        @Override
        public HttpRouting.Builder register(String path, HttpService... services) {
            delegate.register(path, allowed.wrap(append(List.of(), path), headTwins, services));
            return this;
        }

        @Override
        public HttpRouting.Builder route(HttpRoute route) {
            allowed.add(List.of(), route, delegate::route, headTwins);
            return this;
        }

        @Override
        public HttpRouting.Builder addFilter(Filter filter) {
            delegate.addFilter(filter);
            return this;
        }

        @Override
        public HttpRouting.Builder addFeature(Supplier<? extends HttpFeature> feature) {
            delegate.addFeature(new RecordedFeature(feature.get(), allowed));
            return this;
        }

        @Override
        public <T extends Throwable> HttpRouting.Builder error(Class<T> type, ErrorHandler<? super T> handler) {
            delegate.error(type, handler);
            return this;
        }

        @Override
        public HttpRouting.Builder maxReRouteCount(int count) {
            delegate.maxReRouteCount(count);
            return this;
        }

        @Override
        public HttpRouting.Builder security(HttpSecurity security) {
            delegate.security(security);
            return this;
        }

        @Override
        public HttpRouting.Builder copy() {
            return new Recording(delegate.copy(), allowed, headTwins);
        }

        @Override
        public HttpRouting build() {
            return delegate.build();
        }
    }

    /** The rules a service registers on, recorded with the service's path prefixes. */
    private record RecordedRules(HttpRules delegate, List<PathMatcher> prefixes, AllowedMethods allowed,
                                 boolean headTwins) implements HttpRules {
        @Override
        public HttpRules register(HttpService... services) {
            delegate.register(allowed.wrap(prefixes, headTwins, services));
            return this;
        }

        @Override
        public HttpRules register(String path, HttpService... services) {
            delegate.register(path, allowed.wrap(append(prefixes, path), headTwins, services));
            return this;
        }

        @Override
        public HttpRules route(HttpRoute route) {
            allowed.add(prefixes, route, delegate::route, headTwins);
            return this;
        }
    }

    private final class RecordedService implements HttpService {
        private final HttpService service;
        private final List<PathMatcher> prefixes;
        private final boolean headTwins;

        private RecordedService(HttpService service, List<PathMatcher> prefixes, boolean headTwins) {
            this.service = service;
            this.prefixes = prefixes;
            this.headTwins = headTwins;
        }

        @Override
        public void routing(HttpRules rules) {
            service.routing(new RecordedRules(rules, prefixes, AllowedMethods.this, headTwins));
        }

        @Override
        public void beforeStart() {
            service.beforeStart();
        }

        @Override
        public void afterStart(WebServer server) {
            service.afterStart(server);
        }

        @Override
        public void afterStop() {
            service.afterStop();
        }
    }

    /** A feature (e.g. the health endpoints) set up on a recording view; keeps the feature's weight (its order). */
    private record RecordedFeature(HttpFeature feature, AllowedMethods allowed) implements HttpFeature, Weighted {
        @Override
        public void setup(HttpRouting.Builder routing) {
            feature.setup(new Recording(routing, allowed, false));
        }

        @Override
        public String socket() {
            return feature.socket();
        }

        @Override
        public boolean socketRequired() {
            return feature.socketRequired();
        }

        @Override
        public void beforeStart() {
            feature.beforeStart();
        }

        @Override
        public void afterStart(WebServer server) {
            feature.afterStart(server);
        }

        @Override
        public void afterStop() {
            feature.afterStop();
        }

        @Override
        public double weight() {
            return Weights.find(feature, Weighted.DEFAULT_WEIGHT);
        }
    }
}
