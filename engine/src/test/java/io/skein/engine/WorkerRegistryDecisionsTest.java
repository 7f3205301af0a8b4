package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.HeartbeatWorkerResult;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.MarkWorkerDeadResult;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.api.worker.RegisterWorkerResult;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.engine.state.WorkerRegistration;
import io.skein.engine.state.memory.InMemoryEngineState.WorkerEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The worker registry's decisions (spec 02 §10, spec 05 §4 row 16): register as an idempotent overwrite, heartbeat
 * and mark dead only while live, the TTL sweep, and the event each change logs.
 */
class WorkerRegistryDecisionsTest {

    private static final long TTL = 10_000;
    private static final Namespace NS = Namespace.of("ns-a");

    private final EngineRule engine = new EngineRule();
    private final Givens given = new Givens(engine);

    private Object register(String worker, String instance, Set<String> lanes, Set<String> caps, long ttl) {
        TreeSet<LaneId> laneIds = new TreeSet<>();
        lanes.forEach(l -> laneIds.add(LaneId.of(l)));
        return engine.when(new EngineCommand.RegisterWorker(new RegisterWorkerArgs(WorkerId.of(worker),
                WorkerInstanceId.of(instance), laneIds, CapabilitySet.worker(caps), ttl, NS, engine.now)));
    }

    private Object register(String worker, String instance) {
        return register(worker, instance, Set.of("default"), Set.of("cpu"), TTL);
    }

    private Object heartbeat(String instance) {
        return engine.when(new EngineCommand.HeartbeatWorker(new HeartbeatWorkerArgs(WorkerInstanceId.of(instance),
                NS, engine.now)));
    }

    private Object markDead(String instance, String reason) {
        return engine.when(new EngineCommand.MarkWorkerDead(new MarkWorkerDeadArgs(WorkerInstanceId.of(instance),
                NS, reason, engine.now)));
    }

    private Optional<WorkerRegistration> stored(String instance) {
        return engine.state.workers().registration(NS.value(), instance);
    }

    private List<String> eventKinds(String instance) {
        return engine.state.workerEvents().stream().filter(e -> e.workerInstanceId().equals(instance))
                .map(WorkerEvent::kind).toList();
    }

    @Test
    void aFirstRegistrationIsRegisteredAndStoresTheRowWithItsEvent() {
        assertInstanceOf(RegisterWorkerResult.Registered.class,
                register("w", "w-1", Set.of("b", "a"), Set.of("gpu", "cpu"), TTL));

        WorkerRegistration row = stored("w-1").orElseThrow();
        assertEquals("w", row.workerId());
        assertEquals(List.of("a", "b"), List.copyOf(row.lanes()));
        assertEquals(Set.of("cpu", "gpu"), row.capabilities());
        assertEquals(engine.now, row.lastHeartbeatMs());
        assertEquals(engine.now, row.registeredAtMs());
        assertEquals(TTL, row.livenessTtlMs());
        assertEquals(List.of("registered"), eventKinds("w-1"));
    }

    @Test
    void registeringALiveInstanceAgainRefreshesAndOverwritesLanesCapabilitiesAndTtl() {
        register("w", "w-1");
        engine.advance(1_000);

        assertInstanceOf(RegisterWorkerResult.Refreshed.class,
                register("w", "w-1", Set.of("other"), Set.of("gpu"), 2 * TTL));

        WorkerRegistration row = stored("w-1").orElseThrow();
        assertEquals(Set.of("other"), row.lanes());
        assertEquals(Set.of("gpu"), row.capabilities());
        assertEquals(2 * TTL, row.livenessTtlMs());
        assertEquals(engine.now, row.lastHeartbeatMs());
        assertEquals(engine.now, row.registeredAtMs());
        assertEquals(List.of("registered", "registered"), eventKinds("w-1"));
    }

    @Test
    void registeringAfterTheTtlLapsedIsRegisteredAgain() {
        register("w", "w-1");
        engine.advance(TTL);

        assertInstanceOf(RegisterWorkerResult.Registered.class, register("w", "w-1"));
    }

    @Test
    void aLiveInstanceUnderAnotherWorkerIdIsRejectedAndNothingChanges() {
        register("w", "w-1");
        WorkerRegistration before = stored("w-1").orElseThrow();
        engine.advance(5);

        EngineError.Validation e = engine.rejected(new EngineCommand.RegisterWorker(new RegisterWorkerArgs(
                WorkerId.of("intruder"), WorkerInstanceId.of("w-1"), null, null, TTL, NS, engine.now)),
                EngineError.Validation.class);

        assertTrue(e.toString().contains("instance_id reassigned"), e.toString());
        assertEquals(before, stored("w-1").orElseThrow());
        assertEquals(List.of("registered"), eventKinds("w-1"));
    }

