package io.vmledger.storage.jdbc;

import io.vmledger.storage.spi.ConnectionPool;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The counters of a plugin's connection pool that the pool itself does not keep: connections handed out, the
 * time spent getting them, and waits that timed out. The plugin feeds them where it hands out connections (or
 * from its pool library's hooks) and reads the gauges (in use, idle, waiting) from its pool; {@link #pool} puts
 * both together as the {@link ConnectionPool} the metrics read.
 */
public final class PoolCounters {
    private final LongAdder acquired = new LongAdder();
    private final LongAdder acquireNanos = new LongAdder();
    private final LongAdder timeouts = new LongAdder();

    /** A connection was handed out after {@code nanos} of waiting (or opening it). */
    public void acquired(long nanos) {
        acquired.increment();
        acquireNanos.add(nanos);
    }

    /** A caller gave up waiting for a connection. */
    public void timedOut() {
        timeouts.increment();
    }

    /**
     * The pool as the metrics see it.
     *
     * @param max the most connections it opens, 0 when unlimited
     */
    public ConnectionPool pool(String name, IntSupplier active, IntSupplier idle, int max, IntSupplier pending) {
        return new ConnectionPool() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Stats stats() {
                return new Stats(active.getAsInt(), idle.getAsInt(), max, pending.getAsInt(), acquired.sum(),
                        acquireNanos.sum() / 1e9, timeouts.sum());
            }
        };
    }
}
