package io.skein.conformance;

import io.skein.connectors.kafka.EmbeddedKafkaBroker;
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
 * One real Kafka broker (in-process KRaft) and one Skein topology for the whole test JVM: starting them per test
 * would cost seconds each. Each Kafka-mode test points the running topology at its own fresh SQL backend; tests run
 * one at a time and wait for their replies, so no command of one test reaches another's database.
 */
final class KafkaMode {

    private static KafkaMode shared;

    private final EmbeddedKafkaBroker broker;
    private final SkeinEngine engine;
    private final AtomicReference<SqlEngineBackend> target = new AtomicReference<>();
    private final int grantWindow;
    private final int commandPartitions;

    private KafkaMode() {
        try {
            Path dir = Files.createTempDirectory("skein-kafka-mode");
            this.broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
            SkeinTopologyConfig config = SkeinTopologyConfig.defaults(broker.bootstrapServers(), dir.resolve("state"))
                    .withApplicationId("skein-conformance")
                    // timers fire through run_due (every task fires its timer store by the test's manual clock);
                    // grants follow within 200 ms (each pass is one SQL unit per task: more often would crowd out
                    // the commands)
                    .withTimers(Duration.ZERO, Duration.ofMillis(200))
                    // the harness fires timers with ff-admin run_due records, which only a test engine obeys
                    .withAdminRecords(true);
            this.grantWindow = config.grantWindow();
            this.commandPartitions = config.commandPartitions();
            this.engine = SkeinEngine.start(config, this::current, PartitionConfig.DEFAULT, Duration.ofSeconds(180));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            broker.close();
        }, "skein-kafka-mode-stop"));
    }

    static synchronized KafkaMode shared() {
        if (shared == null) {
            shared = new KafkaMode();
        }
        return shared;
    }

    private SqlEngineBackend current() {
        SqlEngineBackend backend = target.get();
        if (backend == null) {
            throw new io.skein.core.error.EngineException(new io.skein.core.error.EngineError.Unavailable(
                    "no_backend_under_test"));
        }
        return backend;
    }

    void pointAt(SqlEngineBackend backend) {
        target.set(backend);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Outstanding lane grants per lane and partition the topology keeps. */
    int grantWindow() {
        return grantWindow;
    }

    /** Partitions of {@code ff.commands}: one task each, every one of which answers a {@code run_due}. */
    int commandPartitions() {
        return commandPartitions;
    }

    void ensureLane(String lane) {
        engine.ensureLane(lane);
    }
}
