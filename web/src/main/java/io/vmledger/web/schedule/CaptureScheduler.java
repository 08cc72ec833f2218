package io.vmledger.web.schedule;

import io.vmledger.aggregation.ScheduledAggregation;

import java.time.Instant;

/** One scheduled hourly capture, followed by the daily and monthly aggregation it makes due. */
public final class CaptureScheduler {
    private static final System.Logger LOG = System.getLogger(CaptureScheduler.class.getName());
    private static final long FIRE_EARLY_SECONDS = 2;

    private CaptureScheduler() {
    }

    /**
     * Captures every vCenter at this run's time in the capture grid (failures are recorded per vCenter),
     * then runs the aggregation that became due: the prior day once its last hourly capture has
     * completed, the prior month on the first day. Never throws.
     */
    public static void runOnce(CaptureRunner capture, ScheduledAggregation aggregation) {
        // a timer may fire a moment before the wall clock reaches the fire time: allow for that
        long t = capture.snapshotTime(Instant.now().getEpochSecond() + FIRE_EARLY_SECONDS);
        try {
            capture.captureAll(t);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled capture at " + Instant.ofEpochSecond(t) + " failed", e);
        }
        try {
            aggregation.afterCapture(t);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled aggregation after " + Instant.ofEpochSecond(t) + " failed", e);
        }
    }
}
