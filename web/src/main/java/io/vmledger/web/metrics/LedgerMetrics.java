package io.vmledger.web.metrics;

import io.helidon.metrics.api.MeterRegistry;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.capture.CaptureObserver;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.reports.ReportQueue;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.ConnectionPool;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.schedule.RetentionJob;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * vmledger's own meters, scraped with the JVM and HTTP ones at {@code /observe/metrics} (Prometheus text format):
 * <ul>
 *   <li>per vCenter, its captures: duration, rows, fallbacks, failures by cause, the time of the last success,
 *       failures in a row, VMs ({@code vmledger_capture_*});</li>
 *   <li>per job type, its recorded runs: by status, duration, rows, the time of the last success and failure
 *       ({@code vmledger_job_*});</li>
 *   <li>the report queue: depth, backlog, waits ({@code vmledger_report_queue_*});</li>
 *   <li>the store's connection pools: in use, idle, waiting, acquisitions and their time, timeouts
 *       ({@code vmledger_storage_connections_*});</li>
 *   <li>the capture interval ({@code vmledger_capture_interval_seconds}), which alerts compare ages with.</li>
 * </ul>
 * Every meter is listed in docs/operations.md. Registered when the service starts (with what the store already
 * knows: the last successful capture of each vCenter, failures in a row, the last run of each job type) and
 * removed by {@link #close()}.
 */
public final class LedgerMetrics implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LedgerMetrics.class.getName());
    /** Capture runs read per vCenter at start-up to find its last success and the failures since. */
    private static final int SEED_RUNS_PER_VCENTER = 24;
    /** The job types of the schedules, whose meters exist before their first run. */
    static final List<String> SCHEDULED_JOB_TYPES = List.of(CapturePipeline.JOB_TYPE, DailyAggregationJob.JOB_TYPE,
            MonthlyAggregationJob.JOB_TYPE, ReportService.JOB_TYPE, RetentionJob.JOB_TYPE);

    /**
     * What the meters read.
     *
     * @param storage         the store: its job runs, its connection pools, and what it knows at start-up
     * @param vcenters        the configured vCenters
     * @param reportQueue     the report queue's figures
     * @param captureInterval seconds between the current capture and the next ({@code schedule.capture_cron})
     */
    public record Sources(Storage storage, List<String> vcenters, Supplier<ReportQueue.Stats> reportQueue,
                          LongSupplier captureInterval) {
        public Sources {
            Objects.requireNonNull(storage, "storage");
            vcenters = List.copyOf(vcenters);
            Objects.requireNonNull(reportQueue, "reportQueue");
            Objects.requireNonNull(captureInterval, "captureInterval");
        }
    }

    private final Meters meters;
    private final JobRunStore jobs;
    private final CaptureMeters captures;
    private final Consumer<JobRun> jobListener;

    private LedgerMetrics(MeterRegistry registry, Sources sources, Clock clock) {
        this.meters = new Meters(registry);
        this.jobs = sources.storage().jobs();
        this.captures = new CaptureMeters(meters, clock);
        JobMeters jobMeters = new JobMeters(meters);
        this.jobListener = jobMeters;
        long now = clock.millis() / 1000;
        Seeds seeds = Seeds.read(sources.storage(), sources.vcenters(), now);
        for (String vc : sources.vcenters()) {
            captures.register(vc, seeds.captures().getOrDefault(vc, new CaptureMeters.Seed(now, 0, 0)));
        }
        Set<String> types = new LinkedHashSet<>(SCHEDULED_JOB_TYPES);
        types.addAll(seeds.jobs().keySet());
        for (String type : types) {
            jobMeters.register(type, seeds.jobs().getOrDefault(type, JobMeters.Seed.NONE));
        }
        jobs.addEndListener(jobListener);
        meters.gauge("vmledger.capture.interval.seconds",
                "Seconds between the current capture of schedule.capture_cron and the next", sources.captureInterval(),
                s -> s.getAsLong());
        reportQueue(sources.reportQueue());
        for (ConnectionPool pool : sources.storage().connectionPools()) {
            connectionPool(pool);
        }
    }

    /** Registers the meters on {@code registry}; {@link #captures()} must then be given to the capture pipeline. */
    public static LedgerMetrics register(MeterRegistry registry, Sources sources, Clock clock) {
        return new LedgerMetrics(registry, sources, clock);
    }

    /** What the capture pipeline tells of each vCenter's capture. */
    public CaptureObserver captures() {
        return captures;
    }

    private void reportQueue(Supplier<ReportQueue.Stats> stats) {
        queueGauge("depth", "Report requests waiting in the queue", stats, s -> s.depth());
        queueGauge("capacity", "Report requests the queue holds at most", stats, s -> s.capacity());
        queueGauge("backlog", "Missing or stale reports found by the catch-up scan and not made yet", stats,
                s -> s.backlog());
        queueGauge("oldest.wait.seconds", "How long the oldest waiting request has waited (0 when none waits)", stats,
                s -> s.oldestWaitMillis() / 1000.0);
        queueGauge("max.wait.seconds", "The longest a request waited before the worker took it, since start", stats,
                s -> s.maxWaitMillis() / 1000.0);
        meters.counted("vmledger.report.queue.waits", null, "Requests the worker took from the queue", stats,
                s -> s.get().taken());
        meters.counted("vmledger.report.queue.wait", "milliseconds",
                "Time the requests taken from the queue waited in it, summed (a mean with ..._waits_total)", stats,
                s -> s.get().totalWaitMillis());
        meters.counted("vmledger.report.queue.rejected", null,
                "Requests refused because the queue was full (left to the catch-up scan)", stats,
                s -> s.get().rejected());
        meters.counted("vmledger.report.queue.merged", null, "Requests merged into an identical waiting one", stats,
                s -> s.get().merged());
    }

    private void queueGauge(String name, String description, Supplier<ReportQueue.Stats> stats,
                            ToDoubleFunction<ReportQueue.Stats> value) {
        meters.gauge("vmledger.report.queue." + name, description, stats, s -> value.applyAsDouble(s.get()));
    }

    private void connectionPool(ConnectionPool pool) {
        String[] tag = {"pool", pool.name()};
        meters.gauge("vmledger.storage.connections.active", "Connections in use", pool, p -> p.stats().active(), tag);
        meters.gauge("vmledger.storage.connections.idle", "Open connections not in use", pool, p -> p.stats().idle(),
                tag);
        meters.gauge("vmledger.storage.connections.max", "The most connections the pool opens (0: no limit)", pool,
                p -> p.stats().max(), tag);
        meters.gauge("vmledger.storage.connections.pending", "Callers waiting for a connection now", pool,
                p -> p.stats().pending(), tag);
        meters.counted("vmledger.storage.connections.acquired", null, "Connections handed out", pool,
                p -> p.stats().acquired(), tag);
        meters.counted("vmledger.storage.connections.acquire", "milliseconds",
                "Time spent getting connections (waiting for a free one or opening one), summed", pool,
                p -> Math.round(p.stats().acquireSeconds() * 1000), tag);
        meters.counted("vmledger.storage.connections.timeouts", null, "Callers that gave up waiting for a connection",
                pool, p -> p.stats().timeouts(), tag);
    }

    @Override
    public void close() {
        jobs.removeEndListener(jobListener);
        meters.close();
    }

    /** What the store knows at start-up, so that a restart neither forgets a failing vCenter nor a stale one. */
    private record Seeds(Map<String, CaptureMeters.Seed> captures, Map<String, JobMeters.Seed> jobs) {

        static Seeds read(Storage storage, List<String> vcenters, long now) {
            Map<String, CaptureMeters.Seed> captures = new HashMap<>();
            Map<String, JobMeters.Seed> jobs = new HashMap<>();
            try {
                Set<String> types = new LinkedHashSet<>(SCHEDULED_JOB_TYPES);
                types.addAll(storage.jobs().types());
                for (String type : types) {
                    jobs.put(type, new JobMeters.Seed(newestEnd(storage.jobs(), type, JobStatus.SUCCEEDED),
                            newestEnd(storage.jobs(), type, JobStatus.FAILED)));
                }
                captures.putAll(captureSeeds(storage, vcenters, now));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "metrics: could not read the last runs from the store, they start"
                        + " from nothing: " + e.getMessage(), e);
            }
            return new Seeds(captures, jobs);
        }

        private static long newestEnd(JobRunStore jobs, String type, JobStatus status) {
            List<JobRun> newest = jobs.recent(type, status, 1, 0).items();
            return newest.isEmpty() || newest.get(0).endedAt() == null ? 0 : newest.get(0).endedAt();
        }

        /**
         * From the newest capture runs: each vCenter's failures since its last success and when that ended; a
         * vCenter without a success among them falls back on its newest stored snapshot, and one never captured on
         * {@code now}, so that its age counts from the start of the service (an alert on the age of the last
         * capture then fires once a new vCenter has not been captured for as long as an old one may not be).
         */
        private static Map<String, CaptureMeters.Seed> captureSeeds(Storage storage, List<String> vcenters,
                                                                    long now) {
            Map<String, CaptureMeters.Seed> out = new HashMap<>();
            Map<String, Integer> failures = new HashMap<>();
            List<JobRun> runs = storage.jobs().recent(CapturePipeline.JOB_TYPE, null,
                    Math.max(1, vcenters.size() * SEED_RUNS_PER_VCENTER), 0).items();
            for (JobRun run : runs) {
                String vc = run.target();
                if (vc == null || out.containsKey(vc) || run.status() == JobStatus.RUNNING) {
                    continue;
                }
                if (run.status() == JobStatus.SUCCEEDED && run.endedAt() != null) {
                    out.put(vc, new CaptureMeters.Seed(run.endedAt() / 1000, failures.getOrDefault(vc, 0), run.rows()));
                } else {
                    failures.merge(vc, 1, Integer::sum);
                }
            }
            for (String vc : vcenters) {
                if (!out.containsKey(vc)) {
                    OptionalLong latest = storage.hourly().latestSnapshotTime(vc);
                    long vms = latest.isEmpty() ? 0 : storage.registry().get(Granularity.HOURLY, latest.getAsLong(), vc)
                            .map(r -> r.rowCount()).orElse(0L);
                    out.put(vc, new CaptureMeters.Seed(latest.orElse(now), failures.getOrDefault(vc, 0), vms));
                }
            }
            return out;
        }
    }
}
