package io.vmledger.api;

import java.util.Locale;

/** A VM's power state, stored with the vSphere spelling ({@code poweredOn}, ...). */
public enum PowerState {
    POWERED_ON("poweredOn"),
    POWERED_OFF("poweredOff"),
    SUSPENDED("suspended");

    private final String wire;

    PowerState(String wire) {
        this.wire = wire;
    }

    /** The vSphere spelling, as stored in the {@code "PowerState"} column. */
    public String wire() {
        return wire;
    }

    /** Parses the vSphere spelling, case-insensitively. */
    public static PowerState fromWire(String value) {
        if (value != null) {
            String v = value.toLowerCase(Locale.ROOT);
            for (PowerState s : values()) {
                if (s.wire.toLowerCase(Locale.ROOT).equals(v)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown power state '" + value + "' (allowed: poweredOn, poweredOff, suspended)");
    }
}
