package io.vmledger.reports;

import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which report: its kind and period. The file name is the compatibility table's name plus
 * {@code .xlsx}; it is computed here from numbers and dates only, and {@link #parse} accepts nothing
 * else, so a name taken from a request can never point outside the reports directory.
 */
public sealed interface ReportId extends Comparable<ReportId> {
    String EXTENSION = ".xlsx";
    /** Every valid report file name matches this; nothing else does. */
    Pattern NAME = Pattern.compile("inventory_(?:hourly_(\\d{1,12})|daily_summary_(\\d{8})|monthly_summary_(\\d{6}))\\.xlsx");

    ReportKind kind();

    /** The stable file name, e.g. {@code inventory_daily_summary_20261127.xlsx}. */
    String fileName();

    /** The table-style name without extension, e.g. {@code inventory_daily_summary_20261127}. */
    default String tableName() {
        String f = fileName();
        return f.substring(0, f.length() - EXTENSION.length());
    }

    /** The period the report covers, in epoch seconds: one instant for an hourly snapshot, else the day or month. */
    TimeWindow window(ReportCalendar calendar);

    /** The hourly snapshot at {@code snapshotTime} (epoch seconds), every vCenter. */
    static ReportId hourly(long snapshotTime) {
        return new Hourly(snapshotTime);
    }

    static ReportId daily(LocalDate day) {
        return new Daily(day);
    }

    static ReportId monthly(YearMonth month) {
        return new Monthly(month);
    }

    /** The report a file name stands for, or empty when the name is not exactly a report name. */
    static Optional<ReportId> parse(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            if (m.group(1) != null) {
                return Optional.of(new Hourly(Long.parseLong(m.group(1))));
            }
            if (m.group(2) != null) {
                return Optional.of(new Daily(LocalDate.parse(m.group(2), Hourly.DAY)));
            }
            return Optional.of(new Monthly(YearMonth.parse(m.group(3), Hourly.MONTH)));
        } catch (DateTimeException e) {
            return Optional.empty(); // 20261399 has the right shape but is no date
        }
    }

    /** Hourly reports first, then daily, then monthly; within a kind by period. */
    @Override
    default int compareTo(ReportId o) {
        int k = kind().compareTo(o.kind());
        return k != 0 ? k : Long.compare(sortKey(), o.sortKey());
    }

    /** Orders reports of one kind by period. */
    long sortKey();

    /** One hourly snapshot, every vCenter. */
    record Hourly(long snapshotTime) implements ReportId {
        static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");
        static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuuMM");

        public Hourly {
            if (snapshotTime < 0) {
                throw new IllegalArgumentException("snapshot time must not be negative: " + snapshotTime);
            }
        }

        @Override
        public ReportKind kind() {
            return ReportKind.HOURLY;
        }

        @Override
        public String fileName() {
            return "inventory_hourly_" + snapshotTime + EXTENSION;
        }

        @Override
        public TimeWindow window(ReportCalendar calendar) {
            return new TimeWindow(snapshotTime, snapshotTime + 1);
        }

        @Override
        public long sortKey() {
            return snapshotTime;
        }
    }

    /** One day's summary. */
    record Daily(LocalDate day) implements ReportId {
        public Daily {
            Objects.requireNonNull(day, "day");
            if (day.getYear() < 1000 || day.getYear() > 9999) {
                throw new IllegalArgumentException("day out of range: " + day);
            }
        }

        @Override
        public ReportKind kind() {
            return ReportKind.DAILY;
        }

        @Override
        public String fileName() {
            return "inventory_daily_summary_" + Hourly.DAY.format(day) + EXTENSION;
        }

        @Override
        public TimeWindow window(ReportCalendar calendar) {
            return calendar.day(day);
        }

        @Override
        public long sortKey() {
            return day.toEpochDay();
        }
    }

    /** One month's summary. */
    record Monthly(YearMonth month) implements ReportId {
        public Monthly {
            Objects.requireNonNull(month, "month");
            if (month.getYear() < 1000 || month.getYear() > 9999) {
                throw new IllegalArgumentException("month out of range: " + month);
            }
        }

        @Override
        public ReportKind kind() {
            return ReportKind.MONTHLY;
        }

        @Override
        public String fileName() {
            return "inventory_monthly_summary_" + Hourly.MONTH.format(month) + EXTENSION;
        }

        @Override
        public TimeWindow window(ReportCalendar calendar) {
            return calendar.month(month);
        }

        @Override
        public long sortKey() {
            return month.getYear() * 12L + month.getMonthValue();
        }
    }
}
