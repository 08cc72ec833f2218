package io.vmledger.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vmledger.api.settings.Settings.RetrySettings;
import io.vmledger.storage.spi.StorageException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection pool and the one way this plugin runs SQL: a unit of work in one transaction,
 * retried from the start when it fails for a transient reason (connection lost or refused, server
 * restarting, serialization failure) with the waits of {@code settings.retry}.
 */
final class PgDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PgDatabase.class.getName());

    /** SQLSTATEs worth a retry besides class 08 (connection exception). */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57P01", // admin_shutdown (server stopped or backend terminated)
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (server starting)
            "53300", // too_many_connections
            "40001", // serialization_failure
            "40P01"); // deadlock_detected

    private final HikariDataSource pool;
    private final RetrySettings retry;
    private final PgOptions options;
    private final Sleeper sleeper;
    private final AtomicLong retries = new AtomicLong();

    /** The work of one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Waits between attempts; replaced in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long seconds) throws InterruptedException;
    }

    private PgDatabase(HikariDataSource pool, RetrySettings retry, PgOptions options, Sleeper sleeper) {
        this.pool = pool;
        this.retry = retry;
        this.options = options;
        this.sleeper = sleeper;
    }

    /** Opens the pool, retrying while the server cannot be reached. */
    static PgDatabase open(PgOptions options, RetrySettings retry) {
        return open(options, retry, s -> Thread.sleep(s * 1000));
    }

    static PgDatabase open(PgOptions options, RetrySettings retry, Sleeper sleeper) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new PgDatabase(new HikariDataSource(config(options)), retry, options, sleeper);
            } catch (RuntimeException e) {
                // Hikari wraps the driver's failure; classify on the SQLException inside.
                SQLException cause = sqlCause(e);
                boolean transientFailure = cause == null || isTransient(cause);
                if (!transientFailure || attempt >= retry.attempts()) {
                    throw new StorageException("cannot connect to PostgreSQL at " + options.safeUrl() + " as "
                            + options.user() + (attempt > 1 ? " (" + attempt + " attempts)" : "") + ": "
                            + message(e), e);
                }
                backoff("connect to " + options.safeUrl(), attempt, e, sleeper, retry);
            }
        }
    }

    private static HikariConfig config(PgOptions options) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("vmledger-postgres");
        c.setJdbcUrl(options.url());
        c.setUsername(options.user());
        if (options.password() != null) {
            c.setPassword(options.password());
        }
        if (options.schema() != null) {
            // A startup parameter, not Hikari's setSchema: that runs SET search_path inside the
            // connection's first transaction (autocommit is off), and a first transaction that
            // rolls back would take the search path with it.
            c.addDataSourceProperty("currentSchema", options.schema());
        }
        c.setMaximumPoolSize(options.poolSize());
        c.setMinimumIdle(1);
        // Every unit of work commits or rolls back itself; reads need a transaction for cursor fetches.
        c.setAutoCommit(false);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(1);
        // Names the sessions in pg_stat_activity (with the schema when one is configured).
        c.addDataSourceProperty("ApplicationName", "vmledger" + (options.schema() != null ? "/" + options.schema() : ""));
        // Joins a JDBC batch of single-row INSERTs into multi-row statements (lifecycle, rollups).
        c.addDataSourceProperty("reWriteBatchedInserts", "true");
        c.addDataSourceProperty("tcpKeepAlive", "true");
        return c;
    }

    javax.sql.DataSource dataSource() {
        return pool;
    }

    PgOptions options() {
        return options;
    }

    /** Retries performed so far (for tests and logs). */
    long retries() {
        return retries.get();
    }

    /** Runs {@code work} in one transaction, retried from the start on transient failures. */
    <T> T inTransaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (!isTransient(e) || attempt >= retry.attempts()) {
                    throw failure(what, attempt, e);
                }
                forgetConnectionsAfter(e);
                backoff(what, attempt, e, sleeper, retry);
                retries.incrementAndGet();
            }
        }
    }

    /**
     * Runs a streaming read. It is retried only while {@code delivered} says nothing has reached the
     * caller yet: a partly consumed stream cannot be replayed without duplicates.
     */
    void stream(String what, Work<Void> work, java.util.function.BooleanSupplier delivered) {
        retrying(what, delivered, () -> once(work));
    }

    /** One attempt of work that gets its own connections. */
    @FunctionalInterface
    interface Attempt {
        void run() throws SQLException;
    }

    /**
     * Runs {@code attempt}, again from the start after a transient failure while {@code delivered}
     * says nothing has reached the caller yet.
     */
    void retrying(String what, java.util.function.BooleanSupplier delivered, Attempt attempt) {
        for (int n = 1; ; n++) {
            try {
                attempt.run();
                return;
            } catch (SQLException e) {
                if (!isTransient(e) || n >= retry.attempts() || delivered.getAsBoolean()) {
                    throw failure(what, n, e);
                }
                forgetConnectionsAfter(e);
                backoff(what, n, e, sleeper, retry);
                retries.incrementAndGet();
            }
        }
    }

    /** A pooled connection, not retried: for the parts of work that {@link #retrying} retries as a whole. */
    Connection borrow() throws SQLException {
        return pool.getConnection();
    }

    /**
     * A connection for work that manages its own transaction (period writers, maintenance); getting
     * it is retried like a unit of work. The caller commits or rolls back, and closes it.
     */
    Connection connection(String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                if (!isTransient(e) || attempt >= retry.attempts()) {
                    throw failure(what, attempt, e);
                }
                forgetConnectionsAfter(e);
                backoff(what, attempt, e, sleeper, retry);
                retries.incrementAndGet();
            }
        }
    }

    private <T> T once(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private StorageException failure(String what, int attempt, SQLException e) {
        return new StorageException("PostgreSQL: cannot " + what + (attempt > 1 ? " after " + attempt + " attempts" : "")
                + ": " + message(e), e);
    }

    private static void backoff(String what, int attempt, Exception e, Sleeper sleeper, RetrySettings retry) {
        long wait = retry.backoffFor(attempt);
        LOG.log(System.Logger.Level.WARNING, "PostgreSQL: {0} failed (attempt {1} of {2}), retrying in {3} s: {4}",
                what, attempt, retry.attempts(), wait, message(e));
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry: " + what, ie);
        }
    }

    /**
     * After a lost connection (server restarted, sessions terminated, network cut) the other pooled
     * connections are most likely dead too, and the pool would hand them out unchecked for a while:
     * evict them all, so the retry opens a fresh one instead of burning its attempts on dead ones.
     */
    private void forgetConnectionsAfter(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                pool.getHikariPoolMXBean().softEvictConnections();
                return;
            }
        }
    }

    /** Whether a failure is worth retrying: the connection, not the statement, was at fault. */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static String message(Throwable e) {
        SQLException s = sqlCause(e);
        Throwable t = s != null ? s : e;
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        pool.close();
    }
}
