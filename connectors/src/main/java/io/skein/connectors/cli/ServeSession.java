package io.skein.connectors.cli;

import io.skein.connectors.client.KafkaEngineClient;
import io.skein.connectors.http.SkeinHttpServer;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.PrepareOutcome;
import io.skein.core.id.LaneId;
import io.skein.sql.BackendStartException;
import io.skein.sql.engine.HmacSeed;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.engine.TimerIntervals;
import io.skein.sql.engine.TimerScanner;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.topology.SkeinEngine;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code skein serve} (spec 03 §4): the opened SQL backend and, in direct mode, its timers and the HTTP
 * server over it; in Kafka mode the topology over that backend and the HTTP server over a {@link KafkaEngineClient}
 * (mutations as commands, reads from SQL; the topology runs the timers). {@link #stop} drains in the spec's order:
 * stop accepting and wait (up to the grace) for the requests already running, {@code shutdownPrepare} with what is
 * left of the grace (it ends the tails still waiting), then close the client, the topology and the store.
 */
public final class ServeSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServeSession.class);
    /** A fresh cluster creates topics and the transaction state log first; a loaded 2-core box needs a while. */
    private static final Duration TOPOLOGY_START_DEADLINE = Duration.ofSeconds(60);

    private final ServeConfig config;
    private final SqlEngineBackend store;
    private final TimerScanner timers;
    private final SkeinEngine engine;
    private final KafkaEngineClient.Connected client;
    private final SkeinHttpServer server;
    private boolean stopped;

    private ServeSession(ServeConfig config, SqlEngineBackend store, TimerScanner timers, SkeinEngine engine,
                         KafkaEngineClient.Connected client, SkeinHttpServer server) {
        this.config = config;
        this.store = store;
        this.timers = timers;
        this.engine = engine;
        this.client = client;
        this.server = server;
    }

    /**
     * Opens the store (dev-mode guard, migrations, partition check, HMAC seeding); in Kafka mode starts the topology
     * (topics, RUNNING) and creates each {@code FF_LANES} dispatch topic, in direct mode starts the timers; binds
     * HTTP.
     *
     * @throws ConfigException exit 1 for any start failure, with the cause's own message (it names the variable)
     */
    public static ServeSession start(ServeConfig config) {
        SqlEngineBackend store = open(config);
        SkeinEngine engine = null;
        KafkaEngineClient.Connected client = null;
        try {
            PrepareOutcome prepared = store.prepare();
            LOG.info("{} backend ready: {}", config.backend(), prepared);
            TimerScanner timers = null;
            EngineBackend served = store.figures().counting(store);
            if (config.kafkaMode()) {
                engine = SkeinEngine.start(config.kafka(), () -> store, config.http().partitions(),
                        TOPOLOGY_START_DEADLINE);
                for (LaneId lane : config.lanes()) {
                    engine.ensureLane(lane.value());
                }
                client = KafkaEngineClient.connect(config.kafka().bootstrapServers(), config.kafka().topics(), store,
                        config.claimWait(), engine::ensureLane);
                served = client.backend();
                LOG.info("topology running against {} (application {})", config.kafka().bootstrapServers(),
                        config.kafka().applicationId());
            } else {
                timers = store.startTimers(TimerIntervals.fromEnvironment(config.env()));
            }
            SkeinHttpServer server = SkeinHttpServer.start(served, config.http());
            server.bindEngine(store, engine);
            return new ServeSession(config, store, timers, engine, client, server);
        } catch (RuntimeException e) {
            closeQuietly(client);
            closeQuietly(engine);
            closeStore(store);
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException(ConfigException.INVALID, "start failed: " + e.getMessage());
        }
    }

    private static SqlEngineBackend open(ServeConfig config) {
        HmacSeed seed = new HmacSeed(config.hmacKid(), config.hmacSecretHex());
        try {
            if (config.postgres() != null) {
                return PostgresBackend.open(config.postgres(), seed);
            }
            return SqliteBackend.open(SqliteOptions.fromEnvironment(config.env(), config.http().partitions()), seed);
        } catch (BackendStartException e) {
            throw new ConfigException(ConfigException.INVALID, e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException(ConfigException.INVALID, config.backend() + " backend did not open: "
                    + e.getMessage());
        }
    }

    /** Both SQL backends own pools and files; the engine base class does not declare their close. */
    private static void closeStore(SqlEngineBackend store) {
        if (store instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // the start failure is the one worth reporting
            LOG.warn("while undoing a failed start: {}", e.toString());
        }
    }

    public int port() {
        return server.port();
    }

    public SkeinHttpServer server() {
        return server;
    }

    public ServeConfig config() {
        return config;
    }

    /** Drains and closes; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Duration grace = config.http().shutdownGrace();
        LOG.info("shutting down (grace {} ms)", grace.toMillis());
        long deadline = System.nanoTime() + grace.toNanos();
        // requests accepted before the signal finish against a backend that still serves them; only new ones are
        // refused (503); those still running when the grace is out are cut off by what follows
        server.drain(grace);
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        store.shutdownPrepare(left);
        if (timers != null) {
            timers.stop(left);
        }
        server.stop();
        // Requests are done: no call waits on a reply any more, so the client, then the topology (final commit),
        // then the store it writes to.
        closeQuietly(client);
        closeQuietly(engine);
        closeStore(store);
        LOG.info("shutdown complete");
    }

    @Override
    public void close() {
        stop();
    }
}
