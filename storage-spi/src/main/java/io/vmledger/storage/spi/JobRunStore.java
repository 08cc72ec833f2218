package io.vmledger.storage.spi;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Recorded job runs: start, end, status, rows. Times are epoch milliseconds. Every run records the
 * instance that ran it ({@link InstanceStore#self()}); a run left {@code running} by an instance that died is
 * closed as {@code abandoned} by the next {@link InstanceStore#sweep}.
 *
 * <p>The end of a run is never lost to a store that cannot write for a moment (a full disk, a database
 * restarting): {@link #finish} and {@link #record} keep what they could not write and write it with the next
 * job-run write that succeeds, or the next heartbeat; only the process ending first loses it.
 */
public interface JobRunStore {

    /** Records a started run of this instance; returns its id. */
    long start(String type, String target, long startedAtMillis);

    /**
     * Records the end of a run. When the store cannot write it now, it is kept and written later (see above),
     * and the failure is thrown.
     *
     * @throws StorageException when there is no run with this id, or the store could not write it now
     */
    void finish(long id, JobStatus status, long endedAtMillis, long rows, String detail);

    /**
     * Records a whole run of this instance that is already over, for work whose start could not be recorded
     * (the store failed then). When the store cannot write it now, it is kept and written later, and the
     * failure is thrown.
     */
    void record(String type, String target, long startedAtMillis, long endedAtMillis, JobStatus status, long rows,
                String detail);

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

    /**
     * Calls {@code listener} with every run this store records as ended from now on ({@link #finish} and
     * {@link #record}), after the end is written, on the thread that wrote it: an end that had to wait for the store
     * is heard when it is written at last (the metrics count runs this way). Runs the store closes as abandoned for
     * a dead instance are not heard. A listener must be quick and must not throw.
     */
    void addEndListener(Consumer<JobRun> listener);

    /** Removes a listener added with {@link #addEndListener}. */
    void removeEndListener(Consumer<JobRun> listener);

    /** Removes ended runs that ended before {@code millis}; returns the count removed. */
    long deleteEndedBefore(long millis);
}
