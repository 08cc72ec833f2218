package io.vmledger.web.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed {@code --name value} and {@code --flag} options of one command. Options a command does
 * not declare are an error, so a typo never goes unnoticed.
 */
public final class CliOptions {
    private final Map<String, String> values;

    private CliOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code args}.
     *
     * @param withValue options that take a value ({@code --config FILE}); {@code --name=value} works too
     * @param flags     options without a value
     */
    public static CliOptions parse(List<String> args, Set<String> withValue, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(args);
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (!a.startsWith("-")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.replaceFirst("^--?", "");
            String inline = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (withValue.contains(name)) {
                String v = inline;
                if (v == null) {
                    if (i + 1 >= rest.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    v = rest.get(++i);
                }
                if (values.put(name, v) != null) {
                    throw new UsageException("option --" + name + " is given twice");
                }
            } else if (flags.contains(name) && inline == null) {
                values.put(name, "true");
            } else {
                throw new UsageException("unknown option '" + a + "'");
            }
        }
        return new CliOptions(values);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public Optional<Path> configFile() {
        return value("config").map(Path::of);
    }

    public int intValue(String name, int defaultValue, int min, int max) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("option --" + name + " must be an integer from " + min + " to " + max
                + ", got '" + v.get() + "'");
    }
}
