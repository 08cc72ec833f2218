package io.vmledger.storage.spi;

import io.vmledger.api.Instance;

import java.util.List;

/**
 * The processes that use one store (its instances) and the leases that hand scheduled work to one of them.
 *
 * <p>Opening a store registers its instance, which then sends a heartbeat while the store is open and records
 * its end when the store is closed. An instance is dead when it stopped, when its process is gone (an
 * instance on the same machine: its process id no longer runs, or runs another program), or when it sent no
 * heartbeat for a while (an instance on another machine). {@link #sweep} closes what dead instances left:
 * their running job runs become {@code abandoned} and their leases are freed. Opening a store sweeps, and so
 * does every heartbeat and every {@link #tryAcquire}; a live instance's running job runs are never touched.
 *
 * <p>A lease is a named lock held by one live instance, with a progress mark that its holder advances
 * when it releases it: two instances on one store run each scheduled capture once by taking the lease
 * {@code capture} and skipping a time the progress mark already covers.
 */
public interface InstanceStore {

    /** This open store's instance. */
    Instance self();

    /** Every instance the store knows, the running ones first, then the newest first; at most {@code limit}. */
    List<Instance> list(int limit);

    /**
     * Finds the instances that are no longer alive, records them as dead, closes their running job runs as
     * abandoned and frees their leases.
     */
    Sweep sweep();

    /** What a sweep did: the instances found dead and the job runs closed as abandoned. */
    record Sweep(List<Instance> dead, int abandonedRuns) {
        public static final Sweep NONE = new Sweep(List.of(), 0);
    }

    /**
     * Takes lease {@code name} for this instance unless another live instance holds it (after a
     * {@link #sweep}); taking a lease this instance holds succeeds again.
     *
     * @return the lease as it is now: {@link Lease#held()} says whether this instance holds it
     */
    Lease tryAcquire(String name);

    /**
     * Frees lease {@code name} if this instance holds it, raising its progress mark to {@code progress} (it
     * never moves back).
     */
    void release(String name, long progress);

    /**
     * A lease as {@link #tryAcquire} found it.
     *
     * @param name     the lease
     * @param held     whether this instance holds it now
     * @param holder   the instance holding it (this one when held), or null when nobody does
     * @param progress the progress mark its holders left, 0 before any
     */
    record Lease(String name, boolean held, Instance holder, long progress) {
    }
}
