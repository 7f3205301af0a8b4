package io.skein.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.command.CommandCodec;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import io.skein.core.time.ManualClock;
import io.skein.core.timer.TimerKind;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.TopicNames;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.stores.ExecutionCacheStore;
import io.skein.stores.ReadyQueueStore;
import io.skein.stores.TimerStore;
import io.skein.topology.internals.FlowPartitionOwnership;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task's local stores (execution cache, ready queues, timer wheel) on Kafka Streams' test driver with real
 * RocksDB stores over a real SQLite database: they follow every execution a unit writes, and the timer punctuator
 * fires what is due from the wheel as internal commands through the command path.
 */
class TaskStoresTest extends TopologyOnSqlite {

    /** A flow partition the driver's one task (command partition 0 of 12) owns. */
    private static final int PARTITION = FlowPartitionOwnership.owned(256, 12, 0).get(0);
    private static final Duration TICK = Duration.ofMillis(100);

    private KeyValueStore<Bytes, byte[]> ready;
    private KeyValueStore<Bytes, byte[]> timers;
    private KeyValueStore<Bytes, byte[]> cache;

    @BeforeEach
    void given_a_topology_with_its_timer_punctuator_over_sqlite() {
        start(TICK, config -> config.withAdminRecords(true)); // run_due drives timers in these tests
        ready = driver.getKeyValueStore(ReadyQueueStore.STORE);
        timers = driver.getKeyValueStore(TimerStore.STORE);
        cache = driver.getKeyValueStore(ExecutionCacheStore.STORE);
    }

    private ExecutionId newId() {
        return ExecutionId.of(PARTITION, UUID.randomUUID());
    }

    private EngineCommand.CreateExecution create(ExecutionId id, Long delayUntil) {
        return new EngineCommand.CreateExecution(new CreateExecutionArgs(id, Namespace.of("default"),
                LaneId.of("default"), "kind", "in".getBytes(StandardCharsets.UTF_8), null, 0, "test", null, Map.of(),
                null, delayUntil, null, id.partition(), clock.millis()));
    }

    private List<ExecutionId> queued() {
        return ReadyQueueStore.head(ready, "default", 100).stream().map(ReadyQueueStore.Entry::executionId).toList();
    }

    private static JsonNode json(byte[] value) throws Exception {
        return SkeinJson.lenient().readTree(value);
    }

    @Test
    void the_ready_queue_follows_every_execution_a_command_changes_in_claim_order() {
        // given: two executions, the younger one created later
        ExecutionId first = newId();
        ExecutionId second = newId();
        send(create(first, null));
        clock.advance(5);
        send(create(second, null));
        List<ExecutionId> afterCreates = queued();

        // when: the younger one is raised above the older one, then the older one is cancelled
        send(new EngineCommand.ChangePriority(new ChangePriorityArgs(second, 9, LaneId.of("default"),
                clock.millis())));
        List<ExecutionId> afterRaise = queued();
        send(new EngineCommand.CancelExecution(new CancelExecutionArgs(first, "stop", null, null, null, null,
                clock.millis())));

        // then: the store lists the lane in claim order after each command, as SQL does
        assertEquals(List.of(first, second), afterCreates);
        assertEquals(List.of(second, first), afterRaise);
        assertEquals(List.of(second), queued());
        assertEquals(backend.readyHead("default", 10).stream().map(e -> e.executionId()).toList(), queued());
        assertEquals(1L, ReadyQueueStore.depth(ready, "default"));
        assertTrue(ExecutionCacheStore.get(cache, first).isEmpty(), "a terminal execution leaves the cache");
        assertEquals(PublicState.WAITING, ExecutionCacheStore.get(cache, second).orElseThrow().publicState());
    }

    @Test
    void a_delayed_execution_is_promoted_by_its_timer_and_granted() throws Exception {
        // given: an execution delayed by one second
        ExecutionId id = newId();
        send(create(id, clock.millis() + 1_000));
        assertTrue(queued().isEmpty());
        assertEquals(TimerKind.DELAYED_PROMOTION,
                TimerStore.next(timers).orElseThrow().timer().kind(), "the delay is on the wheel");
        dispatch.readRecordsToList();

        // when: a tick before the delay, then one after it
        driver.advanceWallClockTime(TICK);
        boolean waitingEarly = backend.describeExecution(id).orElseThrow().publicState() == PublicState.WAITING;
        clock.advance(1_000);
        driver.advanceWallClockTime(TICK);

        // then: the promotion fired once, as an internal command, and the execution was granted in its unit
        assertFalse(waitingEarly);
        assertEquals(PublicState.WAITING, backend.describeExecution(id).orElseThrow().publicState());
        assertEquals(List.of(id), queued());
        List<byte[]> grants = dispatch.readValuesToList();
        assertEquals(1, grants.size());
        assertEquals(id.toString(), json(grants.get(0)).get("execution_id").asText());
        assertTrue(TimerStore.due(timers, clock.millis(), 10).stream()
                .noneMatch(a -> a.timer().kind() == TimerKind.DELAYED_PROMOTION));
    }

