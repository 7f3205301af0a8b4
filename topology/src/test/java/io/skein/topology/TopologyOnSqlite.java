package io.skein.topology;

import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.command.CommandCodec;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.PartitionConfig;
import io.skein.core.time.ManualClock;
import io.skein.core.wire.TopicNames;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on Kafka Streams' test driver with its real stores (RocksDB) over a real SQLite database with a
 * manual clock, and its topics: what the topology tests start from.
 */
abstract class TopologyOnSqlite {

    static final TopicNames NAMES = TopicNames.DEFAULT;

    @TempDir
    Path stateDir;

    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final List<String> lanesEnsured = new ArrayList<>();
    SqliteBackend backend;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> commands;
    TestOutputTopic<String, byte[]> replies;
    TestOutputTopic<String, byte[]> events;
    TestOutputTopic<String, byte[]> dispatch;
    TestOutputTopic<String, byte[]> deadLetters;

    /** Starts the driver with timer punctuator period {@code timerTick} (zero: none) and no grant top-up. */
    void start(Duration timerTick) {
        start(timerTick, UnaryOperator.identity());
    }

    /** As {@link #start(Duration)}, with {@code settings} applied to the engine's configuration. */
    void start(Duration timerTick, UnaryOperator<SkeinTopologyConfig> settings) {
        backend = SqliteBackend.open(SqliteOptions.of("file:topology-" + UUID.randomUUID()
                + "?mode=memory&cache=shared").withEnv(Map.of("FF_DEV_MODE", "1")::get).withClock(clock));
        backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("kid-1", "ab".repeat(32)));
        SkeinTopologyConfig config = settings.apply(SkeinTopologyConfig.defaults("unused:9092", stateDir)
                .withTimers(timerTick, Duration.ZERO));
        driver = new TopologyTestDriver(SkeinTopology.build(config, () -> backend, PartitionConfig.DEFAULT,
                lanesEnsured::add), config.streamsProperties(null));
        commands = driver.createInputTopic(NAMES.commands(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        replies = output(NAMES.replies());
        events = output(NAMES.events());
        dispatch = output(NAMES.dispatch("default"));
        deadLetters = output(NAMES.deadLetters());
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void closeDriverAndStore() {
        if (driver != null) {
            driver.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    void send(EngineCommand command, String commandId) {
        commands.pipeInput(command.partitionKey(PartitionConfig.DEFAULT),
                CommandCodec.encode(command, commandId, "client-1", null));
    }

    void send(EngineCommand command) {
        send(command, UUID.randomUUID().toString());
    }
}
