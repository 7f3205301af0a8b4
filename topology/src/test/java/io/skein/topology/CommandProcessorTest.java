package io.skein.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.command.CommandCodec;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.time.ManualClock;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.TopicNames;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command processor on Kafka Streams' test driver with its real stores (RocksDB de-dup window, the SQL-unit
 * hook) over a real SQLite database: what a command does, what a repeated one does, what a poison one does.
 */
class CommandProcessorTest extends TopologyOnSqlite {

    private static final ObjectMapper JSON = SkeinJson.lenient();
    @BeforeEach
    void given_a_topology_over_sqlite() {
        start(Duration.ZERO);
    }

    private EngineCommand.CreateExecution create(ExecutionId id) {
        return new EngineCommand.CreateExecution(new CreateExecutionArgs(id, Namespace.of("default"),
                LaneId.of("default"), "kind", "in".getBytes(StandardCharsets.UTF_8), null, 0, "test", null, Map.of(),
                null, null, null, id.partition(), clock.millis()));
    }

    private static JsonNode json(TestRecord<String, byte[]> r) throws Exception {
        return JSON.readTree(r.value());
    }

    @Test
    void a_create_command_answers_its_client_emits_its_event_and_grants_the_lane() throws Exception {
        // given
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());
        String commandId = UUID.randomUUID().toString();

        // when
        send(create(id), commandId);

        // then
        TestRecord<String, byte[]> reply = replies.readRecord();
        assertEquals("client-1", reply.key());
        assertEquals(commandId, json(reply).get("command_id").asText());
        assertTrue(json(reply).get("ok").asBoolean());
        JsonNode event = json(events.readRecord());
        assertEquals("execution_created", event.get("type").asText());
        assertEquals(commandId + ":0", event.get("event_id").asText());
        assertEquals("waiting", event.get("public_state").asText());
        JsonNode grant = json(dispatch.readRecord());
        assertEquals(id.toString(), grant.get("execution_id").asText());
        assertEquals("claim", grant.get("kind").asText());
        assertEquals(List.of("default"), lanesEnsured);
        assertTrue(backend.describeExecution(id).isPresent(), "the SQL unit committed with the Streams commit");
    }

    @Test
    void a_repeated_command_id_gets_the_same_reply_and_changes_nothing_again() throws Exception {
        // given
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());
        String commandId = UUID.randomUUID().toString();
        send(create(id), commandId);
        JsonNode first = json(replies.readRecord());
        events.readRecordsToList();
        dispatch.readRecordsToList();

        // when
        send(create(id), commandId);

        // then
        assertEquals(first, json(replies.readRecord()));
        assertEquals(1, events.readRecordsToList().size(), "the stored outputs are re-emitted once more");
        assertTrue(dispatch.readRecordsToList().size() <= 1);
        assertEquals(Long.valueOf(1L), backend.database().<Long>read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM ff_exec_core")) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }

    @Test
    void a_rejected_command_answers_a_typed_error_and_emits_nothing() throws Exception {
        // given an execution id whose partition does not match its partition_id
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());
        EngineCommand.CreateExecution bad = new EngineCommand.CreateExecution(new CreateExecutionArgs(id,
                Namespace.of("default"), LaneId.of("default"), "kind", "in".getBytes(StandardCharsets.UTF_8), null, 0,
                "test", null, Map.of(), null, null, null, 8, clock.millis()));

        // when
        send(bad, UUID.randomUUID().toString());

        // then
        JsonNode reply = json(replies.readRecord());
        assertFalse(reply.get("ok").asBoolean());
        assertTrue(reply.get("error").has("kind"), reply.toString());
        assertTrue(events.isEmpty());
        assertTrue(dispatch.isEmpty());
        assertTrue(backend.describeExecution(id).isEmpty());
    }

    @Test
    void a_poison_record_goes_to_the_dead_letters_with_its_reason_and_processing_continues() throws Exception {
        // given
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] unknownType = ("{\"v\":1,\"command_id\":\"" + UUID.randomUUID() + "\",\"type\":\"no_such_op\","
                + "\"args\":{},\"reply_to\":\"client-1\"}").getBytes(StandardCharsets.UTF_8);
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());

        // when
        commands.pipeInput("{fp:7}", garbage);
        commands.pipeInput("{fp:7}", unknownType);
        send(create(id), UUID.randomUUID().toString());

        // then
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(2, dead.size());
        assertTrue(new String(dead.get(0).headers().lastHeader("ff-dlq-reason").value(), StandardCharsets.UTF_8)
                .startsWith("not JSON"));
        assertEquals("0", new String(dead.get(0).headers().lastHeader("ff-dlq-offset").value(),
                StandardCharsets.UTF_8));
        List<TestRecord<String, byte[]>> answers = replies.readRecordsToList();
        assertEquals(2, answers.size(), "the unknown type is answered, then the create");
        assertFalse(json(answers.get(0)).get("ok").asBoolean());
        assertTrue(json(answers.get(1)).get("ok").asBoolean());
        assertTrue(backend.describeExecution(id).isPresent());
    }
}
