package io.skein.connectors.kafka;

import io.skein.topology.KafkaTopics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.wire.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static final TopicNames NAMES = TopicNames.DEFAULT;

    @TempDir
    Path dataDir;

    @Test
    void committedRecordsSurviveARestartOnTheSameFolderAndAbortedOnesStayInvisible() throws Exception {
        // given a broker with Skein's topics
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            try (Admin admin = admin(broker)) {
                KafkaTopics.ensure(admin, KafkaTopics.skeinTopics(NAMES, 3, (short) 1, List.of("default")));
            }
            // when an idempotent producer writes an event and a transactional one commits a command, aborts another
            try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
                producer.send(new ProducerRecord<>(NAMES.events(), "exec-1", "event-before-restart")).get();
            }
            try (KafkaProducer<String, String> producer = producer(broker,
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx"))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(NAMES.commands(), "{fp:1}", "committed-command"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(NAMES.commands(), "{fp:1}", "aborted-command"));
                producer.abortTransaction();
            }
            // then a read_committed consumer sees exactly the committed records
            assertEquals(List.of("event-before-restart"), readAll(broker, NAMES.events(), 1));
            assertEquals(List.of("committed-command"), readAll(broker, NAMES.commands(), 1));
        }

        // when the broker restarts on the same folder
        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(dataDir, 0)) {
            // then the topics and records written before are still there, and the broker takes new records
            try (Admin admin = admin(restarted)) {
                assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).containsAll(
                        Set.of(NAMES.commands(), NAMES.replies(), NAMES.events(), NAMES.deadLetters(),
                                NAMES.dispatch("default"))));
            }
            assertEquals(List.of("event-before-restart"), readAll(restarted, NAMES.events(), 1));
            assertEquals(List.of("committed-command"), readAll(restarted, NAMES.commands(), 1));
            try (KafkaProducer<String, String> producer = producer(restarted, Map.of())) {
                producer.send(new ProducerRecord<>(NAMES.events(), "exec-1", "event-after-restart")).get();
            }
            assertEquals(List.of("event-before-restart", "event-after-restart"),
                    readAll(restarted, NAMES.events(), 2));

            // and closing twice is harmless
            restarted.close();
            assertDoesNotThrow(restarted::close);
        }
    }

    @Test
    void lanesThatKafkaWouldConfuseGetDistinctTopicsWithSpecRetention() throws Exception {
        // given a broker
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0); Admin admin = admin(broker)) {
            List<String> lanes = List.of("a.b", "a_b", "my lane", "x/y");

            // when Skein's topics are ensured for lanes whose names differ only in '.', '_', ' ' and '/'
            KafkaTopics.ensure(admin, KafkaTopics.skeinTopics(NAMES, 2, (short) 1, lanes));
            String runtimeLane = KafkaTopics.ensureLane(admin, NAMES, "late lane", 2, (short) 1);
            // ensuring again finds everything present and is not an error
            KafkaTopics.ensure(admin, KafkaTopics.skeinTopics(NAMES, 2, (short) 1, lanes));

            // then four distinct dispatch topics exist, plus the runtime lane's
            List<String> dispatchTopics = new ArrayList<>();
            for (String lane : lanes) {
                dispatchTopics.add(NAMES.dispatch(lane));
            }
            assertEquals(4, Set.copyOf(dispatchTopics).size());
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertTrue(existing.containsAll(dispatchTopics), () -> existing + " lacks some of " + dispatchTopics);
            assertTrue(existing.contains(runtimeLane));
            assertNotEquals(NAMES.dispatch("a.b"), NAMES.dispatch("a_b"));

            // and each dispatch topic takes records at once (its leader answers)
            try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
                for (String topic : dispatchTopics) {
                    producer.send(new ProducerRecord<>(topic, "grant", "g")).get(10, TimeUnit.SECONDS);
                }
            }

            // and retention follows spec 07: replies one hour, commands seven days
            assertEquals("3600000", retentionMs(admin, NAMES.replies()));
            assertEquals("3600000", retentionMs(admin, runtimeLane));
            assertEquals("604800000", retentionMs(admin, NAMES.commands()));

            // and a replication factor one broker cannot meet is refused as a non-retryable transport error
            EngineException refused = assertThrows(EngineException.class,
                    () -> KafkaTopics.ensureLane(admin, NAMES, "replicated", 1, (short) 3));
            assertTrue(refused.error() instanceof EngineError.Transport, refused.error().toString());
            assertTrue(refused.getMessage().contains(NAMES.dispatch("replicated")), refused.getMessage());
            assertFalse(refused.error().isRetryable());
        }
    }

    @Test
    @Timeout(90)
    void aBrokerProcessAnnouncesReadinessAndStopsCleanlyOnSigterm() throws Exception {
        // given a broker started in its own JVM
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and the serial collector: the child starts about twice as fast on a small machine
        Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                EmbeddedKafkaBroker.class.getName(), dataDir.toString(), "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = awaitReadyLine(stdout);

            // when a client produces to it right after READY
            String bootstrap = ready.substring("READY ".length());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                KafkaTopics.ensure(admin, KafkaTopics.skeinTopics(NAMES, 1, (short) 1, List.of()));
            }
            try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
                producer.send(new ProducerRecord<>(NAMES.events(), "k", "v")).get(10, TimeUnit.SECONDS);
            }

            // then SIGTERM ends the process within a few seconds
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "broker process did not exit after SIGTERM");
        } finally {
            process.destroyForcibly();
        }

        // and the folder it left behind opens in-process with the record intact (clean shutdown, same format)
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            assertEquals(List.of("v"), readAll(broker, NAMES.events(), 1));
        }
    }

    /** Returns the READY line, then keeps draining stdout so the child never blocks on a full pipe. */
    private static String awaitReadyLine(BufferedReader stdout) throws Exception {
        String line;
        while ((line = stdout.readLine()) != null) {
            if (line.startsWith("READY ")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (stdout.readLine() != null) {
                            // discard the broker's log lines
                        }
                    } catch (java.io.IOException ignored) {
                        // the process ended
                    }
                }, "broker-stdout-drain");
                drain.setDaemon(true);
                drain.start();
                return line;
            }
        }
        throw new AssertionError("broker process ended without printing READY");
    }

    private static String retentionMs(Admin admin, String topic) throws Exception {
        var resource = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS)
                .get(resource).get("retention.ms").value();
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        return producer(broker.bootstrapServers(), extra);
    }

    private static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads a topic from the beginning, read_committed, until {@code expected} values arrived (then a bit more). */
    private static List<String> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
            }
            // one more short poll so a record that should not be there (an aborted one) would show up
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
            return values;
        }
    }
}
