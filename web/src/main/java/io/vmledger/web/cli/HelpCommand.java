package io.vmledger.web.cli;

import java.io.PrintStream;

/** {@code help [COMMAND]}: lists the commands, or one command's options. */
public final class HelpCommand implements Command {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String summary() {
        return "list the commands, or show one command's options: help COMMAND";
    }

    @Override
    public String usage() {
        return "  COMMAND                  the command to describe\n" + Commands.CONFIG_OPTION;
    }

    @Override
    public int run(CliOptions options) {
        System.out.print(Commands.overview());
        return 0;
    }

    /** {@code help COMMAND}, parsed before options since its argument is positional. */
    public static int describe(String name, PrintStream out, PrintStream err) {
        return Commands.find(name).map(c -> {
            out.println(c.name() + ": " + c.summary());
            out.print(Commands.usageOf(c));
            return 0;
        }).orElseGet(() -> {
            err.println("vmledger help: unknown command '" + name + "'");
            err.print(Commands.overview());
            return 2;
        });
    }
}
