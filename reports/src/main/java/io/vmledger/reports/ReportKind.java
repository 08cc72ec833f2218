package io.vmledger.reports;

import java.util.Locale;

/** The three kinds of report, one per compatibility table kind. */
public enum ReportKind {
    /** One hourly snapshot, every vCenter: {@code inventory_hourly_<T>.xlsx}. */
    HOURLY,
    /** One day's summary: {@code inventory_daily_summary_YYYYMMDD.xlsx}. */
    DAILY,
    /** One month's summary: {@code inventory_monthly_summary_YYYYMM.xlsx}. */
    MONTHLY;

    /** Lower-case name used by the API ({@code hourly}, {@code daily}, {@code monthly}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #wire()}, case-insensitively. */
    public static ReportKind fromWire(String value) {
        if (value != null) {
            for (ReportKind k : values()) {
                if (k.wire().equalsIgnoreCase(value.trim())) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown report type '" + value + "' (allowed: hourly, daily, monthly)");
    }
}
