package io.skein.connectors.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skein dev}: the embedded default — a Kafka broker, SQLite, the topology and the HTTP server in one process,
 * with their data in one folder kept across restarts ({@link DevSession}). Serves until SIGTERM or SIGINT, then
 * drains; exit 0 after a drain, 1 when the start fails.
 */
@Command(name = "dev", mixinStandardHelpOptions = true, modelTransformer = EnvOptions.class,
        abbreviateSynopsis = true,
        description = "Run Skein locally: embedded Kafka broker, SQLite, topology and HTTP API in one process.")
public final class DevCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = ".skein",
            description = "Folder for the broker's log, the SQLite file and the topology's state, kept across "
                    + "restarts (default: ${DEFAULT-VALUE} in the working directory).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "HTTP bind address (default: ${DEFAULT-VALUE}; 0.0.0.0 serves other machines too).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092",
            description = "Port of the embedded Kafka broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    private final Function<String, String> env;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public DevCommand() {
        this(System::getenv);
    }

    public DevCommand(Function<String, String> env) {
        this.env = env;
    }

    /** Asks a running dev session to drain and return (what SIGTERM does). */
    public void requestStop() {
        stopRequested.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        DevSession session;
        try {
            session = DevSession.start(dataDir, host, port, kafkaPort, EnvOptions.environment(spec, env));
        } catch (ConfigException e) {
            // one line on the command's stderr (spec 03 §4: the message names the variable)
            java.io.PrintWriter err = spec == null ? new java.io.PrintWriter(System.err, true)
                    : spec.commandLine().getErr();
            err.println("skein dev: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        Foreground.runUntilStopped(stopRequested, session::stop);
        return 0;
    }
}
