package io.vmledger.storage.spi;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;

import java.util.Optional;

/** Recorded job runs: start, end, status, rows. Times are epoch milliseconds. */
public interface JobRunStore {

    /** Records a started run; returns its id. */
    long start(String type, String target, long startedAtMillis);

    /** Records the end of a run. */
    void finish(long id, JobStatus status, long endedAtMillis, long rows, String detail);

    Optional<JobRun> get(long id);

    /** Runs newest first, optionally of one type (null for all). */
    Page<JobRun> recent(String type, int limit, long offset);

    /** The newest run of a type and target, if any. */
    Optional<JobRun> latest(String type, String target);

    /** Removes ended runs that ended before {@code millis}; returns the count removed. */
    long deleteEndedBefore(long millis);
}
