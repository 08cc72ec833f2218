package io.vmledger.storage.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One option a storage plugin reads under {@code storage.<plugin>.}: its name, type, default and allowed
 * values. A plugin lists its options in {@link StorageProvider#options()}; {@link PluginOptions} checks
 * every given key against that list and parses the values, so no plugin parses text itself. An option
 * marked {@link #secret()} never appears in a log line or an error message.
 *
 * @param <T> the parsed type
 */
public final class PluginOption<T> {
    private static final String MASK = "****";

    private final String name;
    private final String description;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final String expected;
    private final UnaryOperator<String> shown;
    private final boolean secret;

    private PluginOption(String name, String description, T defaultValue, Function<String, T> parser,
                         String expected, UnaryOperator<String> shown, boolean secret) {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("an option name is lower-case letters, digits and underscores: " + name);
        }
        this.name = name;
        this.description = Objects.requireNonNull(description, "description");
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.expected = expected;
        this.shown = shown;
        this.secret = secret;
    }

    /** A text option; {@code defaultValue} may be null (the option is then optional without a value). */
    public static PluginOption<String> text(String name, String defaultValue, String description) {
        return new PluginOption<>(name, description, defaultValue, v -> v, "a text value", UnaryOperator.identity(), false);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static PluginOption<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        if (defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException("default " + defaultValue + " of " + name + " is outside " + min + ".." + max);
        }
        String expected = "an integer from " + min + " to " + max;
        return new PluginOption<>(name, description, defaultValue, v -> {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected);
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(expected);
            }
            return n;
        }, expected, UnaryOperator.identity(), false);
    }

    /** One of an enum's constants, named in lower case. */
    public static <E extends Enum<E>> PluginOption<E> choice(String name, Class<E> type, E defaultValue,
                                                             String description) {
        String allowed = Arrays.stream(type.getEnumConstants()).map(PluginOption::wire)
                .collect(Collectors.joining(", "));
        return new PluginOption<>(name, description, defaultValue, v -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("one of " + allowed);
        }, "one of " + allowed, UnaryOperator.identity(), false);
    }

    /** The same option, never shown: logs and errors print {@value #MASK} instead of its value. */
    public PluginOption<T> secret() {
        return new PluginOption<>(name, description, defaultValue, parser, expected, v -> MASK, true);
    }

    /**
     * The same option, shown through {@code redact} in logs and errors (for example a URL without its
     * query string, which may carry credentials).
     */
    public PluginOption<T> shownAs(UnaryOperator<String> redact) {
        return new PluginOption<>(name, description, defaultValue, parser, expected, Objects.requireNonNull(redact),
                secret);
    }

    /** A redaction for URLs: everything from the first {@code ?} on is left out. */
    public static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?" + MASK;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The value when the option is not given; null when it has none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** What a value must look like, for help texts. */
    public String expected() {
        return expected;
    }

    /** Whether the option's value is never shown. */
    public boolean isSecret() {
        return secret;
    }

    /** The text of a value as logs and errors may show it. */
    public String show(String raw) {
        return raw == null ? "" : shown.apply(raw);
    }

    /** Parses a trimmed, non-blank value; a bad value throws {@link IllegalArgumentException} saying what is allowed. */
    T parse(String raw) {
        return parser.apply(raw);
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name;
    }
}
