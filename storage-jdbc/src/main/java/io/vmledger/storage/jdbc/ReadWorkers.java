package io.vmledger.storage.jdbc;

import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.WaitLimit;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Platform threads that run the reads of virtual threads (web requests), in the order asked, while the virtual
 * thread waits without holding a carrier. A virtual thread is never preempted: one in a long native call (SQLite)
 * holds its carrier throughout, and one woken by each answer of a server (PostgreSQL) queues behind every other
 * request's work for a carrier again; with a few carriers both make long tails under concurrent requests, while
 * the OS time-slices platform threads. The caller's {@link WaitLimit} goes along, less the time the read waited
 * for a worker. A plugin uses them from {@link JdbcDatabase#onReadThread} (docs/decisions/0150).
 */
public final class ReadWorkers implements AutoCloseable {
    private final String store;
    private final ExecutorService workers;

    /**
     * @param store   what the store is, for messages
     * @param threads how many reads run at once
     * @param name    prefix of the threads' names
     */
    public ReadWorkers(String store, int threads, String name) {
        this.store = store;
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name(name, 0).daemon(true).factory());
    }

    /** Runs {@code work} on a worker when the caller is a virtual thread, else on the caller. */
    public <T> T run(Supplier<T> work) {
        if (!Thread.currentThread().isVirtual()) {
            return work.get();
        }
        Duration limit = WaitLimit.current().orElse(null);
        long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
        Future<T> result;
        try {
            result = workers.submit(() -> limit == null ? work.get()
                    : WaitLimit.within(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())), work));
        } catch (RejectedExecutionException e) {
            throw new StorageException(store + " is closed", e);
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new StorageException("read of " + store + " failed", e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while reading " + store, e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
