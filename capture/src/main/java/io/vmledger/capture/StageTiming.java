package io.vmledger.capture;

/** How long one stage of a vCenter capture took and how many rows it handled. */
public record StageTiming(CaptureStage stage, double seconds, long rows) {
}
