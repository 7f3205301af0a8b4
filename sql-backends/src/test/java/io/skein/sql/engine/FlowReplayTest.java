package io.skein.sql.engine;

import io.skein.engine.state.ExecCore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.EdgeGroupSnapshot;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.AttemptState;
import io.skein.core.state.PublicState;
import io.skein.core.time.ManualClock;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The flow part of replaying a skipped member (spec 04 §4.3, F9), driven the way {@code replayExecution} calls
 * it: {@link io.skein.engine.processing.FlowResolution#replaySkippedMember} inside the replay unit, then save.
 */
class FlowReplayTest {

    private static final LaneId LANE = LaneId.of("default");

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final SqliteBackend backend = SqliteBackend.open(SqliteOptions
            .of("file:flow-replay-" + UUID.randomUUID() + "?mode=memory&cache=shared")
            .withEnv(Map.of("FF_DEV_MODE", "1")::get).withClock(clock));

    @AfterEach
    void close() {
        backend.close();
    }

    private ExecutionId member(FlowId flow) {
        ExecutionId id = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE, "k", new byte[0], null, 0,
                "test", null, Map.of(), null, null, null, id.partition(), clock.millis()));
        backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, id, clock.millis()));
        return id;
    }

    private void edge(FlowId flow, ExecutionId up, ExecutionId down) {
        EdgeId edge = EdgeId.random();
        long rev = backend.describeFlow(flow).orElseThrow().graphRevision();
        backend.stageDependencyEdge(new StageDependencyEdgeArgs(flow, edge, up, down, null, null, rev, 0));
        backend.applyDependencyToChild(new ApplyDependencyToChildArgs(flow, edge, down, up, rev + 1, null, null, 0));
    }

    private static ClaimPolicy worker() {
        return new ClaimPolicy(WorkerId.of("w"), WorkerInstanceId.of("w-1"), 30_000, null);
    }

    /** What replayExecution does for a skipped member: the flow part, then the save. */
    private boolean replayFlowPart(ExecutionId id) {
        return backend.write(tx -> {
            ExecCore e = ExecCoreStore.require(tx, id);
            boolean handled = backend.flowResolution.replaySkippedMember(tx, e);
            if (handled) {
                ExecCoreStore.save(tx, e);
            }
            return handled;
        });
    }

    @Test
    void aReplayedSkippedMemberWaitsForItsReplayedUpstream() {
        // given: a → b, a failed terminally, b skipped
        FlowId flow = FlowId.random();
        backend.createFlow(new CreateFlowArgs(flow, "dag", Namespace.of("default"), clock.millis()));
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        edge(flow, a, b);
        backend.fail(backend.claim(LANE, CapabilitySet.EMPTY, worker()).orElseThrow(), new FailureReason("x", null),
                FailureClass.PERMANENT);
        assertEquals(PublicState.SKIPPED, backend.readExecutionState(b).orElseThrow());

        // when: b is replayed
        assertTrue(replayFlowPart(b));

        // then: b waits for its children again, its impossible dependency is unsatisfied, counters recomputed
        assertEquals(PublicState.WAITING_CHILDREN, backend.readExecutionState(b).orElseThrow());
        assertEquals(AttemptState.PENDING_FIRST_ATTEMPT,
                backend.readExecutionInfo(b).orElseThrow().stateVector().attemptState(), "b never had an attempt");
        EdgeGroupSnapshot group = backend.describeFlow(flow).orElseThrow().edgeGroups().get(0);
        assertEquals(new EdgeGroupSnapshot(b, group.policy(), 1, 0, 0, 0, 0, EdgeGroupState.PENDING), group);

        // when: a is replayed (fixture: the non-flow replay vector) and completes
        backend.database().inWriteTransaction(unit -> new Tx(unit.connection(), SqlDialect.SQLITE, clock.millis(),
                unit::afterCommit).update("UPDATE ff_exec_core SET lifecycle_phase = 'runnable', "
                + "eligibility_state = 'eligible_now', blocking_reason = 'waiting_for_worker', terminal_outcome = 'none', "
                + "attempt_state = 'pending_replay_attempt', public_state = 'waiting' WHERE partition_key = ? "
                + "AND execution_id = ?", a.partition(), a.uuid()));
        backend.complete(backend.claim(LANE, CapabilitySet.EMPTY, worker()).orElseThrow(), null);

        // then: b's dependency resolves satisfied and b becomes claimable
        assertEquals(PublicState.WAITING, backend.readExecutionState(b).orElseThrow());
    }

    @Test
    void aMemberThatWasNotSkippedIsLeftToTheNormalReplay() {
        FlowId flow = FlowId.random();
        backend.createFlow(new CreateFlowArgs(flow, "dag", Namespace.of("default"), clock.millis()));
        ExecutionId a = member(flow);
        backend.fail(backend.claim(LANE, CapabilitySet.EMPTY, worker()).orElseThrow(), new FailureReason("x", null),
                FailureClass.PERMANENT);

        assertFalse(replayFlowPart(a));
        assertEquals(PublicState.FAILED, backend.readExecutionState(a).orElseThrow());
    }
}
