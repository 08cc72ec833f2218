package io.vmledger.web.cli;

import java.util.List;
import java.util.Optional;

/** Every subcommand of {@code bin/vmledger}. Add a new command to {@link #ALL}. */
public final class Commands {
    /** Exit code meaning "a server is running; do not exit". */
    public static final int KEEP_RUNNING = -1;

    private static final List<Command> ALL = List.of(
            new ServeCommand(),
            new DemoCommand(),
            new CaptureOnceCommand(),
            new AggregateCommand(),
            new ReportsCommand(),
            new HashTokenCommand(),
            new BackfillVcenterCacheCommand(),
            new MigratePartitionsCommand(),
            new MigrateStoreCommand(),
            new ChaosCommand(),
            new HelpCommand());

    private Commands() {
    }

    public static List<Command> all() {
        return ALL;
    }

    public static Optional<Command> find(String name) {
        return ALL.stream().filter(c -> c.name().equals(name) || c.aliases().contains(name)).findFirst();
    }

    /** The list of commands, for {@code help} and for usage errors. */
    public static String overview() {
        StringBuilder sb = new StringBuilder("usage: bin/vmledger COMMAND [options]\n\ncommands:\n");
        for (Command c : ALL) {
            sb.append(String.format("  %-24s %s%n", c.name(), c.summary()));
        }
        sb.append("""

                benchmarks (from a source checkout, run by the launcher from the benchmarks module):
                  jmh                      the JMH benchmarks: daily and monthly aggregation by every path, hourly
                                           persistence, a 30-day trace, on SQLite and PostgreSQL; prints a summary
                                           with the SQL/Java ratios (jmh -h shows the options; docs/benchmarks.md)
                  benchmark-aggregations   the aggregation benchmarks of jmh alone (alias -benchmark-aggregations)
                  benchmark-capture        persist a 15,000-VM hour on 14 days of history: vm_hourly_stats write and whole pipeline
                  benchmark-vcenter        capture a 10,000-VM vcsim inventory: fetch-and-convert and whole hourly capture
                  benchmark-reports        XLSX reports of 15,000 (daily, hourly) and 16,000 (monthly) VMs in a 256 MB heap
                  benchmark-ui             a running service (--url): UI pages' server and client time, the trace page in Chromium
                  benchmark-load           a running service (--url): API trace and daily summary under 8 clients with wrk

                Every command accepts --config FILE (a YAML file overriding application.yaml).
                'bin/vmledger help COMMAND' shows a command's options.
                'bin/vmledger --version' prints the version, the build commit and the Java runtime.
                """);
        return sb.toString();
    }

    public static String usageOf(Command c) {
        return "usage: bin/vmledger " + c.name() + " [options]\n" + c.usage().stripTrailing() + "\n";
    }

    static final String CONFIG_OPTION = "  --config FILE            YAML settings overriding the defaults (application.yaml)\n";
}