    @Test
    void an_expired_lease_is_marked_then_requeued_in_one_pass_with_one_lease_expired_event() throws Exception {
        // given: a claimed execution with a one-second lease
        ExecutionId id = newId();
        send(create(id, null));
        String grantKey = json(dispatch.readValuesToList().get(0)).get("grant_key").asText();
        send(new EngineCommand.ClaimExecution(new ClaimExecutionArgs(id, WorkerId.of("w1"),
                WorkerInstanceId.of("w1-1"), LaneId.of("default"), LeaseId.random(), 1_000,
                AttemptId.random(), 0, null, null, null, clock.millis(), grantKey)));
        assertEquals(PublicState.ACTIVE, backend.describeExecution(id).orElseThrow().publicState());
        assertTrue(queued().isEmpty());
        events.readRecordsToList();
        dispatch.readRecordsToList();

        // when: the lease runs out and the punctuator ticks
        clock.advance(1_001);
        driver.advanceWallClockTime(TICK);

        // then: marked expired and re-queued (its re-queue timer was due at once), and granted again
        assertEquals(PublicState.WAITING, backend.describeExecution(id).orElseThrow().publicState());
        assertEquals(List.of(id), queued());
        List<String> types = events.readValuesToList().stream().map(v -> {
            try {
                return json(v).get("type").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertEquals(List.of("lease_expired"), types);
        assertEquals(1, dispatch.readValuesToList().size());

        // and a second tick finds nothing more to do
        driver.advanceWallClockTime(TICK);
        assertTrue(events.isEmpty());
        assertTrue(dispatch.isEmpty());
    }

    private void admin(String action, String commandId) {
        org.apache.kafka.common.header.internals.RecordHeaders headers =
                new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(SkeinTopology.ADMIN_HEADER, action.getBytes(StandardCharsets.UTF_8));
        commands.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("admin", ("{\"v\":1,\"command_id\":\""
                + commandId + "\",\"type\":\"" + action + "\",\"args\":{},\"reply_to\":\"client-1\"}")
                .getBytes(StandardCharsets.UTF_8), headers, (Long) null));
    }

    @Test
    void run_due_rebuilds_the_stores_from_sql_and_fires_what_is_due_by_the_backend_clock() throws Exception {
        // given: a delayed execution written to SQL behind the topology's back (as a test fixture does)
        ExecutionId id = newId();
        backend.createExecution(create(id, clock.millis() + 500).args());
        clock.advance(500);
        assertTrue(TimerStore.next(timers).isEmpty(), "the stores never heard of it");

        // when
        String commandId = UUID.randomUUID().toString();
        admin(SkeinTopology.RUN_DUE, commandId);

        // then: answered once the task refreshed its stores and fired the promotion
        JsonNode reply = json(replies.readValue());
        assertEquals(commandId, reply.get("command_id").asText());
        assertTrue(reply.get("ok").asBoolean(), reply.toString());
        assertEquals(1, reply.get("result").get("timers_fired").asInt());
        assertEquals(PublicState.WAITING, backend.describeExecution(id).orElseThrow().publicState());
        assertEquals(List.of(id), queued());
    }

    @Test
    void an_unknown_admin_action_is_dead_lettered_and_answered_with_a_typed_error() throws Exception {
        // when
        String commandId = UUID.randomUUID().toString();
        admin("drop_everything", commandId);

        // then
        JsonNode reply = json(replies.readValue());
        assertFalse(reply.get("ok").asBoolean());
        assertEquals("invalid_input", reply.get("error").get("kind").asText(), reply.toString());
        assertTrue(new String(deadLetters.readRecord().headers().lastHeader("ff-dlq-reason").value(),
                StandardCharsets.UTF_8).contains("drop_everything"));
    }

    @Test
    void an_unused_grant_expires_on_its_timer_and_the_execution_is_granted_again_at_once() throws Exception {
        // given: an execution holding its first lane grant
        ExecutionId id = newId();
        send(create(id, null));
        String first = json(dispatch.readValuesToList().get(0)).get("grant_key").asText();

        // when: the grant's time to live passes unused
        clock.advance(SkeinTopologyConfig.defaults("unused:9092", stateDir).grantTtl().toMillis() + 1);
        driver.advanceWallClockTime(TICK);

        // then: one new grant for it under a new key, in the same pass
        List<byte[]> again = dispatch.readValuesToList();
        assertEquals(1, again.size());
        JsonNode grant = json(again.get(0));
        assertEquals(id.toString(), grant.get("execution_id").asText());
        assertFalse(first.equals(grant.get("grant_key").asText()));
        assertEquals(List.of(id), queued());
    }
}
