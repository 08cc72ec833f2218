package io.vmledger.web.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Timer;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The meters of recorded job runs by type ({@code vmledger_job_*{type}}): every run the store records as ended
 * (captures, aggregations, reports, retention, repairs), counted by status, with its duration and rows. The
 * meters of the scheduled job types exist from the start, at 0.
 */
final class JobMeters implements Consumer<JobRun> {

    /** What is known of a job type before this process ran it: when its newest success and failure ended. */
    record Seed(long lastSuccessMillis, long lastFailureMillis) {
        static final Seed NONE = new Seed(0, 0);
    }

    private final Meters meters;
    private final Map<String, PerType> byType = new ConcurrentHashMap<>();

    JobMeters(Meters meters) {
        this.meters = meters;
    }

    void register(String type, Seed seed) {
        byType.computeIfAbsent(type, t -> new PerType(t, seed));
    }

    @Override
    public void accept(JobRun run) {
        if (run.status() == JobStatus.RUNNING) {
            return;
        }
        PerType m = byType.computeIfAbsent(run.type(), t -> new PerType(t, Seed.NONE));
        m.runs.computeIfAbsent(run.status(), m::counter).increment();
        m.rows.increment(Math.max(0, run.rows()));
        Long ms = run.durationMillis();
        if (ms != null) {
            m.duration.record(Duration.ofMillis(Math.max(0, ms)));
        }
        long ended = run.endedAt() == null ? 0 : run.endedAt();
        (run.status() == JobStatus.SUCCEEDED ? m.lastSuccess : m.lastFailure).accumulateAndGet(ended, Math::max);
    }

    /** One job type's meters. */
    private final class PerType {
        final String type;
        final Map<JobStatus, Counter> runs = new ConcurrentHashMap<>();
        final Timer duration;
        final Counter rows;
        final AtomicLong lastSuccess;
        final AtomicLong lastFailure;

        PerType(String type, Seed seed) {
            this.type = type;
            for (JobStatus s : JobStatus.values()) {
                if (s != JobStatus.RUNNING) {
                    runs.put(s, counter(s));
                }
            }
            duration = meters.timer("vmledger.job.duration", "Wall time of an ended job run", "type", type);
            rows = meters.counter("vmledger.job.rows", "Rows written by ended job runs", "type", type);
            lastSuccess = new AtomicLong(seed.lastSuccessMillis());
            lastFailure = new AtomicLong(seed.lastFailureMillis());
            meters.gauge("vmledger.job.last.success.timestamp.seconds",
                    "When the newest successful run of the type ended (epoch seconds; 0 when none is recorded)",
                    lastSuccess, v -> v.get() / 1000.0, "type", type);
            meters.gauge("vmledger.job.last.failure.timestamp.seconds",
                    "When the newest failed run of the type ended (epoch seconds; 0 when none is recorded)",
                    lastFailure, v -> v.get() / 1000.0, "type", type);
        }

        Counter counter(JobStatus status) {
            return meters.counter("vmledger.job.runs", "Ended job runs by type and status", "type", type, "status",
                    status.wire());
        }
    }
}
