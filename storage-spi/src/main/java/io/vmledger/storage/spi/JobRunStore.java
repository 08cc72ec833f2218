package io.vmledger.storage.spi;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;

import java.util.List;
import java.util.Optional;

/** Recorded job runs: start, end, status, rows. Times are epoch milliseconds. */
public interface JobRunStore {

    /** Records a started run; returns its id. */
    long start(String type, String target, long startedAtMillis);

    /** Records the end of a run. */
    void finish(long id, JobStatus status, long endedAtMillis, long rows, String detail);

    Optional<JobRun> get(long id);

    /** Runs newest first, optionally of one type (null for all). */
    default Page<JobRun> recent(String type, int limit, long offset) {
        return recent(type, null, limit, offset);
    }

    /** Runs newest first, optionally of one type and one status (null for all). */
    Page<JobRun> recent(String type, JobStatus status, int limit, long offset);

    /** The distinct job types that have runs, sorted. */
    List<String> types();

    /** The newest run of a type and target, if any. */
    Optional<JobRun> latest(String type, String target);

    /** Removes ended runs that ended before {@code millis}; returns the count removed. */
    long deleteEndedBefore(long millis);
}
