package io.vmledger.storage.jdbc;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Streams rows in {@code (Vcenter, VmKey, run)} order by merging runs that each come from the store
 * ordered by {@code (Vcenter, VmKey)}: one run per snapshot time of {@code vm_hourly_stats}, or per day of
 * {@code vm_daily_rollup}. The tables are keyed time first so that writes append; this merge gives readers
 * the per-VM order without sorting the window (it holds a few rows per run, plus a few small batches, in
 * memory; sorting a day of 15,000 VMs on the server cost ten times more, docs/decisions/0051).
 *
 * <p>With more than one read thread the runs are shared out among producer threads, each on its own
 * connection (all reading one committed state, {@link JdbcDatabase#readMany}) and each merging its share;
 * the calling thread merges their outputs and feeds the sink. The read is retried after a transient
 * failure only while no row has reached the sink.
 *
 * @param <T> the row type
 */
public final class OrderedMerge<T> {
    private static final int BATCH = 512;
    private static final int QUEUE_BATCHES = 8;
    /**
     * Rows each run reads ahead: stepping one statement several times in a row, rather than alternating
     * between the runs' statements at every row, took 5% off the CPU of a month's merged read on SQLite
     * (16, 32 and 64 did equally well). A month read from hourly rows (about 720 runs) holds about 11,000
     * rows this way.
     */
    private static final int READ_AHEAD = 16;
    /**
     * Rows fetched per round trip over all runs, where the driver fetches in round trips (PostgreSQL); each
     * run gets its share, at least 200. Every run fetches its first share when it is opened, so large shares
     * delay the first row and hold many rows in memory (docs/decisions/0052).
     */
    private static final int FETCH_BUDGET = 4_000;
    /** Fewer runs than this per thread are read on one connection: splitting would not pay for the threads. */
    private static final int MIN_RUNS_PER_THREAD = 2;

    /** Lists the run values, ascending, on a connection of the read (so inside its committed state). */
    @FunctionalInterface
    public interface RunLister {
        long[] list(Connection c) throws SQLException;
    }

    private final JdbcDatabase db;
    private final Dialect dialect;
    private final RowCodec<T> codec;
    private final String runSql;
    private final Function<T, String> vcenter;
    private final Function<T, String> vmKey;
    private final int threads;

    /**
     * @param runSql  one run: a query with one parameter (the run value), selecting the dialect's select
     *                list of {@code codec}, ordered by {@code "Vcenter", "VmKey"}
     * @param threads connections (and threads) one read may use
     */
    public OrderedMerge(JdbcDatabase db, Dialect dialect, RowCodec<T> codec, String runSql,
                        Function<T, String> vcenter, Function<T, String> vmKey, int threads) {
        this.db = db;
        this.dialect = dialect;
        this.codec = codec;
        this.runSql = runSql;
        this.vcenter = vcenter;
        this.vmKey = vmKey;
        this.threads = Math.max(1, threads);
    }

    /**
     * Merges the runs {@code runs} lists into {@code sink}; equal keys come in run order.
     *
     * @return rows emitted
     */
    public long merge(String what, RunLister runs, Consumer<? super T> sink) {
        AtomicBoolean delivered = new AtomicBoolean();
        long[] count = new long[1];
        Consumer<T> tracking = row -> {
            delivered.set(true);
            count[0]++;
            sink.accept(row);
        };
        int n = threads;
        if (n > 1 && !db.inTransaction()) {
            // the run list is small and cheap: read it first to decide whether to split
            long[] values = db.read(what, runs::list);
            n = Math.min(threads, values.length / MIN_RUNS_PER_THREAD);
        }
        db.readMany(what, n, delivered::get, connections -> {
            count[0] = 0;
            long[] values = runs.list(connections.get(0));
            if (connections.size() == 1) {
                mergeOn(connections.get(0), values, (row, vc, key, run) -> tracking.accept(row));
            } else {
                parallel(connections, values, tracking);
            }
            return null;
        });
        return count[0];
    }

    /** A row with its merge keys. */
    @FunctionalInterface
    private interface KeyedSink<T> {
        void accept(T row, String vcenter, String vmKey, long run) throws InterruptedException;
    }

    private void mergeOn(Connection c, long[] runValues, KeyedSink<T> sink) throws SQLException {
        RowReader<T> reader = dialect.reader(codec);
        int fetch = Math.max(200, Math.min(5_000, FETCH_BUDGET / Math.max(1, runValues.length)));
        List<Run<T>> runs = new ArrayList<>(runValues.length);
        try {
            PriorityQueue<Run<T>> heads = new PriorityQueue<>(Math.max(1, runValues.length), OrderedMerge::compare);
            for (long value : runValues) {
                PreparedStatement ps = dialect.prepareRun(c, runSql, fetch);
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
    }

    private boolean advance(Run<T> run, RowReader<T> reader) throws SQLException {
        if (run.next == run.size && !fill(run, reader)) {
            run.head = null;
            return false;
        }
        int i = run.next++;
        String vc = run.vcenters[i];
        String key = run.keys[i];
        if (run.head != null && compareKeys(run.vcenter, run.vmKey, vc, key) > 0) {
            // a run out of key order would silently break the per-VM grouping of every reader
            throw new IllegalStateException("a run is not ordered by Vcenter, VmKey at " + vc + "/" + key);
        }
        run.head = run.row(i);
        run.rows[i] = null;
        run.vcenter = vc;
        run.vmKey = key;
        return true;
    }

    /** Reads the run's next rows ahead; false at the end of the run. */
    private boolean fill(Run<T> run, RowReader<T> reader) throws SQLException {
        int n = 0;
        while (n < READ_AHEAD && run.rs.next()) {
            T row = reader.read(run.rs);
            run.rows[n] = row;
            run.vcenters[n] = vcenter.apply(row);
            run.keys[n] = vmKey.apply(row);
            n++;
        }
        run.size = n;
        run.next = 0;
        return n > 0;
    }

    private void parallel(List<Connection> connections, long[] all, Consumer<? super T> sink) throws SQLException {
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
            futures.add(db.readExecutor().submit(() -> p.run(() -> mergeOn(c, share, p::add))));
        }
        try {
            PriorityQueue<Producer<T>> heads = new PriorityQueue<>(n, OrderedMerge::compareProducers);
            for (Producer<T> p : producers) {
                if (p.advance()) {
                    heads.add(p);
                }
            }
            Producer<T> p;
            while ((p = heads.poll()) != null) {
                sink.accept(p.batch.row(p.index));
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
        int c = Sql.compareCodePoints(vcenterA, vcenterB);
        return c != 0 ? c : Sql.compareCodePoints(keyA, keyB);
    }

    /** One run: an open statement and the rows read ahead. */
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

        Run(PreparedStatement ps, long value) {
            this.ps = ps;
            this.value = value;
        }

        @SuppressWarnings("unchecked")
        T row(int i) {
            return (T) rows[i];
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
        boolean advance() throws InterruptedException, SQLException {
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
                    if (f instanceof SQLException e) {
                        throw e;
                    }
                    if (f instanceof RuntimeException re) {
                        throw re;
                    }
                    if (f instanceof Error err) {
                        throw err;
                    }
                    throw new StorageException("ordered read failed: " + f.getMessage(), f);
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