    @Test
    void aLapsedInstanceMayBeTakenByAnotherWorkerId() {
        register("w", "w-1");
        engine.advance(TTL);

        assertInstanceOf(RegisterWorkerResult.Registered.class, register("other", "w-1"));
        assertEquals("other", stored("w-1").orElseThrow().workerId());
    }

    @Test
    void theSameInstanceIdInAnotherNamespaceIsAnotherWorker() {
        register("w", "w-1");

        Object other = engine.when(new EngineCommand.RegisterWorker(new RegisterWorkerArgs(WorkerId.of("x"),
                WorkerInstanceId.of("w-1"), null, null, TTL, Namespace.of("ns-b"), engine.now)));

        assertInstanceOf(RegisterWorkerResult.Registered.class, other);
        assertEquals("w", stored("w-1").orElseThrow().workerId());
    }

    @Test
    void aHeartbeatWhileLiveMovesTheExpiryToNowPlusTtl() {
        register("w", "w-1");
        engine.advance(TTL - 1);

        HeartbeatWorkerResult r = (HeartbeatWorkerResult) heartbeat("w-1");

        assertEquals(new HeartbeatWorkerResult.Refreshed(engine.now + TTL), r);
        assertEquals(engine.now, stored("w-1").orElseThrow().lastHeartbeatMs());
        assertEquals(List.of("registered", "heartbeat"), eventKinds("w-1"));
    }

    @Test
    void aHeartbeatAfterTheTtlOrWithoutARegistrationIsNotRegisteredAndWritesNothing() {
        assertInstanceOf(HeartbeatWorkerResult.NotRegistered.class, heartbeat("nobody"));
        register("w", "w-1");
        engine.advance(TTL);

        assertInstanceOf(HeartbeatWorkerResult.NotRegistered.class, heartbeat("w-1"));

        assertEquals(engine.now - TTL, stored("w-1").orElseThrow().lastHeartbeatMs());
        assertEquals(List.of("registered"), eventKinds("w-1"));
    }

    @Test
    void markingDeadRemovesTheRegistrationLogsTheReasonAndThenIsNotRegistered() {
        register("w", "w-1");
        engine.advance(1);

        assertInstanceOf(MarkWorkerDeadResult.Marked.class, markDead("w-1", "shutting down"));

        assertTrue(stored("w-1").isEmpty());
        WorkerEvent last = engine.state.workerEvents().get(engine.state.workerEvents().size() - 1);
        assertEquals(new WorkerEvent(NS.value(), "w-1", engine.now, "marked_dead", "shutting down"), last);
        assertInstanceOf(MarkWorkerDeadResult.NotRegistered.class, markDead("w-1", "again"));
        assertEquals(List.of("registered", "marked_dead"), eventKinds("w-1"));
    }

    @Test
    void aReasonWithAControlCharacterOrOver256BytesIsInvalidInput() {
        register("w", "w-1");

        org.junit.jupiter.api.Assertions.assertThrows(io.skein.core.error.EngineException.class,
                () -> markDead("w-1", "line\nbreak"));
        org.junit.jupiter.api.Assertions.assertThrows(io.skein.core.error.EngineException.class,
                () -> markDead("w-1", "x".repeat(257)));
        assertTrue(stored("w-1").isPresent());
    }

    @Test
    void theSweepDeletesOnlyRegistrationsPastTheirTtlAndLogsTtlSwept() {
        register("w", "old", Set.of("default"), Set.of(), 1_000);
        register("w", "young", Set.of("default"), Set.of(), 5_000);
        engine.advance(1_000);
        assertEquals(0, sweep(), "at exactly last_heartbeat + ttl the row is not yet swept");

        engine.advance(1);
        assertEquals(1, sweep());

        assertTrue(stored("old").isEmpty());
        assertTrue(stored("young").isPresent());
        assertEquals(List.of("registered", "ttl_swept"), eventKinds("old"));
        assertEquals(0, sweep(), "a repeated pass deletes nothing more");
    }

    @Test
    void aRegistrationHeartbeatedInTimeSurvivesTheSweep() {
        register("w", "w-1");
        engine.advance(TTL - 1);
        heartbeat("w-1");
        engine.advance(TTL - 1);

        assertEquals(0, sweep());
        assertTrue(stored("w-1").isPresent());
    }

    private int sweep() {
        return given.write(unit -> engine.engine.workerRegistry().sweepLapsed(unit));
    }
}
