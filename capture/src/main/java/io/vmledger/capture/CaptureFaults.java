package io.vmledger.capture;

/**
 * Called by the capture pipeline at each {@link CaptureBoundary}: crash tests throw from it (an {@link Error},
 * which nothing in the pipeline catches, after halting the store) to stop a capture there as a kill would.
 * The service uses {@link #NONE}.
 */
@FunctionalInterface
public interface CaptureFaults {
    CaptureFaults NONE = (boundary, vcenter, snapshotTime) -> {
    };

    /** @param vcenter the vCenter being captured, null for the run-level {@link CaptureBoundary#HANDED_OFF} */
    void at(CaptureBoundary boundary, String vcenter, long snapshotTime);
}
