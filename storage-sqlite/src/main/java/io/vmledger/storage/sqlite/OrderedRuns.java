package io.vmledger.storage.sqlite;

import io.vmledger.storage.spi.StorageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Streams rows in {@code (Vcenter, VmKey, run)} order by merging runs that each come from the store
 * ordered by {@code (Vcenter, VmKey)}: one run per snapshot time (or per day for rollups). The tables
 * are keyed time first so that writes append; this merge gives readers the per-VM order without sorting
 * the window (it holds a few rows per run, plus a few small batches, in memory).
 *
 * <p>With more than one read thread the runs are shared out among producer threads, each on its own read
 * connection and each merging its share; the calling thread merges their outputs and feeds the sink. All
 * connections read the same committed state (see {@link SqliteDatabase#readTransactions}).
 */
final class OrderedRuns<T> {
    private static final int BATCH = 512;
    private static final int QUEUE_BATCHES = 8;
    /**
     * Rows each run reads ahead: stepping one statement several times in a row, rather than alternating
     * between the runs' statements at every row, took 5% off the CPU of a month's merged read (16, 32 and
     * 64 did equally well). A month read from hourly rows (about 720 runs) holds about 11,000 rows this way.
     */
    private static final int READ_AHEAD = 16;
    /** Fewer runs than this are read on one connection: splitting would not pay for the threads. */
    private static final int MIN_RUNS_PER_THREAD = 2;

    /** Reads one row of a run; made per producer so it may keep per-thread caches. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Extracts the merge keys of a row. */
    interface Keys<T> {
        String vcenter(T row);

        String vmKey(T row);
    }

    private final Supplier<RowReader<T>> readers;
    private final Keys<T> keys;

    OrderedRuns(Supplier<RowReader<T>> readers, Keys<T> keys) {
        this.readers = readers;
        this.keys = keys;
    }

    /**
     * Merges the runs of {@code runSql} (one {@code ?} parameter: the run value; ordered by Vcenter, VmKey)
     * for the run values that {@code runValues} lists, ascending. Uses up to {@code threads} connections.
     *
     * @return rows emitted
     */
    long merge(SqliteDatabase db, int threads, String runSql, RunLister runValues, Consumer<? super T> sink) {
        int producers = threads;
        if (producers > 1) {
            // the run list is small and cheap: read it first to decide whether to split
            long[] values = db.read(runValues::list);
            producers = Math.min(threads, values.length / MIN_RUNS_PER_THREAD);
        }
        if (producers <= 1) {
            return db.readTransaction(c -> mergeOn(c, runSql, runValues.list(c), (row, vc, key, run) -> sink.accept(row)));
        }
        int n = producers;
        return db.readTransactions(n, connections -> parallel(db, connections, runSql, runValues, sink));
    }

    /** Lists the run values, ascending, on a connection (inside the read transaction used for the runs). */
    @FunctionalInterface
    interface RunLister {
        long[] list(Connection c) throws SQLException;
    }

    /** A row with its merge keys. */
    @FunctionalInterface
    private interface KeyedSink<T> {
        void accept(T row, String vcenter, String vmKey, long run) throws InterruptedException;
    }

    private long mergeOn(Connection c, String runSql, long[] runValues, KeyedSink<T> sink) throws SQLException {
        RowReader<T> reader = readers.get();
        long rows = 0;
        List<Run<T>> runs = new ArrayList<>(runValues.length);
        try {
            PriorityQueue<Run<T>> heads = new PriorityQueue<>(Math.max(1, runValues.length), OrderedRuns::compare);
            for (long value : runValues) {
                PreparedStatement ps = c.prepareStatement(runSql);
                Run<T> run = new Run<>(ps, value);
                runs.add(run);
                ps.setLong(1, value);
                run.rs = ps.executeQuery();
                if (advance(run, reader)) {
                    heads.add(run);
                }
            }
            Run<T> run;
            while ((run = heads.poll()) != null) {
                sink.accept(run.head, run.vcenter, run.vmKey, run.value);
                rows++;
                if (advance(run, reader)) {
                    heads.add(run);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("ordered read interrupted", e);
        } finally {
            for (Run<T> r : runs) {
                r.close();
            }
        }
        return rows;
    }

    private boolean advance(Run<T> run, RowReader<T> reader) throws SQLException {
        if (run.next == run.size) {
            if (!fill(run, reader)) {
                run.head = null;
                return false;
            }
        }
        int i = run.next++;
        String vcenter = run.vcenters[i];
        String vmKey = run.keys[i];
        if (run.head != null && compareKeys(run.vcenter, run.vmKey, vcenter, vmKey) > 0) {
            // a run out of key order would silently break the per-VM grouping of every reader
            throw new IllegalStateException("a run is not ordered by Vcenter, VmKey at " + vcenter + "/" + vmKey);
        }
        run.head = run.row(i);
        run.rows[i] = null;
        run.vcenter = vcenter;
        run.vmKey = vmKey;
        return true;
    }

    /** Reads the run's next rows ahead; false at the end of the run. */
    private boolean fill(Run<T> run, RowReader<T> reader) throws SQLException {
        int n = 0;
        while (n < READ_AHEAD && run.rs.next()) {
            T row = reader.read(run.rs);
            run.rows[n] = row;
            run.vcenters[n] = keys.vcenter(row);
            run.keys[n] = keys.vmKey(row);
            n++;
        }
        run.size = n;
        run.next = 0;
        return n > 0;
    }

    private long parallel(SqliteDatabase db, List<Connection> connections, String runSql, RunLister lister,
                          Consumer<? super T> sink) throws SQLException {
        long[] all = lister.list(connections.get(0));
        int n = connections.size();
        List<Producer<T>> producers = new ArrayList<>(n);
        List<Future<?>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // interleaved shares keep each producer's runs spread over the whole window
            long[] share = new long[(all.length - i + n - 1) / n];
            for (int j = 0; j < share.length; j++) {
                share[j] = all[i + j * n];
            }
            Producer<T> p = new Producer<>();
            producers.add(p);
            Connection c = connections.get(i);
            futures.add(db.readExecutor().submit(() -> p.run(() -> mergeOn(c, runSql, share, p::add))));
        }
        long rows = 0;
        try {
            PriorityQueue<Producer<T>> heads = new PriorityQueue<>(n, OrderedRuns::compareProducers);
            for (Producer<T> p : producers) {
                if (p.advance()) {
                    heads.add(p);
                }
            }
            Producer<T> p;
            while ((p = heads.poll()) != null) {
                sink.accept(p.batch.row(p.index));
                rows++;
                if (p.advance()) {
                    heads.add(p);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("ordered read interrupted", e);
        } finally {
            for (Producer<T> p : producers) {
                p.cancelled = true;
            }
            for (Future<?> f : futures) {
                awaitQuietly(f);
            }
        }
        return rows;
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a producer's failure has already been handed to the consumer through its queue
        }
    }

    private static <T> int compare(Run<T> a, Run<T> b) {
        int c = compareKeys(a.vcenter, a.vmKey, b.vcenter, b.vmKey);
        return c != 0 ? c : Long.compare(a.value, b.value);
    }

    private static <T> int compareProducers(Producer<T> a, Producer<T> b) {
        Batch<T> x = a.batch;
        Batch<T> y = b.batch;
        int c = compareKeys(x.vcenters[a.index], x.keys[a.index], y.vcenters[b.index], y.keys[b.index]);
        return c != 0 ? c : Long.compare(x.runs[a.index], y.runs[b.index]);
    }

    private static int compareKeys(String vcenterA, String keyA, String vcenterB, String keyB) {
        // readers share the String of a vCenter and, mostly, of a VM key: identity settles most comparisons
        int c = Rows.compareCodePoints(vcenterA, vcenterB);
        return c != 0 ? c : Rows.compareCodePoints(keyA, keyB);
    }

    /** One run: an open statement and its current row. */
    private static final class Run<T> {
        final PreparedStatement ps;
        final long value;
        ResultSet rs;
        T head;
        String vcenter;
        String vmKey;
        // rows read ahead, from next to size
        final Object[] rows = new Object[READ_AHEAD];
        final String[] vcenters = new String[READ_AHEAD];
        final String[] keys = new String[READ_AHEAD];
        int next;
        int size;

        @SuppressWarnings("unchecked")
        T row(int i) {
            return (T) rows[i];
        }

        Run(PreparedStatement ps, long value) {
            this.ps = ps;
            this.value = value;
        }

        void close() throws SQLException {
            try {
                if (rs != null) {
                    rs.close();
                }
            } finally {
                ps.close();
            }
        }
    }

    /** Rows handed from a producer to the consumer. */
    private static final class Batch<T> {
        final Object[] rows = new Object[BATCH];
        final String[] vcenters = new String[BATCH];
        final String[] keys = new String[BATCH];
        final long[] runs = new long[BATCH];
        int size;
        Throwable failure;
        boolean last;

        @SuppressWarnings("unchecked")
        T row(int i) {
            return (T) rows[i];
        }
    }

    /** A producer thread's merged output, read by the consumer one batch at a time. */
    private static final class Producer<T> {
        final BlockingQueue<Batch<T>> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
        volatile boolean cancelled;
        private Batch<T> filling = new Batch<>();
        // consumer side
        Batch<T> batch;
        int index;

        /** Producer side: runs the merge and always ends the stream with a last (or failed) batch. */
        void run(SqlCall work) {
            Batch<T> end;
            try {
                work.call();
                end = filling;
            } catch (Throwable e) {
                end = new Batch<>();
                end.failure = e;
            }
            end.last = true;
            try {
                put(end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void add(T row, String vcenter, String vmKey, long run) throws InterruptedException {
            Batch<T> b = filling;
            int i = b.size++;
            b.rows[i] = row;
            b.vcenters[i] = vcenter;
            b.keys[i] = vmKey;
            b.runs[i] = run;
            if (b.size == BATCH) {
                put(b);
                filling = new Batch<>();
            }
        }

        private void put(Batch<T> b) throws InterruptedException {
            while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    throw new InterruptedException("the consumer stopped reading");
                }
            }
            if (cancelled && !b.last) {
                throw new InterruptedException("the consumer stopped reading");
            }
        }

        /** Consumer side: moves to the next row; false at the end of the stream. */
        boolean advance() throws InterruptedException {
            if (batch != null && ++index < batch.size) {
                return true;
            }
            if (batch != null && batch.last) {
                return false;
            }
            while (true) {
                batch = queue.take();
                index = 0;
                if (batch.failure != null) {
                    Throwable f = batch.failure;
                    if (f instanceof RuntimeException re) {
                        throw re;
                    }
                    if (f instanceof Error err) {
                        throw err;
                    }
                    throw new StorageException("SQLite ordered read failed: " + f.getMessage(), f);
                }
                if (batch.size > 0) {
                    return true;
                }
                if (batch.last) {
                    return false;
                }
            }
        }

        @FunctionalInterface
        interface SqlCall {
            void call() throws Exception;
        }
    }
}
