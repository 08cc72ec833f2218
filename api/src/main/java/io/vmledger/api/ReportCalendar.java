package io.vmledger.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Day and month boundaries in the configured report time zone ({@code settings.report_time_zone}). */
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

    /** The days of a month, in order. */
    public List<LocalDate> daysOf(YearMonth month) {
        List<LocalDate> days = new ArrayList<>(31);
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }
}
