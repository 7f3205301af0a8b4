package io.skein.connectors.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code skein serve}: reads the configuration from the environment, opens the backend and serves HTTP until
 * SIGTERM or SIGINT, then drains (spec 03 §4). Exit 0 after a drain, 1 on invalid configuration or a failed start,
 * 2 for an unsupported backend.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the Skein HTTP API over the configured backend (configuration from FF_* variables).")
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private final Function<String, String> env;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

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
            config = ServeConfig.fromEnvironment(env);
            LOG.info("starting with {}", config);
            session = ServeSession.start(config);
        } catch (ConfigException e) {
            LOG.error(e.getMessage());
            System.err.println("skein serve: " + e.getMessage());
            return e.exitCode();
        }
        Foreground.runUntilStopped(stopRequested, session::stop);
        return 0;
    }
}
