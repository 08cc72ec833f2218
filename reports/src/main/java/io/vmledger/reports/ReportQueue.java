package io.vmledger.reports;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The bounded background worker that generates reports off the capture and aggregation hot path.
 *
 * <ul>
 *   <li>{@link #submit} never blocks: a request already waiting is merged with it; when
 *       {@link #capacity()} requests wait, the request is refused, counted, and a catch-up scan is
 *       scheduled, so the report is still made once the queue has room.</li>
 *   <li>One worker thread takes the oldest request. Requests from the hot path always come before the
 *       catch-up backlog (the missing and stale reports found by the scan at start-up or after a refusal),
 *       which the worker works through one report at a time in between.</li>
 *   <li>{@link #stats()} gives the figures a metrics endpoint needs: depth, oldest wait, totals.</li>
 * </ul>
 */
public final class ReportQueue implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 256;
    private static final System.Logger LOG = System.getLogger(ReportQueue.class.getName());

    private final int capacity;
    private final Consumer<ReportId> work;
    private final Supplier<List<ReportId>> scan;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Waiting requests with the System.nanoTime() at which each was first submitted. */
    private final LinkedHashMap<ReportId, Long> pending = new LinkedHashMap<>();
    private final Deque<ReportId> backlog = new ArrayDeque<>();
    private boolean scanRequested;
    /** A scan runs (outside the lock): the queue is not idle until it has refilled the backlog. */
    private boolean scanning;
    private boolean closing;
    private ReportId running;
    private Thread worker;
    private long completed;
    private long failed;
    private long rejected;
    private long merged;
    private long taken;
    private long waitedNanos;
    private long maxWaitNanos;

    /**
     * @param capacity requests that may wait at once
     * @param work     generates one report (failures are logged and counted, never stop the worker)
     * @param scan     lists the reports that are missing or stale, most important first
     */
    public ReportQueue(int capacity, Consumer<ReportId> work, Supplier<List<ReportId>> scan) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.work = Objects.requireNonNull(work, "work");
        this.scan = Objects.requireNonNull(scan, "scan");
    }

    /** Starts the worker thread (once). Requests submitted before are kept. */
    public void start() {
        lock.lock();
        try {
            if (worker == null && !closing) {
                worker = Thread.ofPlatform().daemon().name("vmledger-reports").start(this::loop);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a report without waiting.
     *
     * @return false when the queue was full (the report is then left to the catch-up scan) or closed
     */
    public boolean submit(ReportId id) {
        Objects.requireNonNull(id, "id");
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            if (pending.containsKey(id)) {
                merged++;
                return true;
            }
            if (pending.size() >= capacity) {
                rejected++;
                scanRequested = true;
                changed.signalAll();
                return false;
            }
            pending.put(id, System.nanoTime());
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Asks the worker to look for missing and stale reports once the waiting requests are done. */
    public void requestScan() {
        lock.lock();
        try {
            scanRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /**
     * The queue's figures at one instant.
     *
     * @param depth            requests waiting (at most {@code capacity})
     * @param capacity         requests that may wait at once
     * @param backlog          reports the catch-up scan found and the worker has not made yet
     * @param running          whether a report is being generated now
     * @param oldestWaitMillis how long the oldest waiting request has waited (0 when none)
     * @param completed        reports generated since start
     * @param failed           generations that failed
     * @param rejected         requests refused because the queue was full
     * @param merged           requests merged into one already waiting
     * @param taken            requests taken from the queue so far (catch-up reports of the backlog are not)
     * @param totalWaitMillis  summed wait of the requests taken so far (with {@code taken}, a mean)
     * @param maxWaitMillis    the longest wait of a request taken so far
     */
    public record Stats(int depth, int capacity, int backlog, boolean running, long oldestWaitMillis, long completed,
                        long failed, long rejected, long merged, long taken, long totalWaitMillis, long maxWaitMillis) {
    }

    public Stats stats() {
        lock.lock();
        try {
            long oldest = pending.isEmpty() ? 0
                    : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pending.values().iterator().next());
            return new Stats(pending.size(), capacity, backlog.size(), running != null, oldest, completed, failed,
                    rejected, merged, taken, TimeUnit.NANOSECONDS.toMillis(waitedNanos),
                    TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            ReportId next = null;
            boolean rescan = false;
            lock.lock();
            try {
                while (pending.isEmpty() && backlog.isEmpty() && !scanRequested && !closing) {
                    changed.awaitUninterruptibly();
                }
                if (!pending.isEmpty()) {
                    Iterator<Map.Entry<ReportId, Long>> it = pending.entrySet().iterator();
                    Map.Entry<ReportId, Long> first = it.next();
                    it.remove();
                    next = first.getKey();
                    long waited = System.nanoTime() - first.getValue();
                    taken++;
                    waitedNanos += waited;
                    maxWaitNanos = Math.max(maxWaitNanos, waited);
                } else if (closing) {
                    return; // the backlog is left to the next start's catch-up scan
                } else if (scanRequested) {
                    scanRequested = false;
                    scanning = true;
                    rescan = true;
                } else {
                    next = backlog.pollFirst();
                }
                running = next;
            } finally {
                lock.unlock();
            }
            if (rescan) {
                refillBacklog();
            } else if (next != null) {
                run(next);
            }
        }
    }

    private void refillBacklog() {
        List<ReportId> found;
        try {
            found = scan.get();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "looking for missing reports failed: " + e.getMessage(), e);
            found = List.of();
        }
        lock.lock();
        try {
            scanning = false;
            backlog.clear();
            for (ReportId id : found) {
                if (!pending.containsKey(id)) {
                    backlog.addLast(id);
                }
            }
            // a scan that found nothing leaves the queue idle: wake awaitIdle, which waits on the scan
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!found.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "reports: " + found.size() + " missing or older than their data, "
                    + "queued for generation");
        }
    }

    private void run(ReportId id) {
        boolean ok = false;
        try {
            work.accept(id);
            ok = true;
        } catch (RuntimeException | OutOfMemoryError e) {
            // the worker outlives one report that failed, even one too large for the heap
            LOG.log(System.Logger.Level.ERROR, "report " + id.fileName() + " failed: " + e, e);
        } finally {
            lock.lock();
            try {
                running = null;
                if (ok) {
                    completed++;
                } else {
                    failed++;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until nothing is waiting, running or left in the catch-up backlog, up to {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!pending.isEmpty() || running != null || scanRequested || scanning || !backlog.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking requests, lets the worker finish the running report and those waiting (up to
     * {@code timeout}), then stops it; the catch-up backlog is left for the next start.
     */
    public void close(Duration timeout) {
        Thread t;
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
            t = worker;
        } finally {
            lock.unlock();
        }
        if (t == null) {
            return;
        }
        try {
            t.join(timeout);
            if (t.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "report generation still running after " + timeout.toSeconds()
                        + " s at shutdown; abandoned (the next start makes the missing reports)");
                t.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofMinutes(1));
    }
}
