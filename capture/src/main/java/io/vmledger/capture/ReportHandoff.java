package io.vmledger.capture;

import io.vmledger.api.SnapshotRecord;

/**
 * The last stage of a capture: hands a registered snapshot to report generation. The reports
 * module supplies the real one; until then {@link #NONE} does nothing. Called on the capture
 * thread, or on the pipeline's report thread when {@code settings.async_report_generation} is on.
 */
@FunctionalInterface
public interface ReportHandoff {

    ReportHandoff NONE = snapshot -> {
    };

    void snapshotCaptured(SnapshotRecord snapshot);
}
