package io.skein.connectors.cli;

import io.skein.connectors.client.SkeinClientException;
import io.skein.core.error.EngineException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code skein} command line: {@code dev} and {@code serve} run Skein; the other verbs talk to a running one over
 * its HTTP API. A failure is one line on stderr and a non-zero exit, never a stack trace: 2 for a usage error (an
 * unknown verb or option, input that is not JSON), 1 for anything the server or the network refused.
 */
@Command(name = "skein", mixinStandardHelpOptions = true, versionProvider = SkeinCommand.Version.class,
        subcommands = {DevCommand.class, ServeCommand.class, SubmitCommand.class, ListCommand.class,
            DescribeCommand.class, TailCommand.class, CancelCommand.class, ReplayCommand.class, SignalCommand.class,
            WorkerCommand.class},
        description = "Skein durable-execution engine. `skein dev` runs one locally; `skein <verb> --help` says more.")
public final class SkeinCommand implements Runnable {

    /** Exit code of a usage error (spec 03 §4 step 1 uses it for an unknown subcommand). */
    public static final int USAGE = 2;
    /** Exit code of a refused or failed request. */
    public static final int FAILED = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** {@code skein --version}: the version the runnable jar's manifest records. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SkeinCommand.class.getPackage().getImplementationVersion();
            return new String[] {"skein " + (version == null ? "(not from the runnable jar)" : version)};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: dev, serve, submit, "
                + "list, describe, tail, cancel, replay, signal, worker");
    }

    public static void main(String[] args) {
        System.exit(execute(commandLine(CommandLine.defaultFactory()), args));
    }

    /** The command line, its commands made by {@code factory} (a caller that keeps hold of one passes its own). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new SkeinCommand(), factory);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(prefix(e.getCommandLine()) + e.getMessage());
            err.println("see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            err.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter err = command.getErr();
            err.println(prefix(command) + oneLine(e));
            err.flush();
            return FAILED;
        });
        return cli;
    }

    /** Runs {@code args} on {@code cli}; the exit code. */
    public static int execute(CommandLine cli, String... args) {
        return cli.execute(args);
    }

    private static String prefix(CommandLine command) {
        return command.getCommandSpec().qualifiedName() + ": ";
    }

    /** What a person needs from a failure: the typed message, or the exception's own words. */
    private static String oneLine(Exception e) {
        String message;
        if (e instanceof SkeinClientException || e instanceof EngineException) {
            message = e.getMessage();
        } else {
            message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
