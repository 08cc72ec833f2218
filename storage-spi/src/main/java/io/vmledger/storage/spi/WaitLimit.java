package io.vmledger.storage.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How long the store calls of the calling thread may wait for the store, for callers that must answer
 * quickly: web requests and the readiness check. Inside {@link #within}, a store that cannot be reached
 * fails the call with {@link StoreUnavailableException} after about this long, instead of retrying with
 * the back-off of {@code settings.retry}, which is meant for scheduled jobs (a capture had better wait
 * out a restarting server than lose its hour). Outside it, calls wait and retry as configured.
 *
 * <p>What a plugin does with the limit is its own affair (PostgreSQL: no waits between attempts, and a
 * statement whose server stays silent for longer fails); a store on local files may ignore it.
 */
public final class WaitLimit {
    private static final ThreadLocal<Duration> CURRENT = new ThreadLocal<>();

    private WaitLimit() {
    }

    /** Runs {@code work} with store waits limited to {@code limit} (a shorter limit already in force stays). */
    public static <T> T within(Duration limit, Supplier<T> work) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a wait limit must be positive: " + limit);
        }
        Duration outer = CURRENT.get();
        if (outer != null && outer.compareTo(limit) <= 0) {
            return work.get();
        }
        CURRENT.set(limit);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** {@link #within(Duration, Supplier)} for work without a result. */
    public static void within(Duration limit, Runnable work) {
        within(limit, () -> {
            work.run();
            return null;
        });
    }

    /** The limit in force on the calling thread, if any. */
    public static Optional<Duration> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
