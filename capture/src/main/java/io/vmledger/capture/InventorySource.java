package io.vmledger.capture;

import io.vmledger.api.VmEvent;

import java.util.List;

/**
 * Where hourly inventory comes from: the real vCenters, or a simulated inventory for demos and tests.
 * Implementations must be safe to call for different vCenters from several threads at once.
 */
public interface InventorySource extends AutoCloseable {

    /** Keys of the vCenters this source captures, in configuration order. */
    List<String> vcenters();

    /**
     * Captures every VM (templates included) of one vCenter; every row carries {@code snapshotTime}.
     *
     * @throws CaptureException when the vCenter cannot be captured
     */
    Inventory capture(String vcenter, long snapshotTime);

    /**
     * Lifecycle events (removals and creations) the vCenter reports with {@code fromExclusive < time <= toInclusive}.
     *
     * @throws CaptureException when the events cannot be read
     */
    List<VmEvent> events(String vcenter, long fromExclusive, long toInclusive);

    @Override
    default void close() {
    }
}
