package io.vmledger.api;

import java.util.Locale;

/** Period kinds used by the snapshot registry and aggregate totals. */
public enum Granularity {
    HOURLY,
    DAILY,
    MONTHLY;

    /** Lower-case name as stored ({@code hourly}, {@code daily}, {@code monthly}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Granularity fromWire(String value) {
        if (value != null) {
            for (Granularity g : values()) {
                if (g.wire().equalsIgnoreCase(value.trim())) {
                    return g;
                }
            }
        }
        throw new IllegalArgumentException("unknown granularity '" + value + "' (allowed: hourly, daily, monthly)");
    }
}
