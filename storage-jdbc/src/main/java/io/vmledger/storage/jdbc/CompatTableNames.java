package io.vmledger.storage.jdbc;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the compatibility tables. They are built only from numbers and dates parsed by code,
 * never from user text, so they are safe to splice into SQL.
 */
public final class CompatTableNames {
    public static final String HOURLY_PREFIX = "inventory_hourly_";
    public static final String DAILY_PREFIX = "inventory_daily_summary_";
    public static final String MONTHLY_PREFIX = "inventory_monthly_summary_";

    private static final Pattern HOURLY = Pattern.compile("inventory_hourly_(\\d{1,12})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private CompatTableNames() {
    }

    /** {@code inventory_hourly_<T>} for snapshot time T (epoch seconds). */
    public static String hourly(long snapshotTime) {
        if (snapshotTime < 0) {
            throw new IllegalArgumentException("snapshot time must not be negative: " + snapshotTime);
        }
        return HOURLY_PREFIX + snapshotTime;
    }

    /** {@code inventory_daily_summary_YYYYMMDD}. */
    public static String dailySummary(LocalDate day) {
        return DAILY_PREFIX + DAY.format(day);
    }

    /** {@code inventory_monthly_summary_YYYYMM}. */
    public static String monthlySummary(YearMonth month) {
        return MONTHLY_PREFIX + MONTH.format(month);
    }

    /** The snapshot time of an hourly table name, if it is one. */
    public static OptionalLong hourlyTime(String tableName) {
        Matcher m = HOURLY.matcher(tableName);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
