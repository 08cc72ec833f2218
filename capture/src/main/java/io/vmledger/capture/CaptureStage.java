package io.vmledger.capture;

import java.util.Locale;

/** The stages a vCenter's hourly capture runs through, in order. */
public enum CaptureStage {
    /**
     * Check that the store's filesystem (when it is local) has at least
     * {@code settings.disk.capture_min_free_mb} free; below it the capture refuses to start.
     */
    SPACE,
    /** Read the inventory and the lifecycle events from the source (retried per {@code settings.retry}). */
    CAPTURE,
    /** Replace the snapshot's rows in {@code vm_hourly_stats}. */
    PERSIST,
    /** Reconcile {@code vm_lifecycle_cache} with the snapshot and the events. */
    LIFECYCLE,
    /** Register the snapshot and refresh {@code vcenter_totals}, latest and hourly aggregate totals. */
    REGISTER,
    /** Write {@code inventory_hourly_<T>} (compatibility mode only). */
    COMPAT,
    /** Commit the snapshot's one transaction: every storage stage above takes effect at once, or none. */
    COMMIT,
    /**
     * After the commit, in transactions of its own: pack the vCenter's days that have ended into per-VM trace
     * segments ({@code HourlyStore.packTraces}). Derived data: a failure is logged and leaves the capture
     * succeeded, and traces of the days not packed read hour by hour until a later capture packs them.
     */
    PACK;

    /** Lower-case name used in log lines and job details. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
