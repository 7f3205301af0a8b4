package io.skein.connectors.http;

import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.PartitionConfig;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One in-process Kafka broker and one Skein topology for every Kafka-mode HTTP test of the JVM: starting them per
 * test would cost seconds each. Each test points the running topology at its own fresh SQLite database; the HTTP
 * tests run one at a time and wait for their answers, so no command of one test reaches another's database.
 */
final class HttpKafkaEngine {

    private static HttpKafkaEngine shared;

    private final EmbeddedKafkaBroker broker;
    private final SkeinEngine engine;
    private final AtomicReference<SqlEngineBackend> target = new AtomicReference<>();
    private final int grantWindow;

    private HttpKafkaEngine() {
        try {
            Path dir = Files.createTempDirectory("skein-http-kafka");
            broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
            // no timers, as in direct mode (the fixture starts none); lane grants top up every 50 ms
            SkeinTopologyConfig config = SkeinTopologyConfig.defaults(broker.bootstrapServers(), dir.resolve("state"))
                    .withApplicationId("skein-http-test")
                    .withTimers(Duration.ZERO, Duration.ofMillis(50));
            grantWindow = config.grantWindow();
            engine = SkeinEngine.start(config, this::current, PartitionConfig.DEFAULT, Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            broker.close();
        }, "skein-http-kafka-stop"));
    }

    static synchronized HttpKafkaEngine shared() {
        if (shared == null) {
            shared = new HttpKafkaEngine();
        }
        return shared;
    }

    private SqlEngineBackend current() {
        SqlEngineBackend backend = target.get();
        if (backend == null) {
            throw new EngineException(new EngineError.Unavailable("no_backend_under_test"));
        }
        return backend;
    }

    /** The database the topology applies commands to from now on; null between tests. */
    void pointAt(SqlEngineBackend backend) {
        target.set(backend);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Outstanding lane grants the topology keeps per lane and partition. */
    int grantWindow() {
        return grantWindow;
    }

    /** The running topology (partition metadata for the engine queries). */
    SkeinEngine engine() {
        return engine;
    }

    void ensureLane(String lane) {
        engine.ensureLane(lane);
    }
}
