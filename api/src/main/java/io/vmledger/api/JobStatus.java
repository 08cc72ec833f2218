package io.vmledger.api;

import java.util.Locale;

/**
 * State of a recorded job run. {@link #ABANDONED} closes a run whose instance (the process that ran it)
 * stopped or died before it could record the end: whether its work was done is not known.
 */
public enum JobStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    ABANDONED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run is over (anything but {@link #RUNNING}). */
    public boolean ended() {
        return this != RUNNING;
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The wire names, in declaration order, for messages and forms. */
    public static java.util.List<String> wireNames() {
        return java.util.Arrays.stream(values()).map(JobStatus::wire).toList();
    }
}
