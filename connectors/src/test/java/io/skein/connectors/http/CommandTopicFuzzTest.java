package io.skein.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.CancelSource;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.Handle;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.command.CommandCodec;
import io.skein.core.command.EngineCommand;
import io.skein.core.command.PoisonCommandException;
import io.skein.core.error.HttpErrorMapping;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.wire.EngineErrorJson;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.TopicNames;
import io.skein.topology.SkeinTopology;
import io.skein.topology.SkeinTopologyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * D13 on the command topic (spec 07), as any producer in any language could write it: more than a thousand records
 * built from commands that succeed as they are, each mangled — a field of the wrong JSON type, a required field
 * left out, a record over the command limit, the test-only {@code ff-admin} header on an engine without the test
 * setting, or a broken envelope. Every record is refused: answered with a typed error whose HTTP mapping is a 4xx
 * when it has a reply address, dead-lettered when it has none or cannot be read, never applied; the state does not
 * move. The unmangled commands are sent last and succeed, so each mangled one was one defect away from a change.
 */
class CommandTopicFuzzTest {

    private static final TopicNames TOPICS = TopicNames.DEFAULT;
    private static final ClaimPolicy WORKER = new ClaimPolicy(WorkerId.of("w1"), WorkerInstanceId.of("w1-i1"),
            600_000, null);

    private final Random random = new Random(20_261_207L);
    private final String replyTo = "fuzz-" + UUID.randomUUID();
    private HttpFixture f;
    private final List<Supplier<EngineCommand>> templates = new ArrayList<>();

    /** One record sent: what was sent, and whether it can be answered (a readable reply_to and command_id). */
    private record Sent(String what, byte[] value, String commandId, boolean answerable) {}

