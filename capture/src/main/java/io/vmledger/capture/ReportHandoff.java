package io.vmledger.capture;

import io.vmledger.api.SnapshotRecord;

import java.util.List;

/**
 * The last stage of a capture run: hands the stored snapshots to report generation. It is called once per
 * run, on the calling thread, after every vCenter of the run has finished (the hourly report covers every
 * vCenter of the snapshot time), and only when at least one snapshot was stored. The reports module's
 * implementation queues the report when {@code settings.async_report_generation} is on and generates it
 * inline otherwise; {@link #NONE} does nothing.
 */
@FunctionalInterface
public interface ReportHandoff {

    ReportHandoff NONE = (snapshotTime, snapshots) -> {
    };

    /**
     * @param snapshotTime the run's snapshot time, epoch seconds
     * @param snapshots    the registered snapshots of the vCenters that succeeded, in the run's order
     */
    void snapshotsCaptured(long snapshotTime, List<SnapshotRecord> snapshots);
}
