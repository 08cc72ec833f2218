package io.vmledger.web.api;

import io.helidon.webserver.http.ServerRequest;
import io.vmledger.api.TimeWindow;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.QueryParams;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The query parameters of one API request: only the names the route declares are accepted (a typo
 * such as {@code vcentre=} is a 400, not a silently ignored filter), and every value is validated by
 * {@link QueryParams}, whose errors name the parameter and what is allowed.
 */
final class ApiParams {
    private final QueryParams params;

    private ApiParams(QueryParams params) {
        this.params = params;
    }

    static ApiParams of(ServerRequest req, ZoneId zone, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(req.query().names());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            String name = unknown.iterator().next();
            throw new BadRequestException(name, "unknown parameter '" + truncate(name) + "' (allowed: "
                    + String.join(", ", new TreeSet<>(allowed)) + ")");
        }
        for (String name : allowed) {
            if (req.query().all(name, List::of).size() > 1) {
                throw new BadRequestException(name, "parameter '" + name + "' is given more than once");
            }
        }
        return new ApiParams(new QueryParams(req.query(), zone));
    }

    /**
     * A free-text value (vCenter key, pool, name): at most {@link QueryParams#MAX_LENGTH} characters, none a
     * control character ({@link QueryParams#string} refuses those in every parameter).
     */
    Optional<String> text(String name) {
        return params.string(name);
    }

    int integer(String name, int defaultValue, int min, int max) {
        return params.integer(name, defaultValue, min, max);
    }

    int limit(int defaultValue, int max) {
        return params.integer("limit", defaultValue, 1, max);
    }

    long offset() {
        return params.offset("offset");
    }

    <T> Optional<T> choice(String name, Function<String, T> parser) {
        return params.choice(name, parser);
    }

    /** The window {@code [from, to)} from the {@code from} and {@code to} parameters, each optional. */
    TimeWindow window() {
        long from = params.time("from").orElse(TimeWindow.all().start());
        long to = params.time("to").orElse(TimeWindow.all().end());
        if (to < from) {
            throw new BadRequestException("to", "parameter 'to' must not be before 'from'");
        }
        return new TimeWindow(from, to);
    }

    static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
