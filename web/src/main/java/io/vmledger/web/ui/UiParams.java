package io.vmledger.web.ui;

import io.helidon.common.parameters.Parameters;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.QueryParams;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The query parameters of a page, as HTML forms send them: an empty field means "not given" (forms
 * submit every field), unknown names are ignored (a bookmark from an older version still opens), and a
 * bad value is a 400 page naming the field.
 */
final class UiParams {
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]+");

    private final Parameters query;
    private final QueryParams checked;

    UiParams(Parameters query, ZoneId zone) {
        this.query = query;
        this.checked = new QueryParams(query, zone);
    }

    private boolean given(String name) {
        return query.contains(name) && !query.first(name).orElse("").isBlank();
    }

    /** Printable text of at most {@link QueryParams#MAX_LENGTH} characters, trimmed. */
    Optional<String> text(String name) {
        if (!given(name)) {
            return Optional.empty();
        }
        String v = checked.string(name).orElseThrow();
        if (!PRINTABLE.matcher(v).matches()) {
            throw new BadRequestException(name, "'" + name + "' must not contain control characters");
        }
        return Optional.of(v);
    }

    /** The 1-based page number, 1 when absent. */
    int page() {
        return given("page") ? checked.integer("page", 1, 1, 1_000_000) : 1;
    }

    <T> Optional<T> choice(String name, Function<String, T> parser) {
        return given(name) ? checked.choice(name, parser) : Optional.empty();
    }

    /** A {@code YYYY-MM-DD} date (an {@code <input type=date>}). */
    Optional<LocalDate> date(String name) {
        return text(name).map(v -> {
            try {
                return LocalDate.parse(v);
            } catch (DateTimeException e) {
                throw new BadRequestException(name, "'" + name + "' must be a date as YYYY-MM-DD, got '" + v + "'");
            }
        });
    }

    static LocalDate day(String raw) {
        try {
            if (raw != null && raw.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(raw);
            }
        } catch (DateTimeException e) {
            // falls through to the 404
        }
        throw UiException.notFound("'" + abbreviate(raw) + "' is not a day; days are written YYYY-MM-DD.");
    }

    static YearMonth month(String raw) {
        try {
            if (raw != null && raw.matches("\\d{4}-\\d{2}")) {
                return YearMonth.parse(raw);
            }
        } catch (DateTimeException e) {
            // falls through to the 404
        }
        throw UiException.notFound("'" + abbreviate(raw) + "' is not a month; months are written YYYY-MM.");
    }

    static String abbreviate(String s) {
        String v = String.valueOf(s);
        return v.length() <= 64 ? v : v.substring(0, 64) + "...";
    }
}
