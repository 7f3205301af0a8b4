package io.skein.connectors.cli;

import io.skein.connectors.http.SkeinHttpServer;
import io.skein.core.api.PrepareOutcome;
import io.skein.sql.BackendStartException;
import io.skein.sql.engine.TimerIntervals;
import io.skein.sql.engine.TimerScanner;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code skein serve}: the opened backend, its timers and the HTTP server (spec 03 §4). {@link #stop}
 * drains in the spec's order: stop accepting, {@code shutdownPrepare(grace)}, wait for running requests, close.
 */
public final class ServeSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServeSession.class);

    private final ServeConfig config;
    private final SqliteBackend backend;
    private final TimerScanner timers;
    private final SkeinHttpServer server;
    private boolean stopped;

    private ServeSession(ServeConfig config, SqliteBackend backend, TimerScanner timers, SkeinHttpServer server) {
        this.config = config;
        this.backend = backend;
        this.timers = timers;
        this.server = server;
    }

    /**
     * Opens the store (dev-mode guard, migrations, partition check), seeds the HMAC keystore, starts the timers
     * and binds HTTP.
     *
     * @throws ConfigException exit 1 for any start failure, with the store's own message (it names the variable)
     */
    public static ServeSession start(ServeConfig config) {
        SqliteBackend backend;
        try {
            SqliteOptions options = SqliteOptions.fromEnvironment(config.env(), config.http().partitions());
            backend = SqliteBackend.open(options, new io.skein.sql.engine.HmacSeed(config.hmacKid(),
                    config.hmacSecretHex()));
        } catch (BackendStartException e) {
            throw new ConfigException(ConfigException.INVALID, e.getMessage());
        }
        try {
            PrepareOutcome prepared = backend.prepare();
            LOG.info("SQLite backend ready: {}", prepared);
            TimerScanner timers = backend.startTimers(TimerIntervals.fromEnvironment(config.env()));
            SkeinHttpServer server = SkeinHttpServer.start(backend, config.http());
            return new ServeSession(config, backend, timers, server);
        } catch (RuntimeException e) {
            backend.close();
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException(ConfigException.INVALID, "start failed: " + e.getMessage());
        }
    }

    public int port() {
        return server.port();
    }

    public SkeinHttpServer server() {
        return server;
    }

    /** Drains and closes; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Duration grace = config.http().shutdownGrace();
        LOG.info("shutting down (grace {} ms)", grace.toMillis());
        server.stopAccepting();
        backend.shutdownPrepare(grace);
        timers.stop(grace);
        server.stop();
        backend.close();
        LOG.info("shutdown complete");
    }

    @Override
    public void close() {
        stop();
    }
}
