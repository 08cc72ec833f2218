package io.vmledger.api;

import java.util.Locale;

/** State of a recorded job run. */
public enum JobStatus {
    RUNNING,
    SUCCEEDED,
    FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
