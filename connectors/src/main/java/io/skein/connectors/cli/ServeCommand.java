package io.skein.connectors.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code skein serve}: reads the configuration from the environment, opens the backend and serves HTTP until
 * SIGTERM or SIGINT, then drains (spec 03 §4). Exit 0 after a drain, 1 on invalid configuration or a failed start,
 * 2 for an unsupported backend.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, modelTransformer = EnvOptions.class,
        abbreviateSynopsis = true,
        description = {"Serve the Skein HTTP API over the configured backend.",
                "Every setting is an FF_* variable or the option of the same name below; an option given wins."})
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private final Function<String, String> env;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public ServeCommand() {
        this(System::getenv);
    }

    public ServeCommand(Function<String, String> env) {
        this.env = env;
    }

    /** Asks a running serve to drain and return (what SIGTERM does). */
    public void requestStop() {
        stopRequested.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        ServeConfig config;
        ServeSession session;
        try {
            config = ServeConfig.fromEnvironment(EnvOptions.environment(spec, env));
            LOG.info("starting with {}", config);
            session = ServeSession.start(config);
        } catch (ConfigException e) {
            // one line on the command's stderr (spec 03 §4: the message names the variable)
            java.io.PrintWriter err = spec == null ? new java.io.PrintWriter(System.err, true)
                    : spec.commandLine().getErr();
            err.println("skein serve: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        Foreground.runUntilStopped(stopRequested, session::stop);
        return 0;
    }
}
