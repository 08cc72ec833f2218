package io.vmledger.web.ui;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the UI writes numbers and times: grouped digits ({@code 14,850}), a fixed number of decimals,
 * times in the report time zone as {@code 2026-10-05 14:00}. Templates reach these through
 * {@link UiExtension}'s filters.
 */
final class Format {
    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.US);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter MONTH_DAY_CLOCK = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);

    private final ZoneId zone;

    Format(ZoneId zone) {
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    /** {@code value} with grouping and exactly {@code decimals} decimals. */
    static String number(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals), SYMBOLS);
        String s = f.format(value);
        // -0 and -0.0 read as noise
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** A fraction as a percentage with one decimal: 0.958 -> {@code 95.8 %}. */
    static String percent(double fraction) {
        return number(fraction * 100, 1) + "\u00a0%";
    }

    /** Epoch seconds as minutes in the zone. */
    String time(long epochSeconds) {
        return MINUTE.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    /** Epoch milliseconds to the second in the zone. */
    String timeMillis(long epochMillis) {
        return SECOND.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /**
     * A time within a period, as short as it can be read: {@code 14:00} within a day's period,
     * {@code 11-30 14:00} within a month's, the full time outside its period.
     */
    String timeWithin(long epochSeconds, String kind, long periodStart) {
        var at = Instant.ofEpochSecond(epochSeconds).atZone(zone);
        var start = Instant.ofEpochSecond(periodStart).atZone(zone);
        if (kind.equals("daily") && at.toLocalDate().equals(start.toLocalDate())) {
            return CLOCK.format(at);
        }
        if (kind.equals("monthly") && at.getYear() == start.getYear() && at.getMonth() == start.getMonth()) {
            return MONTH_DAY_CLOCK.format(at);
        }
        return MINUTE.format(at);
    }

    String day(long epochSeconds) {
        return DAY.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    /** The start of the day after the one that holds {@code epochSeconds}, in the zone. */
    long startOfNextDay(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone)
                .toEpochSecond();
    }

    /** Epoch seconds as ISO-8601 with offset, for {@code <time datetime>}. */
    String iso(long epochSeconds) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    /** A duration: {@code 350 ms}, {@code 4.2 s}, {@code 3 min 5 s}, {@code 2 h 10 min}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return number(millis / 1000.0, 1) + " s";
        }
        long s = millis / 1000;
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
