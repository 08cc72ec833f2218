package io.vmledger.storage.spi;

import io.vmledger.api.JobStatus;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Work recorded as a job run, with the bookkeeping kept apart from the work: a failure to record the start
 * or the end is logged and never replaces the work's own outcome, so a failed run's detail names what went
 * wrong first (the disk that filled up), not a bookkeeping step after it ("cannot record the end of job run
 * 222"). A run whose start could not be recorded is recorded whole at its end; what the store cannot write
 * then, it writes later ({@link JobRunStore}).
 */
public final class JobRecorder {
    private static final System.Logger LOG = System.getLogger(JobRecorder.class.getName());

    private JobRecorder() {
    }

    /** How a run that succeeded is recorded: rows written and the detail line. */
    public record Outcome(long rows, String detail) {
    }

    /**
     * Records the start of a run; never throws (a start that could not be recorded is recorded with the end).
     *
     * @param clock epoch milliseconds
     */
    public static Run start(JobRunStore jobs, LongSupplier clock, String type, String target) {
        long startedAt = clock.getAsLong();
        long id = -1;
        try {
            id = jobs.start(type, target, startedAt);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the start of " + type + " " + target
                    + " (it runs anyway and is recorded when it ends): " + message(e));
        }
        return new Run(jobs, clock, type, target, startedAt, id);
    }

    /**
     * Runs {@code work} as a recorded run: succeeded with {@code outcome}'s rows and detail, or failed with the
     * work's own failure as detail, which is then thrown as it was.
     */
    public static <R> R run(JobRunStore jobs, LongSupplier clock, String type, String target, Supplier<R> work,
                            Function<R, Outcome> outcome) {
        Run run = start(jobs, clock, type, target);
        R result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            run.failed(e, message(e));
            throw e;
        }
        Outcome o = outcome.apply(result);
        run.succeeded(o.rows(), o.detail());
        return result;
    }

    /** A started run. */
    public static final class Run {
        private final JobRunStore jobs;
        private final LongSupplier clock;
        private final String type;
        private final String target;
        private final long startedAt;
        private final long id;

        private Run(JobRunStore jobs, LongSupplier clock, String type, String target, long startedAt, long id) {
            this.jobs = Objects.requireNonNull(jobs, "jobs");
            this.clock = clock;
            this.type = type;
            this.target = target;
            this.startedAt = startedAt;
            this.id = id;
        }

        /** The run's id, or -1 when its start could not be recorded. */
        public long id() {
            return id;
        }

        public long startedAt() {
            return startedAt;
        }

        /** Records the end of a run that succeeded; never throws. */
        public void succeeded(long rows, String detail) {
            end(JobStatus.SUCCEEDED, rows, detail, null);
        }

        /** Records the end of a run that failed with {@code cause}; never throws (a recording failure is suppressed into {@code cause}). */
        public void failed(Throwable cause, String detail) {
            end(JobStatus.FAILED, 0, detail, cause);
        }

        /** Records the end with {@code status}; never throws. */
        public void end(JobStatus status, long rows, String detail, Throwable cause) {
            long endedAt = clock.getAsLong();
            try {
                if (id >= 0) {
                    jobs.finish(id, status, endedAt, rows, detail);
                } else {
                    jobs.record(type, target, startedAt, endedAt, status, rows, detail);
                }
            } catch (RuntimeException e) {
                if (cause != null && cause != e) {
                    cause.addSuppressed(e);
                }
                LOG.log(System.Logger.Level.WARNING, "cannot record the end of " + type + " " + target
                        + (id >= 0 ? " (job run " + id + ")" : "") + " as " + status.wire()
                        + " now; it is written when the store accepts writes again: " + message(e));
            }
        }
    }

    /** The message of a failure, or its class name when it has none. */
    public static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
