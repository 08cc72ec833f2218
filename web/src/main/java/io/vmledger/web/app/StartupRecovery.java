package io.vmledger.web.app;

import io.vmledger.maintenance.IncompleteSnapshots;
import io.vmledger.storage.spi.InstanceStore;

/**
 * What a start finds and mends that a crash of an earlier version left: incomplete vCenter snapshots
 * ({@link IncompleteSnapshots}). Opening the store has already closed the job runs of dead instances. The
 * mend runs under the store's {@value #LEASE} lease (another instance starting at the same time leaves it to
 * the first); an incomplete snapshot that is its vCenter's newest waits for that vCenter's next capture,
 * after which {@link #afterCapture()} mends it.
 */
final class StartupRecovery {
    static final String LEASE = "recovery";
    private static final System.Logger LOG = System.getLogger(StartupRecovery.class.getName());

    private final IncompleteSnapshots snapshots;
    private final InstanceStore instances;
    private volatile boolean trailing;

    StartupRecovery(IncompleteSnapshots snapshots, InstanceStore instances) {
        this.snapshots = snapshots;
        this.instances = instances;
    }

    /** Mends what can be mended now; never throws (a failure is logged, and the next start tries again). */
    void atStartUp() {
        InstanceStore.Lease lease;
        try {
            lease = instances.tryAcquire(LEASE);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "start-up recovery skipped: " + e.getMessage(), e);
            return;
        }
        if (!lease.held()) {
            LOG.log(System.Logger.Level.INFO, "start-up recovery left to instance "
                    + (lease.holder() == null ? "(unknown)" : lease.holder().id()) + ", which runs it now");
            return;
        }
        try {
            IncompleteSnapshots.Result r = snapshots.mend();
            trailing = !r.found().trailing().isEmpty();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "mending the incomplete snapshots failed (the next start tries again): "
                    + e.getMessage(), e);
        } finally {
            try {
                instances.release(LEASE, 0);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot release the " + LEASE + " lease: " + e.getMessage());
            }
        }
    }

    /** After a capture run: mends the incomplete snapshots that start-up left to it, once. */
    void afterCapture() {
        if (trailing) {
            trailing = false;
            atStartUp();
        }
    }
}
