package io.vmledger.capture;

import io.vmledger.api.JobStatus;
import io.vmledger.api.SnapshotRecord;

import java.util.List;

/**
 * The outcome of capturing one vCenter once.
 *
 * @param vcenter      vCenter key
 * @param snapshotTime snapshot time, epoch seconds
 * @param status       succeeded or failed
 * @param rows         rows written to {@code vm_hourly_stats} (0 when it failed before persisting)
 * @param fallbacks    VMs the source had to fetch one at a time
 * @param seconds      wall time of all stages
 * @param error        what failed (stage and message), null on success
 * @param failure      the kind of failure, null on success
 * @param stages       the stages that ran, in order, with durations and row counts
 * @param jobId        id of the recorded job run, or -1 when it could not be recorded
 * @param snapshot     the registered snapshot when it succeeded, else null
 */
public record VcenterCaptureResult(String vcenter, long snapshotTime, JobStatus status, int rows, int fallbacks,
                                   double seconds, String error, CaptureFailure failure, List<StageTiming> stages,
                                   long jobId, SnapshotRecord snapshot) {

    public VcenterCaptureResult {
        stages = List.copyOf(stages);
    }

    public boolean succeeded() {
        return status == JobStatus.SUCCEEDED;
    }

    /** Seconds spent in one stage, 0 when it did not run. */
    public double secondsIn(CaptureStage stage) {
        double s = 0;
        for (StageTiming t : stages) {
            if (t.stage() == stage) {
                s += t.seconds();
            }
        }
        return s;
    }
}
