package io.vmledger.storage.spi;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failed job's detail names the first cause, never the bookkeeping that failed after it, and a store that
 * cannot record the start or the end never changes the work's outcome.
 */
class JobRecorderTest {

    /** Job runs in memory, whose writes fail while {@code failing} is set (a full disk, a database that is down). */
    private static final class Jobs implements JobRunStore {
        final List<JobRun> runs = new ArrayList<>();
        boolean failing;

        private void check(String what) {
            if (failing) {
                throw new StorageException("cannot " + what + ": disk full");
            }
        }

        @Override
        public long start(String type, String target, long startedAtMillis) {
            check("record the start of a job run");
            runs.add(new JobRun(runs.size(), type, target, startedAtMillis, null, JobStatus.RUNNING, 0, null, null));
            return runs.size() - 1;
        }

        @Override
        public void finish(long id, JobStatus status, long endedAtMillis, long rows, String detail) {
            check("record the end of job run " + id);
            JobRun r = runs.get((int) id);
            runs.set((int) id, new JobRun(id, r.type(), r.target(), r.startedAt(), endedAtMillis, status, rows, detail,
                    null));
        }

        @Override
        public void record(String type, String target, long startedAtMillis, long endedAtMillis, JobStatus status,
                           long rows, String detail) {
            check("record a job run");
            runs.add(new JobRun(runs.size(), type, target, startedAtMillis, endedAtMillis, status, rows, detail, null));
        }

        @Override
        public Optional<JobRun> get(long id) {
            return id < runs.size() ? Optional.of(runs.get((int) id)) : Optional.empty();
        }

        @Override
        public Page<JobRun> recent(String type, JobStatus status, int limit, long offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> types() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<JobRun> latest(String type, String target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addEndListener(Consumer<JobRun> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeEndListener(Consumer<JobRun> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long deleteEndedBefore(long millis) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aFailedRunIsRecordedWithItsOwnCause() {
        Jobs jobs = new Jobs();
        IllegalStateException cause = new IllegalStateException("vCenter vc01 refused the login");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> JobRecorder.run(jobs,
                () -> 1_000, "capture", "vc01", () -> {
                    throw cause;
                }, r -> new JobRecorder.Outcome(0, "")));
        assertSame(cause, thrown);
        JobRun run = jobs.runs.get(0);
        assertEquals(JobStatus.FAILED, run.status());
        assertEquals("vCenter vc01 refused the login", run.detail());
    }

    @Test
    void whenTheEndCannotBeRecordedTheWorksFailureIsThrownWithTheBookkeepingSuppressed() {
        Jobs jobs = new Jobs();
        IllegalStateException cause = new IllegalStateException("no space left on device");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> JobRecorder.run(jobs,
                () -> 1_000, "daily-aggregation", "2026-12-01", () -> {
                    jobs.failing = true; // the disk fills up during the work
                    throw cause;
                }, r -> new JobRecorder.Outcome(0, "")));
        assertSame(cause, thrown, "the first cause, not 'cannot record the end of job run 0'");
        assertEquals(1, thrown.getSuppressed().length);
        assertTrue(thrown.getSuppressed()[0].getMessage().contains("cannot record the end of job run 0"));
    }

    @Test
    void aRunWhoseStartCouldNotBeRecordedRunsAndIsRecordedWholeAtItsEnd() {
        Jobs jobs = new Jobs();
        jobs.failing = true;
        JobRecorder.Run run = JobRecorder.start(jobs, () -> 1_000, "retention", "daily");
        assertEquals(-1, run.id());
        jobs.failing = false;
        run.succeeded(12, "12 rows removed");
        JobRun recorded = jobs.runs.get(0);
        assertEquals(JobStatus.SUCCEEDED, recorded.status());
        assertEquals(1_000, recorded.startedAt());
        assertEquals(12, recorded.rows());
    }
}
