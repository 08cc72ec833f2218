package io.vmledger.storage.jdbc;

import io.vmledger.api.settings.Settings.RetrySettings;
import io.vmledger.storage.spi.ConnectionPool;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.StoreUnavailableException;
import io.vmledger.storage.spi.WaitLimit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The seam between the generic stores and a plugin's connections: every statement of the JDBC core runs
 * through {@link #read}, {@link #write}, {@link #readMany} or {@link #inTransaction}. A plugin implements
 * the few hooks that say how it gets and ends its connections (SQLite: one writer behind a lock and a
 * set of readers; PostgreSQL: a pool) and which failures are worth a retry.
 *
 * <p><b>Transactions span stores.</b> {@link #inTransaction} binds one write transaction to the calling
 * thread; every {@link #write} and {@link #read} that any store makes on that thread until it ends joins
 * it: writes go to its connection and are committed or rolled back together, reads see its uncommitted
 * writes. So several stores take part in one transaction without knowing of each other, e.g.
 * <pre>
 *   db.inTransaction("capture vc-1@T", () -> {
 *       storage.hourly().replaceSnapshot(...);
 *       storage.lifecycle().applyReconciliation(...);
 *       storage.registry().register(...);
 *       return null;
 *   });
 * </pre>
 * Outside such a transaction each {@link #write} is a transaction of its own.
 *
 * <p><b>Retries.</b> A unit of work that fails for a transient reason (as {@link #isTransient} says: a lost
 * connection, a server restarting, a serialization failure) is run again from the start with the waits of
 * {@code settings.retry}; so the work of a transaction must not have effects outside the database. Work
 * that joined an outer transaction is never retried on its own: the outer one is.
 *
 * <p><b>Outages.</b> A failure that says the store cannot be reached ({@link #isUnavailable}) is reported as a
 * {@link StoreUnavailableException}. Under a {@link WaitLimit} (web requests, the readiness check) a unit of
 * work gives up after about that long: it is retried at once, without the back-off, and only while at least
 * half the limit is left, and its connections are told not to wait on the store beyond the limit
 * ({@link #limitWaits}).
 */
public abstract class JdbcDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JdbcDatabase.class.getName());
    /** The shortest wait a connection under a {@link WaitLimit} is given, even when the limit is nearly spent. */
    private static final int MIN_WAIT_MILLIS = 250;

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work on several connections that read the same committed state. */
    @FunctionalInterface
    public interface ManyWork<T> {
        T run(List<Connection> connections) throws SQLException;
    }

    /** Waits between attempts; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long seconds) throws InterruptedException;
    }

    private final String description;
    private final RetrySettings retry;
    private final Sleeper sleeper;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final AtomicLong retries = new AtomicLong();
    private final ExecutorService readExecutor;
    private volatile boolean halted;

    /**
     * @param description what the store is, for messages ({@code "SQLite /var/lib/vmledger.db"})
     * @param retry       attempts and waits of transient failures
     * @param sleeper     how to wait between attempts
     */
    protected JdbcDatabase(String description, RetrySettings retry, Sleeper sleeper) {
        this.description = Objects.requireNonNull(description, "description");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.readExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Thread.ofPlatform().name("vmledger-read-", 0).daemon(true).factory());
    }

    // ---- what a plugin implements

    /** A connection inside a new write transaction. */
    protected abstract Connection beginWrite() throws SQLException;

    /** Commits the write transaction of {@code c}. */
    protected abstract void commit(Connection c) throws SQLException;

    /** Rolls the write transaction of {@code c} back. */
    protected abstract void rollback(Connection c) throws SQLException;

    /** Gives back a write connection after its transaction ended (always called, also after failures). */
    protected abstract void releaseWrite(Connection c);

    /** A connection for reads. */
    protected abstract Connection beginRead() throws SQLException;

    /** Gives back a read connection; {@code ok} is false when its work failed. */
    protected abstract void endRead(Connection c, boolean ok);

    /**
     * Up to {@code n} (at least one) read connections that all see the same committed state, each inside a
     * read transaction; each is given back with {@link #endRead}. One connection must keep that state for
     * all of its statements. The default opens one.
     */
    protected List<Connection> beginReads(int n) throws SQLException {
        return List.of(beginRead());
    }

    /** Whether a failure is worth running the work again (the connection, not the statement, was at fault). */
    protected boolean isTransient(SQLException e) {
        return false;
    }

    /** Called before a retry after a transient failure (for example to evict the pool's dead connections). */
    protected void beforeRetry(SQLException cause) {
    }

    /**
     * Whether a failure says that the store cannot be reached or cannot take work now (server down or
     * restarting, network cut, no connection to be had in time), rather than that the work was wrong.
     */
    protected boolean isUnavailable(SQLException e) {
        return false;
    }

    /**
     * Tells a connection just taken for a unit of work under a {@link WaitLimit} to wait at most
     * {@code millis} for any answer of the store (PostgreSQL: the socket's read time-out); the plugin undoes
     * it when the connection is given back. The default does nothing: a store of local files answers.
     */
    protected void limitWaits(Connection c, int millis) throws SQLException {
    }

    // ---- the seam

    /**
     * Runs {@code work} on a read connection, or, inside a transaction of this thread, on its connection.
     * Several statements that must see one state use {@link #readMany} with one connection.
     */
    public final <T> T read(String what, Work<T> work) {
        Connection tx = current.get();
        if (tx != null) {
            return joined(what, tx, work);
        }
        return onReadThread(() -> attempts(what, () -> false, deadline -> {
            Connection c = beginRead();
            boolean ok = false;
            try {
                limit(c, deadline);
                T result = work.run(c);
                ok = true;
                return result;
            } finally {
                endRead(c, ok);
            }
        }));
    }

    /**
     * Runs a unit of read work (outside a transaction) and returns its result. The default runs it on the calling
     * thread; both plugins hand the reads of virtual threads to platform threads instead ({@link ReadWorkers}):
     * a virtual thread in a native call holds its carrier (SQLite), and one woken by each answer of a server
     * queues for a carrier again (PostgreSQL), while the OS time-slices platform threads.
     */
    protected <T> T onReadThread(Supplier<T> work) {
        return work.get();
    }

    /**
     * Runs {@code work} with up to {@code n} connections that all read the same committed state (one
     * inside a transaction of this thread: its own), for parallel reads and for reads of several
     * statements. It is run again after a transient failure only while {@code delivered} says that nothing
     * has reached the caller yet: a partly consumed stream cannot be replayed without duplicates.
     */
    public final <T> T readMany(String what, int n, BooleanSupplier delivered, ManyWork<T> work) {
        Connection tx = current.get();
        if (tx != null) {
            return joined(what, tx, c -> work.run(List.of(c)));
        }
        return attempts(what, delivered, deadline -> {
            List<Connection> connections = beginReads(Math.max(1, n));
            boolean ok = false;
            try {
                for (Connection c : connections) {
                    limit(c, deadline);
                }
                T result = work.run(connections);
                ok = true;
                return result;
            } finally {
                for (Connection c : connections) {
                    endRead(c, ok);
                }
            }
        });
    }

    /**
     * Runs {@code work} in a write transaction and commits it; inside a transaction of this thread it joins
     * that one (and commits with it).
     */
    public final <T> T write(String what, Work<T> work) {
        Connection tx = current.get();
        if (tx != null) {
            return joined(what, tx, work);
        }
        return transaction(what, work);
    }

    /**
     * Runs {@code work} in one write transaction bound to this thread: every {@link #write} and {@link #read}
     * of any store on this thread joins it, and it commits when {@code work} returns, or rolls back
     * entirely when it throws. Inside another transaction of this thread it joins that one.
     */
    public final <T> T inTransaction(String what, Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        return transaction(what, c -> work.get());
    }

    /** Whether the calling thread is inside a transaction of this database. */
    public final boolean inTransaction() {
        return current.get() != null;
    }

    /** Threads for parallel reads: daemons, created on demand, idle ones end after a minute. */
    public final ExecutorService readExecutor() {
        return readExecutor;
    }

    /** The plugin's connection pools, for the metrics; none by default. */
    public List<ConnectionPool> connectionPools() {
        return List.of();
    }

    /** Retries performed so far (for tests and logs). */
    public final long retries() {
        return retries.get();
    }

    /**
     * Stops every further unit of work as a killed process would: each one from now on fails at its start,
     * and a transaction under way rolls back instead of committing. For crash tests; the store must then be
     * closed.
     */
    public final void halt() {
        halted = true;
    }

    /** Whether {@link #halt()} was called. */
    public final boolean halted() {
        return halted;
    }

    /** Stops the read threads; a plugin closes its connections after calling this. */
    @Override
    public void close() {
        readExecutor.shutdownNow();
    }

    // ---- the machinery

    /** One attempt of a unit of work that gets its own connections. */
    @FunctionalInterface
    protected interface Attempt<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code attempt} as the stores' units of work run: again from the start after a transient failure,
     * with the waits of {@code settings.retry}; a plugin uses it for work outside the seam (DDL in a
     * transaction of its own, say).
     */
    protected final <T> T retried(String what, Attempt<T> attempt) {
        return attempts(what, () -> false, deadline -> attempt.run());
    }

    /** An attempt that is told when its waits must end (a {@link System#nanoTime()}; null: no limit). */
    @FunctionalInterface
    private interface Limited<T> {
        T run(Long deadline) throws SQLException;
    }

    private <T> T transaction(String what, Work<T> work) {
        return attempts(what, () -> false, deadline -> {
            Connection c = beginWrite();
            current.set(c);
            boolean committed = false;
            try {
                limit(c, deadline);
                T result = work.run(c);
                if (halted) {
                    throw new StorageException(description + " was halted: " + what + " rolled back");
                }
                commit(c);
                committed = true;
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                current.remove();
                releaseWrite(c);
                if (!committed) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: rolled back: {1}", description, what);
                }
            }
        });
    }

    /** Work that joined the thread's transaction: no retry of its own, failures reach the transaction's owner. */
    private <T> T joined(String what, Connection c, Work<T> work) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, 1, e);
        }
    }

    private <T> T attempts(String what, BooleanSupplier delivered, Limited<T> attempt) {
        Duration limit = WaitLimit.current().orElse(null);
        Long deadline = limit == null ? null : System.nanoTime() + limit.toNanos();
        for (int n = 1; ; n++) {
            if (halted) {
                throw new StorageException(description + " was halted: cannot " + what);
            }
            try {
                return attempt.run(deadline);
            } catch (SQLException | RuntimeException e) {
                SQLException sql = e instanceof SQLException s ? s : sqlCause(e);
                boolean again = sql != null && isTransient(sql) && n < retry.attempts() && !delivered.getAsBoolean()
                        && (limit == null || deadline - System.nanoTime() >= limit.toNanos() / 2);
                if (!again) {
                    if (e instanceof RuntimeException r && (sql == null || n == 1)) {
                        throw r; // a failure of the work itself, or already reported by the store that met it
                    }
                    throw failure(what, n, sql);
                }
                // a caller that must answer soon retries at once, on a fresh connection, or not at all (and
                // says so quietly: in an outage every request would log it)
                long wait = limit == null ? retry.backoffFor(n) : 0;
                LOG.log(limit == null ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "{0}: {1} failed (attempt {2} of {3}), retrying in {4} s: {5}",
                        description, what, n, retry.attempts(), wait, message(sql));
                beforeRetry(sql);
                sleep(what, wait);
                retries.incrementAndGet();
            }
        }
    }

    /** Limits the waits of a connection of an attempt with a deadline (none when null). */
    private void limit(Connection c, Long deadline) throws SQLException {
        if (deadline != null) {
            limitWaits(c, (int) Math.max(MIN_WAIT_MILLIS, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    private void sleep(String what, long seconds) {
        if (seconds <= 0) {
            return;
        }
        try {
            sleeper.sleep(seconds);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry: " + what, ie);
        }
    }

    private void rollbackQuietly(Connection c, Throwable cause) {
        try {
            rollback(c);
        } catch (SQLException | RuntimeException e) {
            // the failure that made us roll back is the one to report (a failed commit may have ended it already)
            cause.addSuppressed(e);
        }
    }

    /**
     * The failure of {@code what} as the stores report it: one line, the store, the attempts, the cause; a
     * {@link StoreUnavailableException} when the store could not be reached.
     */
    protected final StorageException failure(String what, int attempts, SQLException e) {
        String message = description + ": cannot " + what + (attempts > 1 ? " after " + attempts + " attempts" : "")
                + ": " + message(e);
        return isUnavailable(e) ? new StoreUnavailableException(message, e) : new StorageException(message, e);
    }

    /** The first {@link SQLException} in the causes of {@code e}, or null. */
    public static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** The message of a failure, or its class name when it has none. */
    public static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Closes connections, logging (not throwing) failures. */
    protected static void closeQuietly(List<Connection> connections) {
        List<Connection> all = new ArrayList<>(connections);
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a connection failed: " + e.getMessage());
            }
        }
    }
}
