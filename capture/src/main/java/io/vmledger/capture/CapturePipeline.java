package io.vmledger.capture;

import io.vmledger.api.Granularity;
import io.vmledger.api.JobStatus;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;

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
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hourly capture pipeline. For each vCenter it runs, in order:
 * <ol>
 *   <li>{@code capture}: the inventory and the lifecycle events since the vCenter's previous snapshot,
 *       retried per {@code settings.retry};</li>
 *   <li>{@code persist}: {@code vm_hourly_stats} rows of the snapshot, replaced on re-capture;</li>
 *   <li>{@code lifecycle}: {@code vm_lifecycle_cache} reconciled once, after persisting;</li>
 *   <li>{@code register}: {@code vcenter_totals} (and latest), the hour's {@code vcenter_aggregate_totals}
 *       and the {@code snapshot_registry} record;</li>
 *   <li>{@code compat}: {@code inventory_hourly_<T>}, only in compatibility mode.</li>
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
    private volatile boolean closed;

    public CapturePipeline(Storage storage, InventorySource source, Settings settings, ReportHandoff reports) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.source = Objects.requireNonNull(source, "source");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.calendar = settings.calendar();
        this.registration = new SnapshotRegistration(storage, calendar);
    }

    public CapturePipeline(Storage storage, InventorySource source, Settings settings) {
        this(storage, source, settings, ReportHandoff.NONE);
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
            return new VcenterCaptureResult(vcenter, time, JobStatus.FAILED, 0, 0, 0, "interrupted", List.of(), -1, null);
        } catch (ExecutionException e) {
            // captureVcenter catches everything it can; this is an Error or a bug
            return new VcenterCaptureResult(vcenter, time, JobStatus.FAILED, 0, 0, 0, String.valueOf(e.getCause()),
                    List.of(), -1, null);
        }
    }

    /** Runs every stage for one vCenter on the calling thread, recording the run; never throws for a failed capture. */
    public VcenterCaptureResult captureVcenter(String vcenter, long snapshotTime) {
        ensureOpen();
        long start = System.nanoTime();
        long jobId = recordStart(vcenter);
        Run run = new Run(vcenter, snapshotTime);
        CaptureStage stage = CaptureStage.CAPTURE;
        try {
            long previous = previousSnapshotTime(vcenter, snapshotTime);
            Captured captured = timed(run, stage, () -> captureWithRetries(vcenter, snapshotTime, previous),
                    c -> c.rows().size());
            run.fallbacks = captured.fallbacks();
            run.duplicates = captured.duplicates();
            run.attempts = captured.attempts();

            stage = CaptureStage.PERSIST;
            run.rows = timed(run, stage, () -> storage.hourly().replaceSnapshot(vcenter, snapshotTime, captured.rows()),
                    n -> n);

            stage = CaptureStage.LIFECYCLE;
            run.lifecycle = timed(run, stage, () -> reconcile(vcenter, snapshotTime, captured),
                    c -> c.changed().size() + c.seen().size());

            stage = CaptureStage.REGISTER;
            // the registry names a compatibility table only once it is written (compat stage)
            SnapshotRecord registered = timed(run, stage, () -> registration.register(vcenter, snapshotTime,
                    captured.rows(), run.rows, null), r -> 1);

            if (settings.snapshotTableCompatMode()) {
                stage = CaptureStage.COMPAT;
                SnapshotRecord plain = registered;
                registered = timed(run, stage, () -> registration.writeCompatibilityTable(plain, captured.rows()),
                        r -> captured.rows().size());
            }
            run.snapshot = registered;
            return finish(run, jobId, start, JobStatus.SUCCEEDED, null);
        } catch (RuntimeException e) {
            String error = stage.wire() + ": " + message(e);
            LOG.log(System.Logger.Level.ERROR, String.format(Locale.ROOT, "%s %s failed in stage %s",
                    vcenter, Instant.ofEpochSecond(snapshotTime), error), e);
            return finish(run, jobId, start, JobStatus.FAILED, error);
        }
    }

    /** Mutable state of one vCenter's run, confined to its thread. */
    private static final class Run {
        final String vcenter;
        final long snapshotTime;
        final List<StageTiming> stages = new ArrayList<>();
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
        long t0 = System.nanoTime();
        T result;
        try {
            result = work.run();
        } catch (RuntimeException e) {
            double s = seconds(t0);
            run.stages.add(new StageTiming(stage, s, 0));
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %s %s: failed after %.3f s",
                    run.vcenter, Instant.ofEpochSecond(run.snapshotTime), stage.wire(), s));
            throw e;
        }
        double s = seconds(t0);
        long n = rows.of(result);
        run.stages.add(new StageTiming(stage, s, n));
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %s %s: %d rows in %.3f s",
                run.vcenter, Instant.ofEpochSecond(run.snapshotTime), stage.wire(), n, s));
        return result;
    }

    /** The vCenter's newest registered snapshot before {@code t}; an hour before when it has none. */
    private long previousSnapshotTime(String vcenter, long t) {
        SnapshotQuery q = new SnapshotQuery(Granularity.HOURLY, vcenter, new TimeWindow(TimeWindow.all().start(), t),
                1, 0);
        List<SnapshotRecord> items = storage.registry().list(q).items();
        return items.isEmpty() ? t - HOUR : items.get(0).snapshotTime();
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
            throw new CaptureException("the source answered with snapshot (" + inv.vcenter() + ", " + inv.snapshotTime()
                    + ") for (" + vcenter + ", " + t + ")");
        }
        List<VmSample> rows = new ArrayList<>(inv.vms().size());
        Set<String> keys = new HashSet<>(inv.vms().size() * 2);
        int duplicates = 0;
        for (VmSample s : inv.vms()) {
            if (!vcenter.equals(s.vcenter()) || s.snapshotTime() != t) {
                throw new CaptureException("the source returned a row of (" + s.vcenter() + ", " + s.snapshotTime()
                        + ") in the snapshot (" + vcenter + ", " + t + "): " + s.key());
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
     * Reads the live entries (the deleted ones only matter for VMs that are back, looked up one by one:
     * they are few, while deleted entries accumulate forever), reconciles, writes what changed.
     */
    private LifecycleReconciler.Changes reconcile(String vcenter, long t, Captured captured) {
        Map<String, LifecycleEntry> previous = new HashMap<>(storage.lifecycle().liveForVcenter(vcenter));
        for (VmSample row : captured.rows()) {
            String key = row.key();
            if (!previous.containsKey(key)) {
                storage.lifecycle().get(vcenter, key).ifPresent(e -> previous.put(key, e));
            }
        }
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

    private long recordStart(String vcenter) {
        try {
            return storage.jobs().start(JOB_TYPE, vcenter, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not record the start of the capture of " + vcenter + ": "
                    + message(e), e);
            return -1;
        }
    }

    private VcenterCaptureResult finish(Run run, long jobId, long start, JobStatus status, String error) {
        double seconds = seconds(start);
        String detail = detail(run, error);
        if (jobId >= 0) {
            try {
                storage.jobs().finish(jobId, status, System.currentTimeMillis(), run.rows, detail);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "could not record the end of the capture of " + run.vcenter + ": "
                        + message(e), e);
            }
        }
        if (status == JobStatus.SUCCEEDED) {
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %s captured: %d rows in %.3f s (%s)",
                    run.vcenter, Instant.ofEpochSecond(run.snapshotTime), run.rows, seconds, detail));
        }
        return new VcenterCaptureResult(run.vcenter, run.snapshotTime, status, run.rows, run.fallbacks, seconds, error,
                run.stages, jobId, status == JobStatus.SUCCEEDED ? run.snapshot : null);
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
        b.append(" stages:");
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
