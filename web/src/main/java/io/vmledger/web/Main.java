package io.vmledger.web;

import io.vmledger.api.settings.SettingsException;
import io.vmledger.web.app.StartupException;
import io.vmledger.web.cli.CliOptions;
import io.vmledger.web.cli.Command;
import io.vmledger.web.cli.Commands;
import io.vmledger.web.cli.HelpCommand;
import io.vmledger.web.cli.UsageException;
import io.vmledger.web.config.BuildInfo;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Entry point of {@code bin/vmledger}: {@code vmledger COMMAND [options]}, or {@code vmledger --version}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure();
        int code = run(args, System.out, System.err);
        if (code != Commands.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /** Runs one command line; returns the exit code, or {@link Commands#KEEP_RUNNING} for a server left running. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("vmledger: no command given");
            err.print(Commands.overview());
            return 2;
        }
        if (args[0].equals("--version")) {
            out.print(BuildInfo.current().describe());
            return 0;
        }
        Optional<Command> command = Commands.find(args[0]);
        if (command.isEmpty()) {
            err.println("vmledger: unknown command '" + args[0] + "'");
            err.print(Commands.overview());
            return 2;
        }
        Command c = command.get();
        if (c.name().equals("help") && args.length == 2 && !args[1].startsWith("-")) {
            return HelpCommand.describe(args[1], out, err);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            CliOptions options = CliOptions.parse(rest, c.valueOptions(), c.flagOptions());
            return c.run(options);
        } catch (UsageException e) {
            err.println("vmledger " + c.name() + ": " + e.getMessage());
            err.print(Commands.usageOf(c));
            return 2;
        } catch (SettingsException | StartupException e) {
            // configuration and start-up errors: one line, status 2 (never 0, never a stack trace)
            err.println("vmledger: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("vmledger " + c.name() + " failed: " + StartupException.describe(e));
            return 1;
        }
    }
}