    @BeforeEach
    void given() {
        f = HttpFixture.withToken(HttpFixture.Mode.KAFKA_OVER_SQLITE);
        // claimed alone, so the lane has one choice each time
        ExecutionId working = f.createExecution();
        Handle lease = f.served.claim(HttpFixture.LANE, CapabilitySet.EMPTY, WORKER).orElseThrow();
        PendingWaitpoint waitpoint = f.served.createWaitpoint(lease, WaitpointKey.of("wpk:fuzz"), Duration.ofHours(1));
        f.createExecution();
        Handle toComplete = f.served.claim(HttpFixture.LANE, CapabilitySet.EMPTY, WORKER).orElseThrow();
        ExecutionId toCancel = f.createExecution();
        ExecutionId toReprioritize = f.createExecution();
        templates.add(() -> {
            ExecutionId id = HttpFixture.newExecutionId();
            return new EngineCommand.CreateExecution(new CreateExecutionArgs(id, Namespace.of("ns"),
                    HttpFixture.LANE, "job", new byte[] {1, 2, 3}, null, 5, "tester", null, Map.of("a.b", "c"), null,
                    null, null, id.partition(), 0));
        });
        templates.add(() -> new EngineCommand.CancelExecution(new CancelExecutionArgs(toCancel, "r",
                CancelSource.OPERATOR_OVERRIDE, null, null, null, 0)));
        templates.add(() -> new EngineCommand.ChangePriority(new ChangePriorityArgs(toReprioritize, 77, null, 0)));
        templates.add(() -> new EngineCommand.Renew(lease));
        templates.add(() -> new EngineCommand.Progress(lease, 50, "half"));
        templates.add(() -> new EngineCommand.CreateWaitpoint(lease, WaitpointKey.of("wpk:w" + random.nextInt(1000)),
                Duration.ofHours(1)));
        templates.add(() -> new EngineCommand.DeliverSignal(new DeliverSignalArgs(working, waitpoint.waitpointId(),
                SignalId.random(), "go", "c", "user", "a", new byte[] {1}, null, null, null, null, null, null, null,
                null, null, waitpoint.hmacToken(), 0)));
        templates.add(() -> new EngineCommand.Complete(toComplete, new byte[] {9, 8, 7}));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void mangledCommandRecordsAreRefusedAndChangeNothing() throws Exception {
        String before = BackendSnapshot.of(f.backend, List.of(), List.of());
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, byte[]> replies = consumerAtEnd(TOPICS.replies());
             KafkaConsumer<String, byte[]> deadLetters = consumerAtEnd(TOPICS.deadLetters())) {
            // when: more than a thousand mangled records
            for (int i = 0; i < 1_050; i++) {
                EngineCommand command = templates.get(random.nextInt(templates.size())).get();
                sent.add(send(producer, mangle(command)));
            }
            producer.flush();

            // then: every one refused, with an answer when it can have one, dead-lettered when it cannot
            Map<String, JsonNode> answers = new HashMap<>();
            Set<String> dead = new HashSet<>();
            awaitAccounted(sent, replies, deadLetters, answers, dead);
            for (Sent s : sent) {
                JsonNode reply = answers.get(s.commandId());
                if (s.answerable()) {
                    assertFalse(reply.path("ok").asBoolean(), s.what() + " was applied: " + reply);
                    int status = HttpErrorMapping.map(EngineErrorJson.fromJson(reply.path("error"))).status();
                    assertTrue(status >= 400 && status < 500, s.what() + " answered " + status + ": " + reply);
                } else {
                    assertTrue(dead.contains(valueKey(s.value())), s.what() + " was not dead-lettered");
                }
            }
            assertTrue(sent.size() >= 1_000);
            assertEquals(before, BackendSnapshot.of(f.backend, List.of(), List.of()),
                    "mangled records changed the state");

            // and each template, unmangled, is applied: the mangling alone made the difference
            List<Sent> valid = new ArrayList<>();
            for (Supplier<EngineCommand> template : templates) {
                String commandId = UUID.randomUUID().toString();
                EngineCommand command = template.get();
                valid.add(send(producer, new Mangled(command.type() + " unmangled",
                        command.partitionKey(PartitionConfig.DEFAULT), CommandCodec.encode(command, commandId,
                        replyTo, null), commandId, true, null)));
            }
            producer.flush();
            awaitAccounted(valid, replies, deadLetters, answers, dead);
            for (Sent s : valid) {
                assertTrue(answers.get(s.commandId()).path("ok").asBoolean(), s.what() + ": "
                        + answers.get(s.commandId()));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ mangling

    /** A record to send: its key, value, the command id an answer carries, and the admin header if any. */
    private record Mangled(String what, String key, byte[] value, String commandId, boolean answerable,
                           String adminHeader) {}

    private Mangled mangle(EngineCommand command) throws IOException {
        String commandId = UUID.randomUUID().toString();
        String key = command.partitionKey(PartitionConfig.DEFAULT);
        ObjectNode envelope = (ObjectNode) SkeinJson.lenient().readTree(CommandCodec.encode(command, commandId,
                replyTo, null));
        ObjectNode args = (ObjectNode) envelope.get("args");
        String type = command.type();
        int roll = random.nextInt(100);
        if (roll < 35) {
            String field = randomField(args);
            args.set(field, WrongJsonTypes.insteadOf(args.get(field), random, "abc"));
            return answerable(type + " with " + field + " = " + args.get(field), key, envelope, commandId);
        }
        if (roll < 55) {
            List<String> required = requiredFields(type, envelope);
            String field = required.get(random.nextInt(required.size()));
            args.remove(field);
            return answerable(type + " without " + field, key, envelope, commandId);
        }
        if (roll < 57) {
            args.put("pad", "x".repeat(SkeinTopologyConfig.DEFAULT_MAX_COMMAND_BYTES));
            return answerable(type + " over the command limit", key, envelope, commandId);
        }
        if (roll < 70) {
            String action = random.nextBoolean() ? SkeinTopology.RUN_DUE : "x" + random.nextInt(100);
            return new Mangled(type + " with ff-admin: " + action, key, bytes(envelope), commandId, true, action);
        }
        return brokenEnvelope(type, key, envelope, commandId);
    }

    private Mangled answerable(String what, String key, ObjectNode envelope, String commandId) {
        return new Mangled(what, key, bytes(envelope), commandId, true, null);
    }

    /** An envelope whose own fields are wrong; answerable only when reply_to and command_id still read. */
    private Mangled brokenEnvelope(String type, String key, ObjectNode envelope, String commandId) {
        String unique = "fuzz-" + UUID.randomUUID(); // keys the unanswerable ones so their dead letters are told apart
        switch (random.nextInt(12)) {
            case 0:
                envelope.put("v", 2);
                return answerable(type + " v 2", key, envelope, commandId);
            case 1:
                envelope.put("v", "1");
                return answerable(type + " v as a string", key, envelope, commandId);
            case 2:
                envelope.put("type", "teleport");
                return answerable("unknown type", key, envelope, commandId);
            case 3:
                envelope.put("type", 7);
                return answerable("type as a number", key, envelope, commandId);
            case 4:
                envelope.set("args", JsonNodeFactory.instance.arrayNode().add(1));
                return answerable(type + " args as an array", key, envelope, commandId);
            case 5:
                envelope.remove("args");
                return answerable(type + " without args", key, envelope, commandId);
            case 6:
                envelope.put("command_id", "not-a-uuid-" + UUID.randomUUID());
                return answerable(type + " with a command id that is no uuid", key, envelope,
                        envelope.get("command_id").asText());
            case 7:
                envelope.put("issued_at_ms", "yesterday");
                return answerable(type + " issued_at_ms as a string", key, envelope, commandId);
            case 8:
                envelope.put("reply_to", 5);
                return new Mangled(type + " reply_to as a number", unique, bytes(envelope), commandId, false, null);
            case 9:
                envelope.remove("command_id");
                return new Mangled(type + " without a command id", unique, bytes(envelope), commandId, false, null);
            case 10:
                return new Mangled("not JSON", unique, ("{\"v\":1,\"command_id\":\"" + commandId + "\", oops " + unique)
                        .getBytes(StandardCharsets.UTF_8), commandId, false, null);
            default:
                return new Mangled("a JSON array", unique, ("[\"" + unique + "\"]").getBytes(StandardCharsets.UTF_8),
                        commandId, false, null);
        }
    }

    /** Required args the codec reads as absent and the engine refuses (spec 02, 04 §1.4): beyond the codec's own. */
    private static final Map<String, List<String>> ENGINE_REQUIRED = Map.of(
            "deliver_signal", List.of("execution_id", "waitpoint_id", "signal_id", "waitpoint_token"));

    /** The args fields a command of {@code type} cannot do without: the codec's (by trying) and the engine's. */
    private static List<String> requiredFields(String type, ObjectNode envelope) {
        List<String> required = new ArrayList<>(ENGINE_REQUIRED.getOrDefault(type, List.of()));
        for (Iterator<String> names = envelope.get("args").fieldNames(); names.hasNext(); ) {
            String field = names.next();
            ObjectNode without = envelope.deepCopy();
            ((ObjectNode) without.get("args")).remove(field);
            try {
                CommandCodec.decode(bytes(without));
            } catch (PoisonCommandException expected) {
                if (!required.contains(field)) {
                    required.add(field);
                }
            }
        }
        assertFalse(required.isEmpty(), type + " has no required field");
        return required;
    }

    private String randomField(ObjectNode args) {
        List<String> names = new ArrayList<>();
        args.fieldNames().forEachRemaining(names::add);
        return names.get(random.nextInt(names.size()));
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ Kafka

    private Sent send(KafkaProducer<String, byte[]> producer, Mangled m) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPICS.commands(), m.key(), m.value());
        if (m.adminHeader() != null) {
            record.headers().add(SkeinTopology.ADMIN_HEADER, m.adminHeader().getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record);
        return new Sent(m.what(), m.value(), m.commandId(), m.answerable());
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                HttpKafkaEngine.shared().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, io.skein.topology.KafkaTopics.MAX_RECORD_BYTES,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    /** A read_committed consumer of every partition of {@code topic}, positioned at its current end. */
    private static KafkaConsumer<String, byte[]> consumerAtEnd(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, HttpKafkaEngine.shared().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, io.skein.topology.KafkaTopics.MAX_RECORD_BYTES,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, io.skein.topology.KafkaTopics.MAX_RECORD_BYTES),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is sent
        return consumer;
    }

    /** Reads replies to this test and dead letters until every record sent is accounted for, at most a minute. */
    private void awaitAccounted(List<Sent> sent, KafkaConsumer<String, byte[]> replies,
                                KafkaConsumer<String, byte[]> deadLetters, Map<String, JsonNode> answers,
                                Set<String> dead) throws IOException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long missing = sent.stream().filter(s -> s.answerable() ? !answers.containsKey(s.commandId())
                    : !dead.contains(valueKey(s.value()))).count();
            if (missing == 0) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError(missing + " of " + sent.size() + " records neither answered nor "
                        + "dead-lettered within 60 s");
            }
            for (ConsumerRecord<String, byte[]> r : replies.poll(Duration.ofMillis(100))) {
                if (replyTo.equals(r.key())) {
                    JsonNode reply = SkeinJson.lenient().readTree(r.value());
                    answers.put(reply.path("command_id").asText(), reply);
                }
            }
            for (ConsumerRecord<String, byte[]> r : deadLetters.poll(Duration.ofMillis(100))) {
                dead.add(valueKey(r.value()));
            }
        }
    }

    /** A dead letter carries the original bytes: they name the record (each holds a fresh uuid). */
    private static String valueKey(byte[] value) {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }
}
