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

        // then: the window remembers it, so its outputs went out with the commit that remembered it
        assertEquals(first, json(replies.readRecord()));
        assertTrue(events.isEmpty(), "a repeated command emits no event again");
        assertTrue(dispatch.isEmpty(), "nor a grant");
        assertEquals(Long.valueOf(1L), backend.database().<Long>read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM ff_exec_core")) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }

    @Test
    void completing_twice_with_one_handle_answers_both_and_emits_one_completion() throws Exception {
        // given a claimed execution
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());
        send(create(id));
        replies.readRecordsToList();
        events.readRecordsToList();
        String grantKey = json(dispatch.readRecord()).get("grant_key").asText();
        send(new EngineCommand.ClaimExecution(new io.skein.core.api.scheduler.ClaimExecutionArgs(id,
                io.skein.core.id.WorkerId.of("w"), io.skein.core.id.WorkerInstanceId.of("w-1"), LaneId.of("default"),
                io.skein.core.id.LeaseId.random(), 30_000, io.skein.core.id.AttemptId.random(), 0, null, null, null,
                clock.millis(), grantKey)));
        JsonNode claimed = json(replies.readRecord());
        assertTrue(claimed.get("ok").asBoolean(), claimed.toString());
        io.skein.core.api.Handle handle = io.skein.core.handle.HandleCodec.fromJson(
                claimed.findValue("handle").toString());
        events.readRecordsToList();

        // when the worker completes, and completes again (its first reply was lost), under new command ids
        send(new EngineCommand.Complete(handle, "ok".getBytes(StandardCharsets.UTF_8)));
        send(new EngineCommand.Complete(handle, "ok".getBytes(StandardCharsets.UTF_8)));

        // then both are answered ok, and one completion is reported
        List<TestRecord<String, byte[]>> answers = replies.readRecordsToList();
        assertEquals(2, answers.size());
        for (TestRecord<String, byte[]> answer : answers) {
            assertTrue(json(answer).get("ok").asBoolean(), json(answer).toString());
        }
        List<String> types = new java.util.ArrayList<>();
        for (TestRecord<String, byte[]> event : events.readRecordsToList()) {
            types.add(json(event).get("type").asText());
        }
        assertEquals(List.of("execution_completed"), types);
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

    private static String reason(TestRecord<String, byte[]> deadLetter) {
        return new String(deadLetter.headers().lastHeader("ff-dlq-reason").value(), StandardCharsets.UTF_8);
    }

    /** A create_execution record for {@code id}, as any producer writes it: args are the HTTP body (spec 07). */
    private static String createRecord(ExecutionId id, String commandId, String extraArgs) {
        return "{\"v\":1,\"command_id\":\"" + commandId + "\",\"type\":\"create_execution\",\"reply_to\":\"client-1\","
                + "\"args\":{\"execution_id\":\"" + id + "\",\"namespace\":\"default\",\"lane_id\":\"default\","
                + "\"execution_kind\":\"kind\",\"input_payload\":[1,2],\"priority\":0,\"creator_identity\":\"test\","
                + "\"partition_id\":" + id.partition() + extraArgs + "}}";
    }

    /** Issue #21 item 7: the args of create_execution are its HTTP body, which has no {@code now}. */
    @Test
    void a_create_without_now_is_applied_at_the_engines_clock() throws Exception {
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());

        commands.pipeInput("{fp:7}", createRecord(id, UUID.randomUUID().toString(), "")
                .getBytes(StandardCharsets.UTF_8));

        JsonNode reply = json(replies.readRecord());
        assertTrue(reply.get("ok").asBoolean(), reply.toString());
        assertTrue(deadLetters.isEmpty());
        assertEquals(clock.millis(), backend.readExecutionInfo(id).orElseThrow().createdAt());
    }

    /** Issue #21 item 7: a record over the command limit is dead-lettered with the reason, however valid. */
    @Test
    void a_record_over_the_command_limit_is_dead_lettered_with_the_reason_and_changes_nothing() throws Exception {
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());
        String commandId = UUID.randomUUID().toString();
        // a valid create with an unknown field (ignored, forward compatible) that takes it to 5 MB
        byte[] large = createRecord(id, commandId, ",\"now\":1,\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"")
                .getBytes(StandardCharsets.UTF_8);

        commands.pipeInput("{fp:7}", large);

        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertTrue(reason(dead.get(0)).contains("over the command limit of "
                + SkeinTopologyConfig.DEFAULT_MAX_COMMAND_BYTES + " bytes"), reason(dead.get(0)));
        JsonNode reply = json(replies.readRecord());
        assertEquals(commandId, reply.get("command_id").asText());
        assertFalse(reply.get("ok").asBoolean());
        assertEquals("payload_too_large", reply.get("error").get("kind").asText(), reply.toString());
        assertTrue(backend.describeExecution(id).isEmpty(), "the record was applied");
        assertTrue(events.isEmpty());
    }

    /** Issue #21 item 6: test machinery is refused by an engine not started with the test-only setting. */
    @Test
    void an_admin_record_is_dead_lettered_and_fires_nothing_on_an_engine_without_the_test_setting() throws Exception {
        // given: an execution whose delay has passed, written to SQL behind the topology's back
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());
        EngineCommand.CreateExecution delayed = new EngineCommand.CreateExecution(new CreateExecutionArgs(id,
                Namespace.of("default"), LaneId.of("default"), "kind", new byte[0], null, 0, "test", null, Map.of(),
                null, clock.millis() + 500, null, id.partition(), clock.millis()));
        backend.createExecution(delayed.args());
        clock.advance(1_000);
        ExecutionId carried = ExecutionId.of(7, UUID.randomUUID());

        // when: run_due, and a valid command under another admin action, each with the header
        for (String action : List.of(SkeinTopology.RUN_DUE, "anything")) {
            org.apache.kafka.common.header.internals.RecordHeaders headers =
                    new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add(SkeinTopology.ADMIN_HEADER, action.getBytes(StandardCharsets.UTF_8));
            commands.pipeInput(new TestRecord<>("{fp:7}", createRecord(carried, UUID.randomUUID().toString(), "")
                    .getBytes(StandardCharsets.UTF_8), headers, (Long) null));
        }

        // then: both dead-lettered and refused; no timer fired, no command applied
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(2, dead.size());
        assertTrue(reason(dead.get(0)).startsWith("admin record"), reason(dead.get(0)));
        for (TestRecord<String, byte[]> answer : replies.readRecordsToList()) {
            assertFalse(json(answer).get("ok").asBoolean(), json(answer).toString());
        }
        assertEquals(io.skein.core.state.PublicState.DELAYED, backend.describeExecution(id).orElseThrow()
                .publicState());
        assertTrue(backend.describeExecution(carried).isEmpty());
    }
}
