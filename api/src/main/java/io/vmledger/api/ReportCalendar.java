package io.vmledger.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hour, day and month boundaries in the configured report time zone ({@code settings.report_time_zone}):
 * the one place that turns a snapshot time into its period.
 */
public record ReportCalendar(ZoneId zone) {

    public ReportCalendar {
        Objects.requireNonNull(zone, "zone");
    }

    public static ReportCalendar utc() {
        return new ReportCalendar(ZoneId.of("UTC"));
    }

    public TimeWindow day(LocalDate date) {
        return new TimeWindow(startOf(date), startOf(date.plusDays(1)));
    }

    public TimeWindow month(YearMonth month) {
        return new TimeWindow(startOf(month.atDay(1)), startOf(month.plusMonths(1).atDay(1)));
    }

    public LocalDate dateOf(long epochSeconds) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSeconds), zone);
    }

    public YearMonth monthOf(long epochSeconds) {
        return YearMonth.from(dateOf(epochSeconds));
    }

    public long startOf(LocalDate date) {
        return date.atStartOfDay(zone).toEpochSecond();
    }

    /**
     * Start of the hour that contains {@code epochSeconds}: the period of an hourly aggregate. In a zone
     * whose offset is not a whole number of hours, hours start at that offset's minute.
     */
    public long hourStart(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atZone(zone).truncatedTo(ChronoUnit.HOURS).toEpochSecond();
    }

    /** Start of the day that contains {@code epochSeconds}. */
    public long dayStart(long epochSeconds) {
        return startOf(dateOf(epochSeconds));
    }

    /** The days of a month, in order. */
    public List<LocalDate> daysOf(YearMonth month) {
        List<LocalDate> days = new ArrayList<>(31);
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }
}
