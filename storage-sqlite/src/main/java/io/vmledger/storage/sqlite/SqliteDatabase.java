package io.vmledger.storage.sqlite;

import io.vmledger.storage.spi.StorageException;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections to one SQLite file. SQLite allows one writer at a time, so all writes go through
 * a single write connection behind a lock (a writer never waits on SQLite's busy handler for another
 * thread of this process); reads use their own connections and run concurrently thanks to WAL.
 * Public so that the plugin's SQL aggregation (package {@code ...sqlite.aggregation}) can share it.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SqliteDatabase.class.getName());

    /** Idle read connections kept open; more are opened on demand and closed when returned. */
    private static final int MAX_IDLE_READERS = 4;

    /** Work with a connection that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final String url;
    private final SqlitePragmas pragmas;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private int writeDepth; // guarded by writeLock: nesting of write transactions of the owning thread
    private final Deque<Connection> idleReaders = new ArrayDeque<>();
    private final ExecutorService readExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Thread.ofPlatform().name("sqlite-read-", 0).daemon(true).factory());
    private final List<Connection> openReaders = new ArrayList<>();
    private boolean closed;

    SqliteDatabase(Path file, SqlitePragmas pragmas) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.pragmas = pragmas;
        this.writer = connect(pragmas.writerCacheKib());
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The JDBC URL of the file (used by Flyway and by tools). */
    public String url() {
        return url;
    }

    /**
     * Runs {@code work} on a read connection in autocommit mode (each statement sees the latest
     * committed data). Several statements that must see one consistent state use {@link #readTransaction}.
     */
    public <T> T read(SqlWork<T> work) {
        Connection c = borrowReader();
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException("SQLite read failed on " + file + ": " + e.getMessage(), e);
        } finally {
            returnReader(c);
        }
    }

    /** Runs {@code work} inside one read transaction: all its statements see the same committed state. */
    public <T> T readTransaction(SqlWork<T> work) {
        Connection c = borrowReader();
        try {
            exec(c, "BEGIN");
            try {
                return work.run(c);
            } finally {
                exec(c, "COMMIT");
            }
        } catch (SQLException e) {
            throw new StorageException("SQLite read failed on " + file + ": " + e.getMessage(), e);
        } finally {
            returnReader(c);
        }
    }

    /** Work with several connections. */
    @FunctionalInterface
    public interface SqlListWork<T> {
        T run(List<Connection> connections) throws SQLException;
    }

    /**
     * Runs {@code work} with up to {@code n} read connections, each in a read transaction, all reading the
     * same committed state: their transactions start while this process's write lock is held, so no write
     * of this process commits in between (writes of other processes are not excluded). When the lock is
     * busy for long (a writer is open on another thread) it runs with a single connection instead.
     */
    public <T> T readTransactions(int n, SqlListWork<T> work) {
        List<Connection> connections = new ArrayList<>(n);
        try {
            boolean locked = writeLock.tryLock(50, TimeUnit.MILLISECONDS);
            try {
                int count = locked ? n : 1;
                for (int i = 0; i < count; i++) {
                    Connection c = borrowReader();
                    connections.add(c);
                    exec(c, "BEGIN");
                    // the first read of the transaction fixes the snapshot it sees
                    exec(c, "SELECT count(*) FROM (SELECT 1 FROM vm_hourly_snapshots LIMIT 1)");
                }
            } finally {
                if (locked) {
                    writeLock.unlock();
                }
            }
            return work.run(connections);
        } catch (SQLException e) {
            throw new StorageException("SQLite read failed on " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while starting a read of " + file, e);
        } finally {
            for (Connection c : connections) {
                try {
                    exec(c, "COMMIT");
                    returnReader(c);
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.WARNING, "ending a read transaction failed: " + e.getMessage());
                    discardReader(c);
                }
            }
        }
    }

    /** Threads of parallel reads (daemon threads, created on demand, idle ones end after a minute). */
    ExecutorService readExecutor() {
        return readExecutor;
    }

    /**
     * Runs {@code work} in one write transaction on the write connection and commits it; rolls back
     * when it throws. Called again from inside a write transaction of the same thread (for example a
     * store method used while a {@link SqlitePeriodWriter} is open), it runs in a savepoint of that
     * transaction.
     */
    public <T> T write(SqlWork<T> work) {
        WriteTransaction tx = beginWrite();
        try {
            T result = work.run(writer);
            tx.commit();
            return result;
        } catch (SQLException e) {
            throw new StorageException("SQLite write failed on " + file + ": " + e.getMessage(), e);
        } finally {
            tx.close();
        }
    }

    /**
     * Opens a write transaction held until {@link WriteTransaction#commit()} or {@link WriteTransaction#close()};
     * it must be ended by the thread that opened it.
     */
    public WriteTransaction beginWrite() {
        writeLock.lock();
        boolean ok = false;
        try {
            ensureOpen();
            String savepoint = null;
            if (writeDepth == 0) {
                exec(writer, "BEGIN IMMEDIATE");
            } else {
                savepoint = "sp" + writeDepth;
                exec(writer, "SAVEPOINT " + savepoint);
            }
            writeDepth++;
            ok = true;
            return new WriteTransaction(savepoint);
        } catch (SQLException e) {
            throw new StorageException("cannot begin a write transaction on " + file + ": " + e.getMessage(), e);
        } finally {
            if (!ok) {
                writeLock.unlock();
            }
        }
    }

    /** A write transaction (or savepoint) on the write connection. */
    public final class WriteTransaction implements AutoCloseable {
        private final String savepoint;
        private boolean done;

        private WriteTransaction(String savepoint) {
            this.savepoint = savepoint;
        }

        /** The write connection; valid until the transaction ends. */
        public Connection connection() {
            if (done) {
                throw new IllegalStateException("the write transaction has ended");
            }
            return writer;
        }

        public void commit() {
            if (done) {
                throw new IllegalStateException("the write transaction has ended");
            }
            try {
                exec(writer, savepoint == null ? "COMMIT" : "RELEASE " + savepoint);
            } catch (SQLException e) {
                // leave done=false so that close() rolls back
                throw new StorageException("SQLite commit failed on " + file + ": " + e.getMessage(), e);
            }
            finish();
        }

        /** Rolls back unless committed. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            try {
                if (savepoint == null) {
                    exec(writer, "ROLLBACK");
                } else {
                    exec(writer, "ROLLBACK TO " + savepoint);
                    exec(writer, "RELEASE " + savepoint);
                }
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "rollback failed on " + file + ": " + e.getMessage());
            } finally {
                finish();
            }
        }

        private void finish() {
            done = true;
            writeDepth--;
            writeLock.unlock();
        }
    }

    /** Runs a checkpoint of the WAL into the database file (PASSIVE: never waits on readers). */
    public void checkpoint() {
        writeLock.lock();
        try (Statement st = writer.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            throw new StorageException("SQLite checkpoint failed on " + file + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        List<Connection> toClose;
        synchronized (idleReaders) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(openReaders);
            openReaders.clear();
            idleReaders.clear();
        }
        readExecutor.shutdownNow();
        for (Connection c : toClose) {
            closeQuietly(c);
        }
        writeLock.lock();
        try {
            // PRAGMA optimize keeps the planner's statistics fresh, as the SQLite docs advise at close
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA optimize");
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "PRAGMA optimize failed: " + e.getMessage());
            }
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private Connection borrowReader() {
        synchronized (idleReaders) {
            ensureOpen();
            Connection c = idleReaders.poll();
            if (c != null) {
                return c;
            }
        }
        Connection c = connect(pragmas.readerCacheKib());
        synchronized (idleReaders) {
            openReaders.add(c);
        }
        return c;
    }

    private void returnReader(Connection c) {
        boolean keep;
        synchronized (idleReaders) {
            keep = !closed && idleReaders.size() < MAX_IDLE_READERS;
            if (keep) {
                idleReaders.push(c);
            } else {
                openReaders.remove(c);
            }
        }
        if (!keep) {
            closeQuietly(c);
        }
    }

    private void discardReader(Connection c) {
        synchronized (idleReaders) {
            openReaders.remove(c);
        }
        closeQuietly(c);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("the SQLite store " + file + " is closed");
        }
    }

    private Connection connect(int cacheKib) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(pragmas.busyTimeoutMillis());
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-cacheKib);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(pragmas.mmapBytes()));
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(pragmas.walAutocheckpointPages()));
        try {
            return DriverManager.getConnection(url, config.toProperties());
        } catch (SQLException e) {
            throw new StorageException("cannot open SQLite file " + file + ": " + e.getMessage(), e);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a SQLite connection failed: " + e.getMessage());
        }
    }
}
