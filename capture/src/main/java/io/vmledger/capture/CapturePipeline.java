package io.vmledger.capture;

import io.vmledger.api.FreeSpace;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobStatus;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.JobRecorder;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hourly capture pipeline. For each vCenter it runs, in order:
 * <ol>
 *   <li>{@code space}: refuses to start when the store's filesystem has less than
 *       {@code settings.disk.capture_min_free_mb} free (a store on local files only), so that the failed
 *       run can still be recorded and no snapshot is cut short by a full disk;</li>
 *   <li>{@code capture}: the inventory and the lifecycle events since the vCenter's previous snapshot,
 *       retried per {@code settings.retry};</li>
 *   <li>{@code persist}: {@code vm_hourly_stats} rows of the snapshot, replaced on re-capture;</li>
 *   <li>{@code lifecycle}: {@code vm_lifecycle_cache} reconciled once, after persisting;</li>
 *   <li>{@code register}: {@code vcenter_totals} (and latest), the hour's {@code vcenter_aggregate_totals}
 *       and the {@code snapshot_registry} record;</li>
 *   <li>{@code compat}: {@code inventory_hourly_<T>}, only in compatibility mode;</li>
 *   <li>{@code commit}: the stages from {@code persist} on run in one transaction per vCenter snapshot, so
 *       a snapshot is stored whole or not at all (a crash or a failure in any of them leaves the store as it
 *       was before the snapshot);</li>
 *   <li>{@code pack}: the vCenter's days that have ended are packed for fast traces (derived data, one
 *       transaction per day; a failure is logged and does not fail the capture).</li>
 * </ol>
 * Once every vCenter of a run has finished, the stored snapshots are handed to report generation
 * ({@link ReportHandoff}), which queues the hourly report when {@code settings.async_report_generation}
 * is on, so the run does not wait for it.
 * vCenters run concurrently, at most {@code settings.hourly_snapshot_concurrency} at a time. A failing
 * vCenter never stops the others; every vCenter's run is recorded as a job run ({@value #JOB_TYPE}).
 * Each stage logs one line with its duration and row count.
 */
public final class CapturePipeline implements AutoCloseable {
    /** Job type of the recorded capture runs; the target is the vCenter key. */
    public static final String JOB_TYPE = "capture";
    private static final System.Logger LOG = System.getLogger(CapturePipeline.class.getName());
    private static final long HOUR = 3600;

    private final Storage storage;
    private final InventorySource source;
    private final Settings settings;
    private final ReportHandoff reports;
    private final ReportCalendar calendar;
    private final SnapshotRegistration registration;
    private final CaptureFaults faults;
    private final FreeSpace freeSpace;
    private final List<CaptureObserver> observers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public CapturePipeline(Storage storage, InventorySource source, Settings settings, ReportHandoff reports) {
        this(storage, source, settings, reports, FreeSpace.SYSTEM, CaptureFaults.NONE);
    }

    /** A pipeline that calls {@code faults} at every {@link CaptureBoundary} (crash tests). */
    public CapturePipeline(Storage storage, InventorySource source, Settings settings, ReportHandoff reports,
                           CaptureFaults faults) {
        this(storage, source, settings, reports, FreeSpace.SYSTEM, faults);
    }

    /** A pipeline that measures the free space of the store's filesystem with {@code freeSpace} (tests). */
    public CapturePipeline(Storage storage, InventorySource source, Settings settings, ReportHandoff reports,
                           FreeSpace freeSpace) {
        this(storage, source, settings, reports, freeSpace, CaptureFaults.NONE);
    }

