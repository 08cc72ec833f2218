package io.vmledger.storage.spi;

import io.vmledger.api.settings.SettingsException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checked options of one storage plugin: the keys under {@code storage.<plugin>.}, each one of the
 * plugin's declared {@link PluginOption}s, parsed. This is the only place plugin options are read: an
 * unknown key fails naming the allowed ones, a bad value fails naming the full key and what is allowed,
 * and {@link #toString()} (what logs print) masks the secret ones.
 */
public final class PluginOptions {
    private final String prefix;
    private final Map<String, PluginOption<?>> declared;
    private final Map<String, String> given;
    private final Map<String, Object> values;

    private PluginOptions(String prefix, Map<String, PluginOption<?>> declared, Map<String, String> given,
                          Map<String, Object> values) {
        this.prefix = prefix;
        this.declared = declared;
        this.given = given;
        this.values = values;
    }

    /**
     * Checks and parses {@code raw}, the options given to plugin {@code plugin} (keys without the
     * {@code storage.<plugin>.} prefix). Blank values count as not given.
     *
     * @throws SettingsException naming the full key, for an unknown key or a bad value
     */
    public static PluginOptions parse(String plugin, List<PluginOption<?>> options, Map<String, String> raw) {
        String prefix = "storage." + plugin + ".";
        Map<String, PluginOption<?>> declared = new LinkedHashMap<>();
        for (PluginOption<?> o : options) {
            if (declared.put(o.name(), o) != null) {
                throw new IllegalArgumentException("option " + prefix + o.name() + " is declared twice");
            }
        }
        Map<String, String> given = new LinkedHashMap<>();
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(raw).entrySet()) {
            PluginOption<?> o = declared.get(e.getKey());
            if (o == null) {
                throw new SettingsException(prefix + e.getKey(), "(not shown)", "unknown option; allowed: "
                        + declared.keySet().stream().map(k -> prefix + k).collect(Collectors.joining(", ")));
            }
            String v = e.getValue() == null ? "" : e.getValue().trim();
            if (v.isEmpty()) {
                continue;
            }
            try {
                values.put(o.name(), o.parse(v));
            } catch (IllegalArgumentException bad) {
                throw new SettingsException(prefix + o.name(), o.show(v), "expected " + bad.getMessage());
            }
            given.put(o.name(), v);
        }
        return new PluginOptions(prefix, Collections.unmodifiableMap(declared), Collections.unmodifiableMap(given),
                values);
    }

    /** No options given: every option at its default. */
    public static PluginOptions defaults(String plugin, List<PluginOption<?>> options) {
        return parse(plugin, options, Map.of());
    }

    /** The option's value, or its default. */
    @SuppressWarnings("unchecked")
    public <T> T get(PluginOption<T> option) {
        check(option);
        Object v = values.get(option.name());
        return v != null ? (T) v : option.defaultValue();
    }

    /** The option's value when given or defaulted; empty for an option without a default that was not given. */
    public <T> Optional<T> find(PluginOption<T> option) {
        return Optional.ofNullable(get(option));
    }

    /** Whether the option was given (not defaulted). */
    public boolean isSet(PluginOption<?> option) {
        check(option);
        return given.containsKey(option.name());
    }

    /** The full key of an option, e.g. {@code storage.postgres.url}, for messages. */
    public String key(PluginOption<?> option) {
        return prefix + option.name();
    }

    /** A failure of one option that parsing alone cannot find (for example two options that exclude each other). */
    public SettingsException invalid(PluginOption<?> option, String allowed) {
        return new SettingsException(key(option), option.show(given.get(option.name())), allowed);
    }

    private void check(PluginOption<?> option) {
        if (declared.get(Objects.requireNonNull(option).name()) != option) {
            throw new IllegalArgumentException(option.name() + " is not an option of " + prefix + "*");
        }
    }

    /** The given options as {@code key=value}, the secret ones masked: what logs may print. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        given.forEach((k, v) -> parts.add(k + "=" + declared.get(k).show(v)));
        return prefix + "{" + String.join(", ", parts) + "}";
    }
}
