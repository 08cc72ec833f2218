package io.vmledger.capture;

/**
 * Told of every vCenter capture the pipeline finishes, succeeded or failed, on the thread that ran it, after
 * its job run is recorded: what the metrics count. An observer must be quick and must not throw (a failure is
 * logged and ignored).
 */
@FunctionalInterface
public interface CaptureObserver {

    void captured(VcenterCaptureResult result);
}