    /**
     * @param freeSpace how the free space of the store's filesystem is measured ({@link FreeSpace#SYSTEM})
     * @param faults    called at every {@link CaptureBoundary} ({@link CaptureFaults#NONE}; crash tests stop there)
     */
    public CapturePipeline(Storage storage, InventorySource source, Settings settings, ReportHandoff reports,
                           FreeSpace freeSpace, CaptureFaults faults) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.source = Objects.requireNonNull(source, "source");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.freeSpace = Objects.requireNonNull(freeSpace, "freeSpace");
        this.calendar = settings.calendar();
        this.registration = new SnapshotRegistration(storage, calendar);
    }

    public CapturePipeline(Storage storage, InventorySource source, Settings settings) {
        this(storage, source, settings, ReportHandoff.NONE);
    }

    /** Adds an observer told of every vCenter capture from now on (the metrics). */
    public void addObserver(CaptureObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** Removes an observer added with {@link #addObserver}. */
    public void removeObserver(CaptureObserver observer) {
        observers.remove(observer);
    }

    /** The vCenters the source captures. */
    public List<String> vcenters() {
        return source.vcenters();
    }

    /** Captures every vCenter of the source at {@code snapshotTime}. */
    public CaptureRun captureAll(long snapshotTime) {
        return capture(snapshotTime, source.vcenters());
    }

    /**
     * Captures the given vCenters at {@code snapshotTime}, at most {@code settings.hourly_snapshot_concurrency}
     * at a time; returns one result per vCenter in the given order.
     */
    public CaptureRun capture(long snapshotTime, Collection<String> vcenters) {
        ensureOpen();
        long start = System.nanoTime();
        List<String> list = List.copyOf(new LinkedHashSet<>(vcenters));
        List<VcenterCaptureResult> results = new ArrayList<>(list.size());
        int threads = Math.min(settings.hourlySnapshotConcurrency(), Math.max(list.size(), 1));
        if (threads <= 1) {
            for (String vc : list) {
                results.add(captureVcenter(vc, snapshotTime));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads, named("capture"));
            try {
                List<Future<VcenterCaptureResult>> futures = new ArrayList<>(list.size());
                for (String vc : list) {
                    futures.add(pool.submit(() -> captureVcenter(vc, snapshotTime)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    results.add(await(futures.get(i), list.get(i), snapshotTime));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        double captured = seconds(start);
        double handOff = handOff(snapshotTime, results);
        faults.at(CaptureBoundary.HANDED_OFF, null, snapshotTime);
        CaptureRun run = new CaptureRun(snapshotTime, results, seconds(start));
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                "capture %s: %d vCenters, %d failed, %d rows in %.3f s (report hand-off %.3f s)",
                Instant.ofEpochSecond(snapshotTime), results.size(), run.failures(), run.rows(), captured, handOff));
        return run;
    }

    /**
     * Hands the stored snapshots to report generation; a failure there is logged and never fails the
     * capture, whose data is stored. Returns the seconds it took.
     */
    private double handOff(long snapshotTime, List<VcenterCaptureResult> results) {
        List<SnapshotRecord> stored = new ArrayList<>();
        for (VcenterCaptureResult r : results) {
            if (r.succeeded() && r.snapshot() != null) {
                stored.add(r.snapshot());
            }
        }
        if (stored.isEmpty()) {
            return 0;
        }
        long t0 = System.nanoTime();
        try {
            reports.snapshotsCaptured(snapshotTime, List.copyOf(stored));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "report hand-off for " + Instant.ofEpochSecond(snapshotTime)
                    + " failed: " + message(e), e);
        }
        return seconds(t0);
    }

    private static VcenterCaptureResult await(Future<VcenterCaptureResult> f, String vcenter, long time) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VcenterCaptureResult(vcenter, time, JobStatus.FAILED, 0, 0, 0, "interrupted",
                    CaptureFailure.INTERRUPTED, List.of(), -1, null);
        } catch (ExecutionException e) {
            // captureVcenter catches everything it can; this is an Error or a bug
            return new VcenterCaptureResult(vcenter, time, JobStatus.FAILED, 0, 0, 0, String.valueOf(e.getCause()),
                    CaptureFailure.INTERNAL, List.of(), -1, null);
        }
    }

    /**
     * Runs every stage for one vCenter on the calling thread, recording the run; never throws for a failed
     * capture. The storage stages run in one transaction: the snapshot is stored whole or not at all.
     */
    public VcenterCaptureResult captureVcenter(String vcenter, long snapshotTime) {
        ensureOpen();
        long start = System.nanoTime();
        JobRecorder.Run job = JobRecorder.start(storage.jobs(), System::currentTimeMillis, JOB_TYPE, vcenter);
        faults.at(CaptureBoundary.STARTED, vcenter, snapshotTime);
        Run run = new Run(vcenter, snapshotTime);
        try {
            requireSpace(); // run.stage is SPACE until the capture starts

            long previous = previousSnapshotTime(vcenter, snapshotTime);
            Captured captured = timed(run, CaptureStage.CAPTURE, () -> captureWithRetries(vcenter, snapshotTime,
                    previous), c -> c.rows().size());
            run.fallbacks = captured.fallbacks();
            run.duplicates = captured.duplicates();
            run.attempts = captured.attempts();
            faults.at(CaptureBoundary.CAPTURED, vcenter, snapshotTime);

            SnapshotRecord stored = storage.inTransaction("capture " + vcenter + "@" + snapshotTime,
                    () -> store(run, captured));
            double commit = seconds(run.commitStart);
            run.stages.add(new StageTiming(CaptureStage.COMMIT, commit, 0));
            log(run, CaptureStage.COMMIT, String.format(Locale.ROOT, "done in %.3f s", commit));
            run.snapshot = stored;
            faults.at(CaptureBoundary.COMMITTED, vcenter, snapshotTime);
            pack(run);
            return finish(run, job, start, JobStatus.SUCCEEDED, null);
        } catch (RuntimeException e) {
            String error = run.stage.wire() + ": " + message(e);
            String line = String.format(Locale.ROOT, "%s %s failed in stage %s", vcenter,
                    Instant.ofEpochSecond(snapshotTime), error);
            if (run.stage == CaptureStage.SPACE) {
                LOG.log(System.Logger.Level.ERROR, line); // a refusal, said in full: no stack trace to read
            } else {
                LOG.log(System.Logger.Level.ERROR, line, e);
            }
            return finish(run, job, start, JobStatus.FAILED, error, e, CaptureFailure.of(run.stage, e));
        }
    }

    /**
     * The storage stages of one snapshot, inside its transaction. A transaction that the store runs again
     * after a transient failure starts these stages again from the beginning.
     */
    private SnapshotRecord store(Run run, Captured captured) {
        String vcenter = run.vcenter;
        long t = run.snapshotTime;
        run.restartStorageStages();
        run.rows = timed(run, CaptureStage.PERSIST, () -> storage.hourly().replaceSnapshot(vcenter, t, captured.rows()),
                n -> n);
        faults.at(CaptureBoundary.PERSISTED, vcenter, t);

        run.lifecycle = timed(run, CaptureStage.LIFECYCLE, () -> reconcile(vcenter, t, captured),
                c -> c.changed().size() + c.seen().size());
        faults.at(CaptureBoundary.RECONCILED, vcenter, t);

        // one transaction: the record may name the compatibility table written next, both commit together
        boolean compat = settings.snapshotTableCompatMode();
        String table = compat ? storage.compatibility().hourlyTableName(t) : null;
        SnapshotRecord registered = timed(run, CaptureStage.REGISTER, () -> registration.register(vcenter, t,
                captured.rows(), run.rows, table), r -> 1);
        faults.at(CaptureBoundary.REGISTERED, vcenter, t);

        if (compat) {
            timed(run, CaptureStage.COMPAT, () -> {
                storage.compatibility().writeHourly(t, vcenter, captured.rows());
                return captured.rows().size();
            }, n -> n);
            faults.at(CaptureBoundary.COMPAT_WRITTEN, vcenter, t);
        }
        run.stage = CaptureStage.COMMIT;
        run.commitStart = System.nanoTime();
        return registered;
    }

    /** The {@code pack} stage: derived data, so a failure is logged and the capture stays succeeded. */
    private void pack(Run run) {
        long t0 = System.nanoTime();
        try {
            int days = storage.hourly().packTraces(run.vcenter, run.snapshotTime);
            double s = seconds(t0);
            run.stages.add(new StageTiming(CaptureStage.PACK, s, days));
            log(run, CaptureStage.PACK, String.format(Locale.ROOT, "%d days in %.3f s", days, s));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT, "%s %s pack: failed after %.3f s, "
                    + "traces read those days hour by hour until a later capture packs them: %s", run.vcenter,
                    Instant.ofEpochSecond(run.snapshotTime), seconds(t0), message(e)));
        }
    }

    /** Mutable state of one vCenter's run, confined to its thread. */
    private static final class Run {
        final String vcenter;
        final long snapshotTime;
        final List<StageTiming> stages = new ArrayList<>();
        CaptureStage stage = CaptureStage.SPACE;
        long commitStart;
        int rows;
        int fallbacks;
        int duplicates;
        int attempts;
        SnapshotRecord snapshot;
        LifecycleReconciler.Changes lifecycle;

        Run(String vcenter, long snapshotTime) {
            this.vcenter = vcenter;
            this.snapshotTime = snapshotTime;
        }

        /** Forgets what a rolled-back attempt of the snapshot's transaction did. */
        void restartStorageStages() {
            stages.removeIf(t -> t.stage() != CaptureStage.CAPTURE);
            rows = 0;
            lifecycle = null;
        }
    }

    /** The source's answer, checked and de-duplicated. */
    private record Captured(List<VmSample> rows, List<VmEvent> events, int fallbacks, int duplicates, int attempts) {
    }

    private interface StageWork<T> {
        T run();
    }

    private interface RowCount<T> {
        long of(T result);
    }

    private <T> T timed(Run run, CaptureStage stage, StageWork<T> work, RowCount<T> rows) {
        run.stage = stage;
        long t0 = System.nanoTime();
        T result;
        try {
            result = work.run();
        } catch (RuntimeException e) {
            double s = seconds(t0);
            run.stages.add(new StageTiming(stage, s, 0));
            log(run, stage, String.format(Locale.ROOT, "failed after %.3f s", s));
            throw e;
        }
        double s = seconds(t0);
        long n = rows.of(result);
        run.stages.add(new StageTiming(stage, s, n));
        log(run, stage, String.format(Locale.ROOT, "%d rows in %.3f s", n, s));
        return result;
    }

    private static void log(Run run, CaptureStage stage, String what) {
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %s %s: %s", run.vcenter,
                Instant.ofEpochSecond(run.snapshotTime), stage.wire(), what));
    }

    /**
     * Refuses the capture when the store's filesystem has less than {@code settings.disk.capture_min_free_mb}
     * free. A store behind a server has no local filesystem to check; a filesystem that cannot be measured
     * does not stop the capture.
     */
    private void requireSpace() {
        long floor = settings.disk().captureMinFreeBytes();
        Path dir = storage.directory().orElse(null);
        if (floor <= 0 || dir == null) {
            return;
        }
        long free;
        try {
            free = freeSpace.usableBytes(dir);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot measure the free space of " + dir + ": " + message(e));
            return;
        }
        if (free < floor) {
            throw new CaptureException(FreeSpace.format(free) + " free on the store's filesystem (" + dir
                    + "), below settings.disk.capture_min_free_mb (" + FreeSpace.format(floor)
                    + "): the capture did not start; free some space");
        }
    }

    /** The vCenter's newest registered snapshot before {@code t}; an hour before when it has none. */
    private long previousSnapshotTime(String vcenter, long t) {
        return newestRegistered(vcenter, t).orElse(t - HOUR);
    }

    /**
     * The vCenter's newest complete snapshot (one with its registry record: every stage of it committed) before
     * {@code before}, if any. With atomic snapshots every hourly snapshot is complete; a store written by an
     * earlier version may hold rows without a record after it, which are incomplete.
     */
    public OptionalLong newestRegistered(String vcenter, long before) {
        SnapshotQuery q = new SnapshotQuery(Granularity.HOURLY, vcenter, new TimeWindow(TimeWindow.all().start(),
                before), 1, 0);
        List<SnapshotRecord> items = storage.registry().list(q).items();
        return items.isEmpty() ? OptionalLong.empty() : OptionalLong.of(items.get(0).snapshotTime());
    }

    private Captured captureWithRetries(String vcenter, long t, long previous) {
        Settings.RetrySettings retry = settings.retry();
        for (int attempt = 1; ; attempt++) {
            try {
                Inventory inv = source.capture(vcenter, t);
                List<VmEvent> events = source.events(vcenter, previous, t);
                return check(vcenter, t, inv, events, attempt);
            } catch (RuntimeException e) {
                if (attempt >= retry.attempts()) {
                    throw attempt == 1 ? e : new CaptureException("gave up after " + attempt + " attempts: "
                            + message(e), e);
                }
                long wait = retry.backoffFor(attempt);
                LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
                        "%s %s capture attempt %d of %d failed (%s); retrying in %d s", vcenter,
                        Instant.ofEpochSecond(t), attempt, retry.attempts(), message(e), wait));
                sleep(wait);
            }
        }
    }

    private static void sleep(long seconds) {
        if (seconds <= 0) {
            return;
        }
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException("interrupted while waiting to retry", e);
        }
    }

    /** Rejects rows of another vCenter or time (a source bug) and keeps the first row of each VM. */
    private static Captured check(String vcenter, long t, Inventory inv, List<VmEvent> events, int attempt) {
        if (!vcenter.equals(inv.vcenter()) || inv.snapshotTime() != t) {
            throw new CaptureException(CaptureFailure.INVALID_INVENTORY, "the source answered with snapshot ("
                    + inv.vcenter() + ", " + inv.snapshotTime() + ") for (" + vcenter + ", " + t + ")", null);
        }
        List<VmSample> rows = new ArrayList<>(inv.vms().size());
        Set<String> keys = new HashSet<>(inv.vms().size() * 2);
        int duplicates = 0;
        for (VmSample s : inv.vms()) {
            if (!vcenter.equals(s.vcenter()) || s.snapshotTime() != t) {
                throw new CaptureException(CaptureFailure.INVALID_INVENTORY, "the source returned a row of ("
                        + s.vcenter() + ", " + s.snapshotTime() + ") in the snapshot (" + vcenter + ", " + t + "): "
                        + s.key(), null);
            }
            if (keys.add(s.key())) {
                rows.add(s);
            } else {
                duplicates++;
            }
        }
        if (duplicates > 0) {
            LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
                    "%s %s: %d duplicate VM rows in the inventory, the first of each kept", vcenter,
                    Instant.ofEpochSecond(t), duplicates));
        }
        return new Captured(rows, events == null ? List.of() : events, inv.fallbacks(), duplicates, attempt);
    }

    /**
     * Reads the live entries (the deleted ones only matter for VMs that are back, looked up by key: they are
     * few, while deleted entries accumulate forever), reconciles, writes what changed.
     */
    private LifecycleReconciler.Changes reconcile(String vcenter, long t, Captured captured) {
        Map<String, LifecycleEntry> previous = new HashMap<>(storage.lifecycle().liveForVcenter(vcenter));
        List<String> unknown = new ArrayList<>();
        for (VmSample row : captured.rows()) {
            if (!previous.containsKey(row.key())) {
                unknown.add(row.key());
            }
        }
        // a few new VMs an hour, every VM at a vCenter's first capture: looked up together, not one by one
        previous.putAll(storage.lifecycle().getAll(vcenter, unknown));
        LifecycleReconciler.Changes changes = LifecycleReconciler.reconcile(vcenter, t, previous, captured.rows(),
                captured.events());
        if (!changes.changed().isEmpty() || !changes.seen().isEmpty()) {
            storage.lifecycle().applyReconciliation(changes.changed(), changes.seen());
        }
        return changes;
    }

    /** Start of the hour (in the report time zone) that contains {@code t}. */
    public long hourStart(long t) {
        return calendar.hourStart(t);
    }

    private VcenterCaptureResult finish(Run run, JobRecorder.Run job, long start, JobStatus status, String error) {
        return finish(run, job, start, status, error, null, null);
    }

    private VcenterCaptureResult finish(Run run, JobRecorder.Run job, long start, JobStatus status, String error,
                                        Throwable cause, CaptureFailure failure) {
        double seconds = seconds(start);
        boolean ok = status == JobStatus.SUCCEEDED;
        if (!ok) {
            run.rows = 0; // the snapshot's transaction rolled back: nothing of it is stored
        }
        String detail = detail(run, error);
        job.end(status, run.rows, detail, cause);
        faults.at(CaptureBoundary.RECORDED, run.vcenter, run.snapshotTime);
        if (status == JobStatus.SUCCEEDED) {
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %s captured: %d rows in %.3f s (%s)",
                    run.vcenter, Instant.ofEpochSecond(run.snapshotTime), run.rows, seconds, detail));
        }
        VcenterCaptureResult result = new VcenterCaptureResult(run.vcenter, run.snapshotTime, status, run.rows,
                run.fallbacks, seconds, error, failure, run.stages, job.id(), ok ? run.snapshot : null);
        for (CaptureObserver observer : observers) {
            try {
                observer.captured(result);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a capture observer failed: " + message(e), e);
            }
        }
        return result;
    }

    /** The job-run detail: snapshot, fallbacks, lifecycle counts and stage timings (and the error). */
    private static String detail(Run run, String error) {
        StringBuilder b = new StringBuilder();
        if (error != null) {
            b.append("failed in ").append(error).append("; ");
        }
        b.append("snapshot=").append(Instant.ofEpochSecond(run.snapshotTime));
        b.append(" fallbacks=").append(run.fallbacks);
        if (run.attempts > 1) {
            b.append(" attempts=").append(run.attempts);
        }
        if (run.duplicates > 0) {
            b.append(" duplicates=").append(run.duplicates);
        }
        if (run.lifecycle != null) {
            LifecycleReconciler.Changes c = run.lifecycle;
            b.append(String.format(Locale.ROOT, " lifecycle(new=%d deletedByEvent=%d deletedObserved=%d reappeared=%d)",
                    c.created(), c.deletedByEvent(), c.deletedObserved(), c.reappeared()));
        }
        if (!run.stages.isEmpty()) {
            b.append(" stages:");
        }
        for (StageTiming t : run.stages) {
            b.append(String.format(Locale.ROOT, " %s=%.3fs/%d", t.stage().wire(), t.seconds(), t.rows()));
        }
        return b.toString();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the capture pipeline is closed");
        }
    }

    /** Refuses further captures. Does not close the storage, the source or report generation. */
    @Override
    public void close() {
        closed = true;
    }
}
