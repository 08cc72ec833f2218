package io.vmledger.web.cli;

import java.util.List;
import java.util.Set;

/** One subcommand of {@code bin/vmledger}. */
public interface Command {

    /** The subcommand name, e.g. {@code serve}. */
    String name();

    /** Other names it answers to, e.g. the original's {@code -benchmark-aggregations} flag. */
    default List<String> aliases() {
        return List.of();
    }

    /** One line for {@code help}. */
    String summary();

    /** Options and their meaning, one per line, for {@code help COMMAND} and usage errors. */
    String usage();

    /** Options that take a value; every command accepts {@code config}. */
    default Set<String> valueOptions() {
        return Set.of("config");
    }

    /** Options without a value. */
    default Set<String> flagOptions() {
        return Set.of();
    }

    /** Runs the command; returns the process exit code. */
    int run(CliOptions options) throws Exception;
}
