package io.vmledger.aggregation;

import io.vmledger.api.settings.Settings;

import java.util.Locale;

/**
 * How a period's rows are computed. {@link #JAVA} (the default) streams the canonical tables through
 * the aggregators of this module; {@link #SQL} runs the storage plugin's canonical SQL; {@link #LEGACY}
 * runs the plugin's {@code UNION ALL} over a day's {@code inventory_hourly_*} tables (daily only; kept for
 * compatibility, repair and backfill, never chosen by the scheduler).
 */
public enum AggregationPath {
    JAVA,
    SQL,
    LEGACY;

    /** The lower-case name used on the command line and in job details. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path {@code settings.aggregation_path} selects for scheduled runs. */
    public static AggregationPath of(Settings.AggregationPath configured) {
        return switch (configured) {
            case JAVA -> JAVA;
            case SQL -> SQL;
        };
    }

    /** Parses {@code java}, {@code sql} or {@code legacy}, case-insensitively. */
    public static AggregationPath parse(String value) {
        if (value != null) {
            for (AggregationPath p : values()) {
                if (p.wire().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown aggregation path '" + value + "' (allowed: java, sql, legacy)");
    }
}
