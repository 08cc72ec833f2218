package io.vmledger.api.settings;

import io.vmledger.api.AggregationPath;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code settings.aggregation_path}: the path of scheduled aggregation runs (and of manual runs that name
 * none). {@link #AUTO} runs the storage plugin's recorded default, which its benchmarks decided
 * (docs/decisions/0130-jmh-benchmarks-and-sql-promotion.md); {@link #JAVA} and {@link #SQL} force one path
 * whatever the plugin. A run by the SQL path that fails is done again by the Java path, and its job run says so.
 */
public enum AggregationPathSetting {
    AUTO,
    JAVA,
    SQL;

    private static final String ALLOWED = "allowed: auto, java, sql";

    /** The lower-case name used in the configuration. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path this setting forces, or empty for {@link #AUTO}. */
    public Optional<AggregationPath> forced() {
        return switch (this) {
            case AUTO -> Optional.empty();
            case JAVA -> Optional.of(AggregationPath.JAVA);
            case SQL -> Optional.of(AggregationPath.SQL);
        };
    }

    /** Parses {@code auto}, {@code java} or {@code sql}, case-insensitively. */
    public static AggregationPathSetting parse(String value) {
        if (value != null) {
            for (AggregationPathSetting s : values()) {
                if (s.wire().equalsIgnoreCase(value.trim())) {
                    return s;
                }
            }
        }
        throw new SettingsException(Settings.Keys.AGGREGATION_PATH, value, ALLOWED);
    }
}
