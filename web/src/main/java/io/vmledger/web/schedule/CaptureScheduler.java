package io.vmledger.web.schedule;

import io.vmledger.aggregation.ScheduledAggregation;
import io.vmledger.storage.spi.InstanceStore;

import java.time.Instant;

/**
 * One scheduled hourly capture, followed by the daily and monthly aggregation it makes due. Every instance
 * of a store fires it; the store's {@value #LEASE} lease makes one of them capture each snapshot time: the
 * instance that takes the lease captures unless the lease's progress mark says that time is done, and
 * raises the mark when it is; an instance that finds the lease held (the other one captures now) leaves it.
 */
public final class CaptureScheduler {
    /** The lease of the store the scheduled capture runs under. */
    public static final String LEASE = "capture";
    private static final System.Logger LOG = System.getLogger(CaptureScheduler.class.getName());
    private static final long FIRE_EARLY_SECONDS = 2;

    private CaptureScheduler() {
    }

    /**
     * Captures every vCenter at this run's time in the capture grid (failures are recorded per vCenter),
     * then runs the aggregation that became due: the prior day once its last hourly capture has
     * completed, the prior month on the first day. Does nothing when another instance of the store
     * captures this time, or already did. Never throws.
     */
    public static void runOnce(CaptureRunner capture, ScheduledAggregation aggregation, InstanceStore instances) {
        // a timer may fire a moment before the wall clock reaches the fire time: allow for that
        runAt(capture.snapshotTime(Instant.now().getEpochSecond() + FIRE_EARLY_SECONDS), capture, aggregation,
                instances);
    }

    /** {@link #runOnce} for snapshot time {@code t}. */
    static void runAt(long t, CaptureRunner capture, ScheduledAggregation aggregation, InstanceStore instances) {
        if (!captureUnderLease(capture, instances, t)) {
            return;
        }
        try {
            aggregation.afterCapture(t);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled aggregation after " + Instant.ofEpochSecond(t) + " failed", e);
        }
    }

    /** Captures time {@code t} unless another instance does or did; returns whether this one did. */
    static boolean captureUnderLease(CaptureRunner capture, InstanceStore instances, long t) {
        InstanceStore.Lease lease;
        try {
            lease = instances.tryAcquire(LEASE);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled capture at " + Instant.ofEpochSecond(t) + " skipped: cannot "
                    + "take the " + LEASE + " lease: " + e.getMessage(), e);
            return false;
        }
        if (!lease.held()) {
            LOG.log(System.Logger.Level.INFO, "scheduled capture at " + Instant.ofEpochSecond(t) + " left to instance "
                    + (lease.holder() == null ? "(unknown)" : lease.holder().id() + " (" + lease.holder().describe() + ")")
                    + ", which holds the " + LEASE + " lease");
            return false;
        }
        if (lease.progress() >= t) {
            LOG.log(System.Logger.Level.INFO, "scheduled capture at " + Instant.ofEpochSecond(t)
                    + " already done by another instance of this store");
            release(instances, lease.progress());
            return false;
        }
        try {
            capture.captureAll(t);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled capture at " + Instant.ofEpochSecond(t) + " failed", e);
        } finally {
            // done once, failed vCenters included (each is recorded as a failed job run)
            release(instances, t);
        }
        return true;
    }

    private static void release(InstanceStore instances, long progress) {
        try {
            instances.release(LEASE, progress);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot release the " + LEASE + " lease (it is freed when this "
                    + "instance ends): " + e.getMessage());
        }
    }
}
