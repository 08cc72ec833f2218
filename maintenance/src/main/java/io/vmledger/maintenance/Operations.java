package io.vmledger.maintenance;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.storage.spi.JobRecorder;
import io.vmledger.storage.spi.JobRunStore;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs operational work (aggregation, repair, cache rebuild) as recorded job runs. Requests from the
 * API are queued and run one at a time on a background thread, so two repairs never interleave and a
 * long repair does not hold an HTTP request open; the job id is known at once. The command line runs
 * the same work on its own thread with {@link #runNow}.
 */
public final class Operations implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Operations.class.getName());
    /** Operations that may wait in the queue behind the running one. */
    static final int QUEUE_CAPACITY = 16;

    private final JobRunStore jobs;
    private final Clock clock;
    private final ThreadPoolExecutor executor;

    public Operations(JobRunStore jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "vmledger-operations");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A queued operation: its job id and its eventual job run. */
    public record Submitted(long jobId, CompletableFuture<JobRun> done) {

        /** The finished run if it ends within {@code seconds}, else null. */
        public JobRun await(int seconds) {
            if (seconds <= 0 && !done.isDone()) {
                return null;
            }
            try {
                return done.get(Math.max(seconds, 0), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                throw new IllegalStateException("operation " + jobId + " failed outside its job record", e.getCause());
            }
        }
    }

    /** Thrown when the queue is full; the API answers 503. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }

    /**
     * Records the start of a job run and queues its work.
     *
     * @param type   job type, e.g. {@code repair}
     * @param target what it runs on, e.g. a date
     * @param caller label of whoever asked, kept in the job record
     * @throws Busy when {@value #QUEUE_CAPACITY} operations are already waiting
     */
    public Submitted submit(String type, String target, String caller, Supplier<OperationResult> work) {
        long id = jobs.start(type, target, clock.millis());
        CompletableFuture<JobRun> done = new CompletableFuture<>();
        try {
            executor.execute(() -> done.complete(execute(id, type, target, caller, work)));
        } catch (RejectedExecutionException e) {
            String why = "rejected: " + QUEUE_CAPACITY + " operations are already queued";
            jobs.finish(id, JobStatus.FAILED, clock.millis(), 0, "requested by " + caller + "; " + why);
            throw new Busy(why + "; retry when GET /api/jobs shows them finished");
        }
        return new Submitted(id, done);
    }

    /** Runs work on the calling thread as a recorded job run; returns the finished run. */
    public JobRun runNow(String type, String target, String caller, Supplier<OperationResult> work) {
        long id = jobs.start(type, target, clock.millis());
        return execute(id, type, target, caller, work);
    }

    /** Records a request that was refused before any work (for example an operation not in this build). */
    public JobRun refuse(String type, String target, String caller, String reason) {
        long id = jobs.start(type, target, clock.millis());
        jobs.finish(id, JobStatus.FAILED, clock.millis(), 0, "requested by " + caller + "; " + reason);
        return jobs.get(id).orElseThrow();
    }

    private JobRun execute(long id, String type, String target, String caller, Supplier<OperationResult> work) {
        long t0 = System.nanoTime();
        OperationResult r;
        try {
            r = work.get();
        } catch (RuntimeException e) {
            String message = JobRecorder.message(e);
            LOG.log(System.Logger.Level.ERROR, type + " " + target + " (job " + id + ", by " + caller + ") failed: "
                    + message, e);
            end(id, JobStatus.FAILED, 0, "requested by " + caller + "; failed: " + message);
            return jobs.get(id).orElseThrow(() -> new IllegalStateException("job run " + id + " vanished"));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %s (job %d, by %s): %d rows in %d ms; %s",
                type, target, id, caller, r.rows(), ms, r.detail()));
        end(id, JobStatus.SUCCEEDED, r.rows(), "requested by " + caller + "; " + r.detail());
        return jobs.get(id).orElseThrow(() -> new IllegalStateException("job run " + id + " vanished"));
    }

    /** Records the end of a run; a failure to record it is logged (the store writes it later), never the work's outcome. */
    private void end(long id, JobStatus status, long rows, String detail) {
        try {
            jobs.finish(id, status, clock.millis(), rows, detail);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not record the end of job " + id + " now (" + status.wire()
                    + "); it is written when the store accepts writes again: " + JobRecorder.message(e));
        }
    }

    /** Lets the running and queued operations finish (up to a minute), then stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.log(System.Logger.Level.WARNING, "an operation was still running after a minute; abandoned");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
