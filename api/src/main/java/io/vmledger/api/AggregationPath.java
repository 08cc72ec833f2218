package io.vmledger.api;

import java.util.Locale;

/**
 * How a period's summary rows are computed. {@link #JAVA} streams the canonical tables through the
 * aggregation module's aggregators; {@link #SQL} runs the storage plugin's canonical SQL; {@link #LEGACY}
 * runs the plugin's {@code UNION ALL} over a day's {@code inventory_hourly_*} tables (daily only; kept for
 * compatibility, repair and backfill). {@code settings.aggregation_path} ({@code AggregationPathSetting}) picks
 * the path of scheduled runs: {@code auto}, {@code java} or {@code sql}.
 */
public enum AggregationPath {
    JAVA,
    SQL,
    LEGACY;

    /** The lower-case name used in settings, on the command line, in the API and in job details. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
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
