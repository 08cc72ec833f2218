package io.vmledger.capture;

import java.util.List;

/**
 * A capture of several vCenters at one snapshot time.
 *
 * @param snapshotTime snapshot time, epoch seconds
 * @param results      one result per vCenter, in the order the vCenters were given
 * @param seconds      wall time of the whole run
 */
public record CaptureRun(long snapshotTime, List<VcenterCaptureResult> results, double seconds) {

    public CaptureRun {
        results = List.copyOf(results);
    }

    public int failures() {
        int n = 0;
        for (VcenterCaptureResult r : results) {
            n += r.succeeded() ? 0 : 1;
        }
        return n;
    }

    public boolean allSucceeded() {
        return failures() == 0;
    }

    public long rows() {
        long n = 0;
        for (VcenterCaptureResult r : results) {
            n += r.rows();
        }
        return n;
    }
}
