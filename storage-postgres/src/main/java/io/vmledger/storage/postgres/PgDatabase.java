package io.vmledger.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.vmledger.api.settings.Settings.RetrySettings;
import io.vmledger.storage.jdbc.JdbcDatabase;
import io.vmledger.storage.jdbc.PoolCounters;
import io.vmledger.storage.jdbc.ReadWorkers;
import io.vmledger.storage.jdbc.Sql;
import io.vmledger.storage.spi.ConnectionPool;
import io.vmledger.storage.spi.StorageException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The PostgreSQL side of the seam: a HikariCP pool whose connections start every unit of work in a
 * transaction (autocommit off), failures classified as transient when the connection, not the statement,
 * was at fault (connection lost or refused, server restarting, serialization failure), and reads of
 * several connections that share one snapshot ({@code pg_export_snapshot}).
 *
 * <p>Every wait on the server is bounded, so that an outage is noticed in seconds rather than minutes
 * (decision 0120): a pooled connection is waited for {@value #CONNECTION_WAIT_MILLIS} ms, a new one takes at
 * most {@value #LOGIN_TIMEOUT_SECONDS} s to open, an idle one is checked in at most a second, and a
 * statement whose server stays silent for {@code storage.postgres.socket_timeout} (web requests: their
 * {@link io.vmledger.storage.spi.WaitLimit}) loses its connection.
 */
final class PgDatabase extends JdbcDatabase {
    private static final System.Logger LOG = System.getLogger(PgDatabase.class.getName());

    /** SQLSTATEs worth a retry besides class 08 (connection exception). */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57P01", // admin_shutdown (server stopped or backend terminated)
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (server starting)
            "53300", // too_many_connections
            "40001", // serialization_failure
            "40P01"); // deadlock_detected

    /** SQLSTATE classes that say the server cannot take work now: 08 connection, 53 insufficient resources. */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53");
    /** SQLSTATEs that say the same: the server is stopping, crashed or starting. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    /** How long a unit of work waits for a pooled connection (HikariCP {@code connectionTimeout}). */
    static final long CONNECTION_WAIT_MILLIS = 1_000;
    /** How long checking an idle pooled connection may take (HikariCP {@code validationTimeout}). */
    static final long VALIDATION_MILLIS = 500;
    /** How long opening a TCP connection to the server may take (pgjdbc {@code connectTimeout}). */
    static final int CONNECT_TIMEOUT_SECONDS = 2;
    /** How long opening a session, log-in included, may take (pgjdbc {@code loginTimeout}). */
    static final int LOGIN_TIMEOUT_SECONDS = 3;

    private final HikariDataSource pool;
    private final PgOptions options;
    private final List<ConnectionPool> pools;
    private final ReadWorkers readWorkers;

    private PgDatabase(HikariDataSource pool, PoolCounters counters, PgOptions options, RetrySettings retry,
                       Sleeper sleeper) {
        super("PostgreSQL " + options.safeUrl(), retry, sleeper);
        this.pool = pool;
        this.options = options;
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        this.pools = List.of(counters.pool("postgres", mx::getActiveConnections, mx::getIdleConnections,
                options.poolSize(), mx::getThreadsAwaitingConnection));
        this.readWorkers = new ReadWorkers("PostgreSQL " + options.safeUrl(), options.poolSize(), "postgres-read-");
    }

    /**
     * A read of a virtual thread (a web request) runs on one of {@code pool_size} platform threads: a request
     * makes several round trips to the server, and a virtual thread woken by each answer would queue behind the
     * other requests' work for a carrier every time (docs/decisions/0150).
     */
    @Override
    protected <T> T onReadThread(Supplier<T> work) {
        return readWorkers.run(work);
    }

    /** HikariCP's pool: its own gauges, and the acquisitions and timeouts its metrics hook reports. */
    @Override
    public List<ConnectionPool> connectionPools() {
        return pools;
    }

    /** Opens the pool, retrying while the server cannot be reached. */
    static PgDatabase open(PgOptions options, RetrySettings retry) {
        return open(options, retry, s -> Thread.sleep(s * 1000));
    }

    static PgDatabase open(PgOptions options, RetrySettings retry, Sleeper sleeper) {
        for (int attempt = 1; ; attempt++) {
            try {
                PoolCounters counters = new PoolCounters();
                HikariConfig config = config(options);
                config.setMetricsTrackerFactory((name, stats) -> new Tracker(counters));
                return new PgDatabase(new HikariDataSource(config), counters, options, retry, sleeper);
            } catch (RuntimeException e) {
                // Hikari wraps the driver's failure; classify on the SQLException inside
                SQLException cause = sqlCause(e);
                if (cause != null && !isTransientState(cause) || attempt >= retry.attempts()) {
                    throw new StorageException("cannot connect to PostgreSQL at " + options.safeUrl() + " as "
                            + options.user() + (attempt > 1 ? " (" + attempt + " attempts)" : "") + ": "
                            + message(cause != null ? cause : e), e);
                }
                long wait = retry.backoffFor(attempt);
                LOG.log(System.Logger.Level.WARNING, "PostgreSQL: connecting to {0} failed (attempt {1} of {2}), "
                        + "retrying in {3} s: {4}", options.safeUrl(), attempt, retry.attempts(), wait, message(e));
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while waiting to connect to " + options.safeUrl(), ie);
                }
            }
        }
    }

    /** What HikariCP's metrics hook tells: each connection handed out and how long it took, each timeout. */
    private static final class Tracker implements IMetricsTracker {
        private final PoolCounters counters;

        Tracker(PoolCounters counters) {
            this.counters = counters;
        }

        @Override
        public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
            counters.acquired(elapsedAcquiredNanos);
        }

        @Override
        public void recordConnectionTimeout() {
            counters.timedOut();
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
        // every unit of work commits or rolls back itself; reads need a transaction for cursor fetches
        c.setAutoCommit(false);
        // bounded waits (decision 0120): a unit of work gives up on an unreachable server within a second (jobs
        // then retry with settings.retry), and the pool's own attempts to reconnect never hang
        c.setConnectionTimeout(CONNECTION_WAIT_MILLIS);
        c.setValidationTimeout(VALIDATION_MILLIS);
        c.addDataSourceProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        c.addDataSourceProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        c.addDataSourceProperty("socketTimeout", Integer.toString(options.socketTimeoutSeconds()));
        c.setInitializationFailTimeout(1);
        // names the sessions in pg_stat_activity (with the schema when one is configured)
        c.addDataSourceProperty("ApplicationName", "vmledger" + (options.schema() != null ? "/" + options.schema() : ""));
        // joins a JDBC batch of single-row INSERTs into multi-row statements (lifecycle, rollups)
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

    @Override
    protected Connection beginWrite() throws SQLException {
        return pool.getConnection();
    }

    @Override
    protected void commit(Connection c) throws SQLException {
        c.commit();
    }

    @Override
    protected void rollback(Connection c) throws SQLException {
        if (!c.isClosed()) {
            c.rollback();
        }
    }

    @Override
    protected void releaseWrite(Connection c) {
        closeQuietly(List.of(c));
    }

    @Override
    protected Connection beginRead() throws SQLException {
        return pool.getConnection();
    }

    @Override
    protected void endRead(Connection c, boolean ok) {
        try {
            if (ok) {
                c.commit();
            } else if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "ending a read failed: " + e.getMessage());
        } finally {
            closeQuietly(List.of(c));
        }
    }

    /**
     * Connections in repeatable-read, read-only transactions on one snapshot: the first exports it
     * ({@code pg_export_snapshot}) and the others import it, so every run of an ordered read, on whichever
     * connection, sees the same committed state.
     */
    @Override
    protected List<Connection> beginReads(int n) throws SQLException {
        List<Connection> connections = new ArrayList<>(n);
        try {
            Connection first = pool.getConnection();
            connections.add(first);
            Sql.exec(first, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            if (n > 1) {
                String snapshot;
                try (Statement st = first.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                    rs.next();
                    snapshot = rs.getString(1);
                }
                for (int i = 1; i < n; i++) {
                    Connection c = pool.getConnection();
                    connections.add(c);
                    Sql.exec(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    Sql.exec(c, "SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
                }
            }
            return connections;
        } catch (SQLException | RuntimeException e) {
            for (Connection c : connections) {
                endRead(c, false);
            }
            throw e;
        }
    }

    @Override
    protected boolean isTransient(SQLException e) {
        return isTransientState(e);
    }

    @Override
    protected boolean isUnavailable(SQLException e) {
        return isUnavailableState(e);
    }

    /** A read time-out on the connection's socket; the pool restores the default when it gets it back. */
    @Override
    protected void limitWaits(Connection c, int millis) throws SQLException {
        c.setNetworkTimeout(Runnable::run, millis);
    }

    /**
     * After a lost connection (server restarted, sessions terminated, network cut) the other pooled
     * connections are most likely dead too, and the pool would hand them out unchecked for a while:
     * evict them all, so the retry opens a fresh one instead of burning its attempts on dead ones.
     */
    @Override
    protected void beforeRetry(SQLException cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                pool.getHikariPoolMXBean().softEvictConnections();
                return;
            }
        }
    }

    /**
     * Runs {@code work} in a transaction of its own on its own connection, whatever transaction the calling
     * thread is in: DDL that must not wait for, or hold locks in, the caller's transaction (partitions, the
     * partition migration). Retried like a unit of work.
     */
    <T> T autonomous(String what, Work<T> work) {
        return retried(what, () -> {
            try (Connection c = pool.getConnection()) {
                // DDL may be silent for longer than socket_timeout (a migration copies a whole table)
                c.setNetworkTimeout(Runnable::run, 0);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    if (!c.isClosed()) {
                        c.rollback();
                    }
                    throw e;
                }
            }
        });
    }

    /** Whether a failure is worth retrying: the connection, not the statement, was at fault. */
    static boolean isTransientState(SQLException e) {
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

    /**
     * Whether a failure says that the server cannot be reached or cannot take work now: a connection
     * failure (class 08, a socket time-out included), no pooled connection in time, the server stopping,
     * crashed or starting (57P01-57P03), or short of resources (class 53: connections, disk, memory).
     */
    static boolean isUnavailableState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && state.length() == 5
                        && (UNAVAILABLE_CLASSES.contains(state.substring(0, 2)) || UNAVAILABLE_STATES.contains(state))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        readWorkers.close();
        super.close();
        pool.close();
    }
}
