package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.Settings.RetrySettings;
import io.vmledger.storage.jdbc.JdbcDatabase;
import io.vmledger.storage.jdbc.PoolCounters;
import io.vmledger.storage.jdbc.ReadWorkers;
import io.vmledger.storage.jdbc.Sql;
import io.vmledger.storage.spi.ConnectionPool;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.StoreUnavailableException;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The connections to one SQLite file. SQLite allows one writer at a time, so all writes go through a
 * single write connection behind a lock (a writer never waits on SQLite's busy handler for another thread
 * of this process); reads use their own connections, each read in a transaction of its own, and run
 * concurrently thanks to WAL (docs/decisions/0011).
 */
public final class SqliteDatabase extends JdbcDatabase {
    private static final System.Logger LOG = System.getLogger(SqliteDatabase.class.getName());


    /** Primary result codes that say the file cannot be used now, not that the statement was wrong. */
    private static final Set<Integer> UNAVAILABLE_CODES = Set.of(
            5,   // SQLITE_BUSY: another process holds the lock for longer than busy_timeout
            6,   // SQLITE_LOCKED
            10,  // SQLITE_IOERR: the file's device fails (or is gone)
            13,  // SQLITE_FULL: the disk is full
            14); // SQLITE_CANTOPEN

    private final Path file;
    private final String url;
    private final SqlitePragmas pragmas;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Deque<Connection> idleReaders = new ArrayDeque<>();
    private final List<Connection> openReaders = new ArrayList<>();
    private final PoolCounters writes = new PoolCounters();
    private final PoolCounters reads = new PoolCounters();
    private final List<ConnectionPool> pools;
    /** Idle read connections kept open (one per read worker and ordered-read thread); more are closed when returned. */
    private final int maxIdleReaders;
    private final ReadWorkers readWorkers;
    private boolean closed;

    SqliteDatabase(Path file, SqlitePragmas pragmas, RetrySettings retry) {
        super("SQLite " + file, retry, seconds -> Thread.sleep(seconds * 1000));
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.pragmas = pragmas;
        this.writer = connect(pragmas.writerCacheKib());
        this.maxIdleReaders = pragmas.readWorkers() + pragmas.readThreads();
        this.readWorkers = new ReadWorkers("SQLite " + file, pragmas.readWorkers(), "sqlite-read-");
        this.pools = List.of(
                writes.pool("sqlite-writer", () -> writeLock.isLocked() ? 1 : 0, () -> writeLock.isLocked() ? 0 : 1, 1,
                        writeLock::getQueueLength),
                reads.pool("sqlite-readers", this::readersInUse, this::idleReaders, 0, () -> 0));
    }

    /**
     * The one writer (a write waits for the lock; the time is a wait for another write of this process) and the
     * readers (opened on demand, never waited for; the time is taking an idle one or opening one).
     */
    @Override
    public List<ConnectionPool> connectionPools() {
        return pools;
    }

    private int readersInUse() {
        synchronized (idleReaders) {
            return openReaders.size() - idleReaders.size();
        }
    }

