package io.vmledger.web.http;

import io.helidon.common.parameters.Parameters;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;

/** Typed, validated access to query parameters; every failure is a {@link BadRequestException} naming the parameter. */
public final class QueryParams {
    /** Longest value accepted for any parameter. */
    public static final int MAX_LENGTH = 256;

    private final Parameters query;
    private final ZoneId zone;

    public QueryParams(Parameters query, ZoneId zone) {
        this.query = query;
        this.zone = zone;
    }

    public Optional<String> string(String name) {
        if (!query.contains(name)) {
            return Optional.empty();
        }
        String v = query.first(name).orElse("");
        if (v.length() > MAX_LENGTH) {
            throw new BadRequestException(name, "parameter '" + name + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (hasControlCharacter(v)) {
            // refused wherever they are, the ends included (trim() would drop them there silently)
            throw new BadRequestException(name, "parameter '" + name + "' must not contain control characters");
        }
        if (v.isBlank()) {
            throw new BadRequestException(name, "parameter '" + name + "' is empty; omit it or give a value");
        }
        return Optional.of(v.trim());
    }

    /** Whether {@code s} holds a control character (U+0000 to U+001F, U+007F to U+009F), tab and line breaks included. */
    public static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return string(name).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new BadRequestException(name, "parameter '" + name + "' must be an integer from " + min
                        + " to " + max + ", got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public long offset(String name) {
        return string(name).map(v -> {
            try {
                long n = Long.parseLong(v);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new BadRequestException(name, "parameter '" + name + "' must be a non-negative integer, got '" + v + "'");
            }
        }).orElse(0L);
    }

    /** An enum-like value parsed by {@code parser}, whose exception message lists the allowed values. */
    public <T> Optional<T> choice(String name, Function<String, T> parser) {
        return string(name).map(v -> {
            try {
                return parser.apply(v);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(name, "parameter '" + name + "': " + e.getMessage());
            }
        });
    }

    /**
     * A time as epoch seconds from epoch seconds, an ISO-8601 instant or offset date-time, a local
     * date-time or a date (both read in the report time zone).
     */
    public Optional<Long> time(String name) {
        return string(name).map(v -> parseTime(name, v, zone));
    }

    public static long parseTime(String name, String v, ZoneId zone) {
        if (v.matches("-?\\d{1,12}")) {
            return Long.parseLong(v);
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(zone).toEpochSecond();
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(v).toEpochSecond();
            }
            return LocalDateTime.parse(v).atZone(zone).toEpochSecond();
        } catch (DateTimeException e) {
            throw new BadRequestException(name, "parameter '" + name + "' must be epoch seconds or an ISO-8601 "
                    + "date or date-time (e.g. 2026-11-27 or 2026-11-27T10:00:00Z), got '" + v + "'");
        }
    }

    public static String iso(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
