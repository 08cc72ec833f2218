package io.vmledger.storage.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An ordered read of many runs (snapshot times of {@code vm_hourly_stats}, days of
 * {@code vm_daily_rollup}), split over several connections. Reading and decoding the rows is the cost
 * of the Java aggregation path, and one connection keeps one core busy at most: with two, a month of
 * daily rollups for 15,000 VMs reads about 1.5 times as fast (docs/decisions/0052).
 *
 * <p>The runs are cut into contiguous parts; each part is merged by an {@link OrderedMerge} on its own
 * connection and thread, and the calling thread merges the parts (ties to the earlier part, so to the
 * earlier run). All parts read the same committed state: the first transaction exports its snapshot
 * ({@code pg_export_snapshot}) and the others import it. Memory stays bounded: each part hands over
 * small batches through a short queue.
 */
final class OrderedRead<T> {
    private static final int BATCH = 512;
    private static final int QUEUED_BATCHES = 4;
    /** Below this many runs per part, a second connection costs more than it saves. */
    private static final int MIN_RUNS_PER_PART = 4;

    /** Lists the runs, inside the reading snapshot. */
    @FunctionalInterface
    interface Runs {
        long[] list(Connection c) throws SQLException;
    }

    private final PgDatabase db;
    private final String runSql;
    private final Function<TextDecoder, OrderedMerge.RowReader<T>> readers;
    private final Function<T, String> vcenter;
    private final Function<T, String> vmKey;
    private final int parts;

    /**
     * @param runSql  the statement of one run, its only parameter the run value, ordered by vCenter and key
     * @param readers a row reader for a part's thread, given that thread's text decoder
     * @param parts   connections to read with (1 reads on the calling thread)
     */
    OrderedRead(PgDatabase db, String runSql, Function<TextDecoder, OrderedMerge.RowReader<T>> readers,
                Function<T, String> vcenter, Function<T, String> vmKey, int parts) {
        this.db = db;
        this.runSql = runSql;
        this.readers = readers;
        this.vcenter = vcenter;
        this.vmKey = vmKey;
        this.parts = Math.max(1, parts);
    }

    /** Streams the rows of every run in order; retried as a whole while nothing has been delivered. */
    long read(String what, Runs runs, Consumer<? super T> sink) {
        AtomicBoolean delivered = new AtomicBoolean();
        long[] count = new long[1];
        Consumer<T> tracking = row -> {
            delivered.set(true);
            count[0]++;
            sink.accept(row);
        };
        db.retrying(what, delivered::get, () -> {
            count[0] = 0;
            attempt(runs, tracking);
        });
        return count[0];
    }