    private int idleReaders() {
        synchronized (idleReaders) {
            return idleReaders.size();
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * The file is busy, cannot be opened or read, or its disk is full: the store cannot take work now, though
     * the same work may succeed later.
     */
    @Override
    protected boolean isUnavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && UNAVAILABLE_CODES.contains(s.getErrorCode() & 0xff)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Connection beginWrite() throws SQLException {
        long t0 = System.nanoTime();
        writeLock.lock();
        writes.acquired(System.nanoTime() - t0);
        boolean ok = false;
        try {
            ensureOpen();
            Sql.exec(writer, "BEGIN IMMEDIATE");
            ok = true;
            return writer;
        } finally {
            if (!ok) {
                writeLock.unlock();
            }
        }
    }

    @Override
    protected void commit(Connection c) throws SQLException {
        Sql.exec(c, "COMMIT");
    }

    /**
     * Rolls back, unless SQLite already did: after some errors (a full disk, an I/O error) it ends the
     * transaction itself, and a ROLLBACK then only fails with "no transaction is active", which is noise.
     */
    @Override
    protected void rollback(Connection c) throws SQLException {
        try {
            Sql.exec(c, "ROLLBACK");
        } catch (SQLException e) {
            String m = e.getMessage();
            if (m == null || !m.contains("no transaction is active")) {
                throw e;
            }
        }
    }

    @Override
    protected void releaseWrite(Connection c) {
        writeLock.unlock();
    }

    @Override
    protected Connection beginRead() throws SQLException {
        long t0 = System.nanoTime();
        Connection c = borrowReader();
        reads.acquired(System.nanoTime() - t0);
        try {
            Sql.exec(c, "BEGIN");
            return c;
        } catch (SQLException | RuntimeException e) {
            discardReader(c);
            throw e;
        }
    }

    @Override
    protected void endRead(Connection c, boolean ok) {
        try {
            Sql.exec(c, "COMMIT");
            returnReader(c);
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "ending a read transaction on " + file + " failed: " + e.getMessage());
            discardReader(c);
        }
    }

    /**
     * Read connections whose transactions start while this process's write lock is held, so that no write of
     * this process commits in between (writes of other processes are not excluded). The first read of a
     * transaction fixes the state it sees. When the lock is busy for long (a writer is open on another
     * thread) one connection is returned instead.
     */
    @Override
    protected List<Connection> beginReads(int n) throws SQLException {
        if (n <= 1) {
            return List.of(beginReadAtOnce());
        }
        List<Connection> connections = new ArrayList<>(n);
        boolean locked;
        try {
            locked = writeLock.tryLock(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while starting a read of " + file, e);
        }
        try {
            int count = locked ? n : 1;
            for (int i = 0; i < count; i++) {
                connections.add(beginReadAtOnce());
            }
            return connections;
        } catch (SQLException | RuntimeException e) {
            for (Connection c : connections) {
                endRead(c, false);
            }
            throw e;
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    /** A read transaction whose state is fixed now, not at its first statement. */
    private Connection beginReadAtOnce() throws SQLException {
        Connection c = beginRead();
        try {
            Sql.exec(c, "SELECT count(*) FROM (SELECT 1 FROM vm_hourly_snapshots LIMIT 1)");
            return c;
        } catch (SQLException | RuntimeException e) {
            endRead(c, false);
            throw e;
        }
    }

    /**
     * A read of a virtual thread (a web request) runs on one of {@code storage.sqlite.read_workers} platform
     * threads, in the order asked, while the virtual thread waits without holding a carrier; under the wait limit
     * of the request. Other threads read on their own.
     */
    @Override
    protected <T> T onReadThread(Supplier<T> work) {
        return readWorkers.run(work);
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
        readWorkers.close();
        super.close();
        closeQuietly(toClose);
        writeLock.lock();
        try {
            // PRAGMA optimize keeps the planner's statistics fresh, as the SQLite docs advise at close (a
            // halted store writes nothing more: it stands for a killed process)
            if (!halted()) {
                try (Statement st = writer.createStatement()) {
                    st.execute("PRAGMA optimize");
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.DEBUG, "PRAGMA optimize failed: " + e.getMessage());
                }
            }
            closeQuietly(List.of(writer));
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
            keep = !closed && idleReaders.size() < maxIdleReaders;
            if (keep) {
                idleReaders.push(c);
            } else {
                openReaders.remove(c);
            }
        }
        if (!keep) {
            closeQuietly(List.of(c));
        }
    }

    private void discardReader(Connection c) {
        synchronized (idleReaders) {
            openReaders.remove(c);
        }
        closeQuietly(List.of(c));
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
            String message = "cannot open SQLite file " + file + ": " + e.getMessage();
            throw isUnavailable(e) ? new StoreUnavailableException(message, e) : new StorageException(message, e);
        }
    }
}
