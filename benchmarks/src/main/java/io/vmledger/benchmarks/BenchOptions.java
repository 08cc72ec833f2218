package io.vmledger.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one options parser of the end-to-end benchmark commands ({@code benchmark-capture},
 * {@code benchmark-reports}, {@code benchmark-ui}, {@code benchmark-load}, {@code benchmark-vcenter}): each declares its options
 * once (name, kind, default, range, help), and gets {@code --name value} and {@code --name=value}, checked
 * values, {@code --help} with a usage text written from the declarations, exit status 2 with the reason and
 * the usage for a bad command line, and {@code --verbose} (the log's INFO lines, which are hidden otherwise).
 */
public final class BenchOptions {
    private final Map<String, Object> values;
    private final Map<String, String> pairs;

    private BenchOptions(Map<String, Object> values, Map<String, String> pairs) {
        this.values = values;
        this.pairs = pairs;
    }

    /** A command's declaration of its options. */
    public static final class Spec {
        private final String command;
        private final String synopsis;
        private final String description;
        private final Map<String, Option> options = new LinkedHashMap<>();

        /**
         * @param command     the command's name, e.g. {@code benchmark-capture}
         * @param synopsis    what follows the name in the usage line, e.g. {@code [options]}
         * @param description lines printed after the options, or empty
         */
        public Spec(String command, String synopsis, String description) {
            this.command = command;
            this.synopsis = synopsis;
            this.description = description;
        }

        public Spec flag(String name, String help) {
            return add(new Option(name, Kind.FLAG, false, 0, 0, help, null));
        }

        public Spec integer(String name, int value, int min, int max, String help) {
            return add(new Option(name, Kind.INTEGER, value, min, max, help, "N"));
        }

        public Spec longValue(String name, long value, String help) {
            return add(new Option(name, Kind.LONG, value, 0, 0, help, "N"));
        }

        /** A text option; a null default makes it required. */
        public Spec text(String name, String value, String placeholder, String help) {
            return add(new Option(name, Kind.TEXT, value, 0, 0, help, placeholder));
        }

        public Spec bool(String name, boolean value, String help) {
            return add(new Option(name, Kind.BOOLEAN, value, 0, 0, help, "BOOL"));
        }

        public Spec path(String name, Path value, String help) {
            return add(new Option(name, Kind.PATH, value, 0, 0, help, "DIR"));
        }

        /** A repeatable {@code --name KEY=VALUE}. */
        public Spec pairs(String name, String help) {
            return add(new Option(name, Kind.PAIRS, null, 0, 0, help, "K=V"));
        }

        private Spec add(Option o) {
            if (options.putIfAbsent(o.name, o) != null || COMMON.stream().anyMatch(c -> c.name.equals(o.name))) {
                throw new IllegalArgumentException("option --" + o.name + " is declared twice");
            }
            return this;
        }

        /** The command's options, then those every command has. */
        private List<Option> all() {
            List<Option> all = new ArrayList<>(options.values());
            all.addAll(COMMON);
            return all;
        }

        private Option named(String name) {
            return all().stream().filter(o -> o.name.equals(name)).findFirst().orElse(null);
        }

        /** The usage text, written from the declarations. */
        public String usage() {
            StringBuilder sb = new StringBuilder("usage: bin/vmledger " + command + " " + synopsis + "\n");
            for (Option o : all()) {
                String left = "--" + o.name + (o.placeholder == null ? "" : " " + o.placeholder);
                String dflt = o.kind == Kind.FLAG || o.kind == Kind.PAIRS ? ""
                        : o.value == null ? " (required)" : " (default " + o.value + ")";
                sb.append(String.format(Locale.ROOT, "  %-22s %s%s%n", left, o.help, dflt));
            }
            if (!description.isEmpty()) {
                sb.append(description.stripTrailing()).append('\n');
            }
            return sb.toString();
        }

        /**
         * Parses {@code args}.
         *
         * @throws IllegalArgumentException naming the option at fault and what it takes
         */
        public BenchOptions parse(String[] args) {
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, String> pairs = new LinkedHashMap<>();
            all().forEach(o -> values.put(o.name, o.value));
            List<String> a = new ArrayList<>(Arrays.asList(args));
            for (int i = 0; i < a.size(); i++) {
                String arg = a.get(i);
                String inline = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    inline = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                Option o = arg.startsWith("--") ? named(arg.substring(2)) : arg.equals("-h") ? named("help") : null;
                if (o == null) {
                    throw new IllegalArgumentException("unknown option '" + a.get(i) + "'");
                }
                if (o.kind == Kind.FLAG) {
                    if (inline != null) {
                        throw new IllegalArgumentException("--" + o.name + " takes no value, got '" + a.get(i) + "'");
                    }
                    values.put(o.name, true);
                    continue;
                }
                String v = inline;
                if (v == null) {
                    if (++i >= a.size()) {
                        throw new IllegalArgumentException("--" + o.name + " needs a value");
                    }
                    v = a.get(i);
                }
                if (o.kind == Kind.PAIRS) {
                    int e = v.indexOf('=');
                    if (e <= 0) {
                        throw new IllegalArgumentException("--" + o.name + " expects KEY=VALUE, got '" + v + "'");
                    }
                    pairs.put(v.substring(0, e), v.substring(e + 1));
                } else {
                    values.put(o.name, o.convert(v));
                }
            }
            if (!Boolean.TRUE.equals(values.get("help"))) {
                for (Option o : options.values()) {
                    if (o.kind == Kind.TEXT && values.get(o.name) == null) {
                        throw new IllegalArgumentException("--" + o.name + " is required");
                    }
                }
            }
            return new BenchOptions(values, pairs);
        }

        /**
         * The command's {@code main}: parses, prints the usage for {@code --help} (0) or with the reason for a
         * bad command line (2), hides the log's INFO lines unless {@code --verbose}, then runs {@code body}
         * and returns its exit status.
         */
        public int run(String[] args, PrintStream out, PrintStream err, Function<BenchOptions, Integer> body) {
            BenchOptions o;
            try {
                o = parse(args);
            } catch (IllegalArgumentException e) {
                err.println(command + ": " + e.getMessage());
                err.println();
                err.print(usage());
                return 2;
            }
            if (o.flag("help")) {
                out.print(usage());
                return 0;
            }
            Level level = o.flag("verbose") ? Level.INFO : Level.WARNING;
            Logger root = Logger.getLogger("");
            root.setLevel(level);
            for (var h : root.getHandlers()) {
                h.setLevel(level);
            }
            return body.apply(o);
        }
    }

    private enum Kind { FLAG, INTEGER, LONG, TEXT, BOOLEAN, PATH, PAIRS }

    /** The options of every command. */
    private static final List<Option> COMMON = List.of(
            new Option("verbose", Kind.FLAG, false, 0, 0, "keep the log's INFO lines", null),
            new Option("help", Kind.FLAG, false, 0, 0, "this text", null));

    private record Option(String name, Kind kind, Object value, int min, int max, String help, String placeholder) {
        Object convert(String v) {
            return switch (kind) {
                case INTEGER -> {
                    try {
                        int n = Integer.parseInt(v.trim());
                        if (n >= min && n <= max) {
                            yield n;
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw new IllegalArgumentException("--" + name + " expects an integer from " + min + " to " + max
                            + ", got '" + v + "'");
                }
                case LONG -> {
                    try {
                        yield Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--" + name + " expects an integer, got '" + v + "'");
                    }
                }
                case BOOLEAN -> switch (v.trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("--" + name + " expects true or false, got '" + v + "'");
                };
                case PATH -> Path.of(v);
                case TEXT -> v;
                default -> throw new IllegalStateException(kind.name());
            };
        }
    }

    /** The load averages of {@code /proc/loadavg} (1, 5, 15 minutes), for the figures' record. */
    public static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return String.format(Locale.ROOT, "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    public boolean flag(String name) {
        return Boolean.TRUE.equals(get(name));
    }

    public int integer(String name) {
        return (Integer) get(name);
    }

    public long longValue(String name) {
        return (Long) get(name);
    }

    public String text(String name) {
        return (String) get(name);
    }

    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    public Path path(String name) {
        return (Path) get(name);
    }

    /** The {@code KEY=VALUE} pairs of the repeatable option. */
    public Map<String, String> pairs() {
        return Map.copyOf(pairs);
    }

    private Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("no option --" + name + " is declared");
        }
        return values.get(name);
    }
}