    private void attempt(Runs runs, Consumer<T> sink) throws SQLException {
        try (Connection first = db.borrow()) {
            try {
                try (Statement st = first.createStatement()) {
                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                long[] values = runs.list(first);
                int n = Math.min(parts, values.length / MIN_RUNS_PER_PART);
                if (n <= 1) {
                    mergePart(first, values, readers.apply(new TextDecoder()), sink);
                } else {
                    String snapshot;
                    try (Statement st = first.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                        rs.next();
                        snapshot = rs.getString(1);
                    }
                    parallel(first, snapshot, values, n, sink);
                }
                first.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(first, e);
                throw e;
            }
        }
    }

    private void mergePart(Connection c, long[] values, OrderedMerge.RowReader<T> reader, Consumer<? super T> sink)
            throws SQLException {
        List<PreparedStatement> statements = new ArrayList<>(values.length);
        try {
            for (int i = 0; i < values.length; i++) {
                statements.add(c.prepareStatement(runSql));
            }
            new OrderedMerge<>(reader, vcenter, vmKey).merge(statements, values, sink);
        } finally {
            for (PreparedStatement ps : statements) {
                ps.close();
            }
        }
    }

    /** Part 0 reads on {@code first} (which exported the snapshot); the others import it. */
    private void parallel(Connection first, String snapshot, long[] values, int n, Consumer<T> sink)
            throws SQLException {
        List<Part> partList = new ArrayList<>(n);
        CountDownLatch imported = new CountDownLatch(n - 1);
        AtomicBoolean cancelled = new AtomicBoolean();
        for (int p = 0; p < n; p++) {
            long[] slice = java.util.Arrays.copyOfRange(values, p * values.length / n, (p + 1) * values.length / n);
            partList.add(new Part(p, slice));
        }
        for (Part part : partList) {
            part.thread = Thread.ofPlatform().daemon().name("vmledger-pg-read-" + part.index).start(() -> {
                try {
                    if (part.index == 0) {
                        runPart(first, part, cancelled);
                        // the exporting transaction must outlive every import
                        imported.await();
                    } else {
                        try (Connection c = db.borrow()) {
                            try {
                                try (Statement st = c.createStatement()) {
                                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                                    st.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
                                }
                            } finally {
                                imported.countDown();
                            }
                            runPart(c, part, cancelled);
                            c.commit();
                        }
                    }
                    part.put(part.end, cancelled);
                } catch (Throwable e) {
                    part.failure = e;
                    if (part.index != 0) {
                        imported.countDown(); // harmless when already counted: the latch stops at zero
                    }
                    part.putQuietly(part.end, cancelled);
                }
            });
        }
        try {
            mergeParts(partList, sink);
        } finally {
            cancelled.set(true);
            for (Part part : partList) {
                part.queue.clear();
                try {
                    part.thread.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (Part part : partList) {
            rethrow(part.failure);
        }
    }

    private void runPart(Connection c, Part part, AtomicBoolean cancelled) throws SQLException {
        List<T>[] batch = newBatch();
        mergePart(c, part.values, readers.apply(new TextDecoder()), row -> {
            batch[0].add(row);
            if (batch[0].size() == BATCH) {
                part.put(batch[0], cancelled);
                batch[0] = new ArrayList<>(BATCH);
            }
        });
        if (!batch[0].isEmpty()) {
            part.put(batch[0], cancelled);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T>[] newBatch() {
        return new List[] {new ArrayList<T>(BATCH)};
    }

    /** Merges the parts' batches on the calling thread; ties go to the lower part. */
    private void mergeParts(List<Part> partList, Consumer<T> sink) throws SQLException {
        List<Part> live = new ArrayList<>();
        for (Part p : partList) {
            if (p.advance()) {
                live.add(p);
            }
        }
        while (!live.isEmpty()) {
            Part best = live.get(0);
            for (int i = 1; i < live.size(); i++) {
                Part other = live.get(i);
                if (compare(other, best) < 0) {
                    best = other;
                }
            }
            sink.accept(best.head);
            if (!best.advance()) {
                live.remove(best);
            }
        }
    }

    private int compare(Part a, Part b) {
        int c = a.vcenter.equals(b.vcenter) ? 0 : OrderedMerge.compareCodePoints(a.vcenter, b.vcenter);
        if (c == 0) {
            c = OrderedMerge.compareCodePoints(a.vmKey, b.vmKey);
        }
        return c != 0 ? c : Integer.compare(a.index, b.index);
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

    /** One part: its runs, its queue of batches, and the consumer's position in them. */
    private final class Part {
        final int index;
        final long[] values;
        final BlockingQueue<List<T>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        /** The end marker: no row, compared by identity. */
        final List<T> end = new ArrayList<>(0);
        volatile Throwable failure;
        Thread thread;
        private List<T> batch = List.of();
        private int next;
        T head;
        String vcenter;
        String vmKey;

        Part(int index, long[] values) {
            this.index = index;
            this.values = values;
        }

        void put(List<T> rows, AtomicBoolean cancelled) {
            try {
                while (!cancelled.get()) {
                    if (queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
                throw new CancelledRead();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledRead();
            }
        }

        void putQuietly(List<T> rows, AtomicBoolean cancelled) {
            try {
                put(rows, cancelled);
            } catch (CancelledRead e) {
                // the consumer is gone; nobody waits for the end marker
            }
        }

        /** Moves to the next row; false at the end of the part; throws the part's failure. */
        boolean advance() throws SQLException {
            while (next >= batch.size()) {
                if (batch == end) {
                    return false;
                }
                try {
                    batch = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledRead();
                }
                next = 0;
                if (batch == end) {
                    rethrow(failure);
                    return false;
                }
            }
            head = batch.get(next++);
            vcenter = OrderedRead.this.vcenter.apply(head);
            vmKey = OrderedRead.this.vmKey.apply(head);
            return true;
        }
    }

    private static void rethrow(Throwable failure) throws SQLException {
        if (failure == null) {
            return;
        }
        if (failure instanceof SQLException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new SQLException("ordered read failed: " + failure.getMessage(), failure);
    }

    /** A part stopped because the consumer gave up. */
    private static final class CancelledRead extends RuntimeException {
        CancelledRead() {
            super("ordered read cancelled", null, false, false);
        }
    }
}
