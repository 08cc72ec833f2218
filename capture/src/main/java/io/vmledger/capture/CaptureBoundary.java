package io.vmledger.capture;

/**
 * The moments between the steps of a vCenter's capture, where {@link CaptureFaults} may stop it, as a crash
 * would: crash tests stop a capture at each of them and check that the store recovers to what a run that
 * was never stopped leaves.
 */
public enum CaptureBoundary {
    /** The job run is recorded as started; nothing is captured yet. */
    STARTED,
    /** The source answered; the snapshot's transaction has not begun. */
    CAPTURED,
    /** In the snapshot's transaction: rows written. */
    PERSISTED,
    /** In the snapshot's transaction: lifecycle reconciled. */
    RECONCILED,
    /** In the snapshot's transaction: totals and registry record written. */
    REGISTERED,
    /** In the snapshot's transaction: the compatibility table written (compatibility mode only); next comes the commit. */
    COMPAT_WRITTEN,
    /** The snapshot is committed; its job run is still recorded as running. */
    COMMITTED,
    /** The job run is recorded as ended. */
    RECORDED,
    /** The run's report hand-off is done (for the run, not one vCenter: the vCenter is null). */
    HANDED_OFF
}
