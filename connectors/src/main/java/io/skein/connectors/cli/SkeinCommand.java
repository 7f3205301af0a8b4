package io.skein.connectors.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code skein} command line: {@code skein dev}, {@code skein serve}. */
@Command(name = "skein", mixinStandardHelpOptions = true, subcommands = {DevCommand.class, ServeCommand.class},
        description = "Skein durable-execution engine.")
public final class SkeinCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (dev, serve)");
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SkeinCommand());
        // An unknown subcommand or option is a configuration error: exit 2 (spec 03 §4 step 1).
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
