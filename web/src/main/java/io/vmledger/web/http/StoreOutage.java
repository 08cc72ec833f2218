package io.vmledger.web.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.storage.spi.StoreUnavailableException;
import io.vmledger.storage.spi.WaitLimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests while the store is unreachable (decision 0120): every request's store calls wait at most
 * {@link #WAIT_LIMIT} for the store (a filter puts the request under a {@link WaitLimit}), and a
 * {@link StoreUnavailableException} is answered with 503 and {@code Retry-After} (a problem document for the
 * API, a page for a browser) within about two seconds, where the default retries of {@code settings.retry}
 * took 36. Nothing is cached: the first request after the store is back succeeds.
 */
public final class StoreOutage implements Filter {
    /** How long one store call of a request may wait for the store. */
    public static final Duration WAIT_LIMIT = Duration.ofMillis(1_500);
    /** The {@code Retry-After} of a 503, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 5;
    /** The detail of the API's 503; the cause (host, port, SQL) stays in the server log. */
    public static final String DETAIL = "the ledger's database cannot be reached right now; retry in "
            + RETRY_AFTER_SECONDS + " s (the service recovers by itself once the database is back)";

    private static final System.Logger LOG = System.getLogger(StoreOutage.class.getName());
    /** One log line per this many milliseconds at most: an outage answers many requests. */
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong unlogged = new AtomicLong();

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        WaitLimit.within(WAIT_LIMIT, chain::proceed);
    }

    /** Adds {@code Retry-After} to a response about to say 503. */
    public static void retryAfter(ServerResponse res) {
        res.header(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    }

    /**
     * Logs a request answered 503: the first at once, then one line at most every ten seconds with the number
     * of requests answered so since, each with the cause and without a stack trace.
     */
    void log(String route, StoreUnavailableException e) {
        long now = System.currentTimeMillis();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_MILLIS && lastLog.compareAndSet(last, now)) {
            long more = unlogged.getAndSet(0);
            LOG.log(System.Logger.Level.WARNING, "request " + route + " answered 503, the store is unavailable"
                    + (more > 0 ? " (and " + more + " more requests since the last such line)" : "") + ": "
                    + e.getMessage());
        } else {
            unlogged.incrementAndGet();
        }
    }
}
