package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowHeaderResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelFlowResult;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.PublicFlowState;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.PublicState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checklist J12–J16 and J18: cancelling a flow, its backlog of owed members, acks and the cancel reconciler. */
class FlowCancelConformance extends FlowConformance {

    private List<ExecutionId> members(FlowId flow, int n) {
        List<ExecutionId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(member(flow));
        }
        return ids;
    }

    private long owed(FlowId flow) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_cancel_backlog_member WHERE flow_id = ?", flow.uuid());
    }

    private long backlogRows(FlowId flow) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_cancel_backlog WHERE flow_id = ?", flow.uuid());
    }

    @Test
    void j12_cancelAllCancelsEveryMemberInTheHeaderUnit() {
        FlowId flow = flow();
        ExecutionId active = member(flow);
        ExecutionId waiting = member(flow);
        claim(active);

        CancelFlowResult r = backend.cancelFlow(flow, CancelFlowPolicy.CANCEL_ALL, new CancelFlowWait.NoWait(), "stop");

        CancelFlowResult.Cancelled cancelled = assertInstanceOf(CancelFlowResult.Cancelled.class, r);
        assertEquals(CancelFlowPolicy.CANCEL_ALL, cancelled.cancellationPolicy());
        assertEquals(Set.of(active, waiting), new HashSet<>(cancelled.memberExecutionIds()));
        assertEquals(PublicFlowState.CANCELLED, backend.describeFlow(flow).orElseThrow().publicFlowState());
        assertEquals(PublicState.CANCELLED, state(active));
        assertEquals(PublicState.CANCELLED, state(waiting));
        assertEquals("flow_cascade", column("ff_exec_core", "cancelled_by", active));
        assertTrue(isNull("ff_attempt", "lease_expires_at_ms", active), "lease released");
        assertEquals("attempt_cancelled", column("ff_stream_meta", "closed_reason", active));
        assertEquals("cancelled", completions(active));
        assertEquals("cancelled", completions(waiting));
        assertEquals(1, fx.queryLong("SELECT COUNT(*) FROM ff_operator_event WHERE event_type = 'flow_cancel_requested' "
                + "AND execution_id = ?", flow.uuid()));

        // again: the stored policy, no new effects
        var before = fx.snapshot();
        CancelFlowResult again = backend.cancelFlow(flow, CancelFlowPolicy.FLOW_ONLY, new CancelFlowWait.NoWait(), "x");
        assertEquals(CancelFlowPolicy.CANCEL_ALL, assertInstanceOf(CancelFlowResult.Cancelled.class, again)
                .cancellationPolicy());
        assertEquals(before, fx.snapshot());

        // then: the cancelled flow refuses mutations
        ExecutionId late = createdOn(flow);
        assertEquals(StateKind.FLOW_ALREADY_TERMINAL, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, late, clock.millis()))).kind());
        long rev = revision(flow);
        assertEquals(StateKind.FLOW_ALREADY_TERMINAL, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.stageDependencyEdge(new StageDependencyEdgeArgs(flow, EdgeId.random(), active, waiting,
                        null, null, rev, clock.millis()))).kind());
    }

    @Test
    void j13_cancelPendingLetsActiveMembersDrainAndFlowOnlyTouchesNone() {
        FlowId flow = flow();
        ExecutionId active = member(flow);
        ExecutionId waiting = member(flow);
        claim(active);

        CancelFlowResult r = backend.cancelFlow(flow, CancelFlowPolicy.CANCEL_PENDING, new CancelFlowWait.NoWait(), "");
        assertEquals(List.of(waiting), assertInstanceOf(CancelFlowResult.Cancelled.class, r).memberExecutionIds());
        assertEquals(PublicState.ACTIVE, state(active));
        assertEquals(PublicState.CANCELLED, state(waiting));

        FlowId headerOnly = flow();
        ExecutionId untouched = member(headerOnly);
        CancelFlowResult none = backend.cancelFlow(headerOnly, CancelFlowPolicy.FLOW_ONLY,
                new CancelFlowWait.NoWait(), null);
        assertEquals(List.of(), assertInstanceOf(CancelFlowResult.Cancelled.class, none).memberExecutionIds());
        assertEquals(PublicState.WAITING, state(untouched));
        assertEquals(PublicFlowState.CANCELLED, backend.describeFlow(headerOnly).orElseThrow().publicFlowState());
    }

    @Test
    void j14_aLargeFlowWithoutWaitingIsScheduledAndDrainedByFollowUps() throws InterruptedException {
        FlowId flow = flow();
        List<ExecutionId> ids = members(flow, 300);

        CancelFlowResult r = backend.cancelFlow(flow, CancelFlowPolicy.CANCEL_ALL, new CancelFlowWait.NoWait(), "big");

        CancelFlowResult.CancellationScheduled scheduled = assertInstanceOf(CancelFlowResult.CancellationScheduled.class, r);
        assertEquals(300, scheduled.memberCount());
        assertTrue(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("w")).isEmpty(),
                "no owed member can be claimed");
        long deadline = System.currentTimeMillis() + 20_000;
        while (backlogRows(flow) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, backlogRows(flow));
        assertEquals(0, owed(flow));
        for (ExecutionId id : ids) {
            assertEquals(PublicState.CANCELLED, state(id));
        }
    }

    @Test
    void j14_aLargeFlowWithAWaitIsCancelledBeforeTheCallReturns() {
        FlowId flow = flow();
        List<ExecutionId> ids = members(flow, 300);

        CancelFlowResult r = backend.cancelFlow(flow, CancelFlowPolicy.CANCEL_ALL,
                new CancelFlowWait.WaitTimeout(Duration.ofSeconds(10)), "big");

        assertEquals(300, assertInstanceOf(CancelFlowResult.Cancelled.class, r).memberExecutionIds().size());
        assertEquals(0, backlogRows(flow));
        for (ExecutionId id : ids) {
            assertEquals(PublicState.CANCELLED, state(id));
        }
    }

    @Test
    void j15_theHeaderRecordsOwedMembersAndAcksRemoveThem() {
        FlowId flow = flow();
        List<ExecutionId> ids = members(flow, 260);

        CancelFlowHeaderResult r = backend.cancelFlowHeader(new CancelFlowArgs(flow, "r", CancelFlowPolicy.CANCEL_ALL,
                clock.millis()));

        CancelFlowHeaderResult.Cancelled header = assertInstanceOf(CancelFlowHeaderResult.Cancelled.class, r);
        assertEquals(260, header.memberExecutionIds().size());
        assertEquals(4, owed(flow), "256 are cancelled in the header unit, 4 are owed");
        List<ExecutionId> owedIds = ids.stream().filter(id -> state(id) != PublicState.CANCELLED).toList();
        assertEquals(4, owedIds.size());
        for (ExecutionId id : owedIds) {
            assertEquals(BlockingReason.PAUSED_BY_FLOW_CANCEL,
                    backend.readExecutionInfo(id).orElseThrow().stateVector().blockingReason());
        }

        backend.ackCancelMember(flow, owedIds.get(0));
        assertEquals(3, owed(flow));
        assertEquals(1, backlogRows(flow));
        for (ExecutionId id : owedIds.subList(1, 4)) {
            backend.ackCancelMember(flow, id);
        }
        assertEquals(0, backlogRows(flow), "the last ack deletes the backlog row");
        var before = fx.snapshot();
        backend.ackCancelMember(flow, owedIds.get(0));
        assertEquals(before, fx.snapshot(), "acking again is a no-op");

        CancelFlowHeaderResult again = backend.cancelFlowHeader(new CancelFlowArgs(flow, "other",
                CancelFlowPolicy.FLOW_ONLY, clock.millis()));
        CancelFlowHeaderResult.AlreadyTerminal done = assertInstanceOf(CancelFlowHeaderResult.AlreadyTerminal.class, again);
        assertEquals(CancelFlowPolicy.CANCEL_ALL, done.storedCancellationPolicy());
        assertEquals("r", done.storedCancelReason());
    }

    @Test
    void j16_cancelErrorsAreTyped() {
        FlowId missing = FlowId.random();
        assertEquals("flow", expectRejectedUnchanged(EngineError.NotFound.class, () -> backend.cancelFlow(missing,
                CancelFlowPolicy.CANCEL_ALL, new CancelFlowWait.NoWait(), null)).entity());
        assertEquals("flow", expectRejectedUnchanged(EngineError.NotFound.class, () -> backend.cancelFlowHeader(
                new CancelFlowArgs(missing, null, CancelFlowPolicy.CANCEL_ALL, 0))).entity());
        assertEquals(ValidationKind.INVALID_INPUT, expectError(EngineError.Validation.class,
                () -> CancelFlowPolicy.parse("cancel_some")).kind());
        FlowId flow = flow();
        assertEquals(ValidationKind.INVALID_INPUT, expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.cancelFlow(flow, null, new CancelFlowWait.NoWait(), null)).kind());
        assertEquals(CancelFlowPolicy.FLOW_ONLY, CancelFlowPolicy.parse("cancel_flow_only"));
    }

    @Test
    void j18_theCancelReconcilerFinishesOwedMembersAfterTheGrace() {
        // given: the header ran, its follow-ups were lost
        FlowId flow = flow();
        List<ExecutionId> ids = members(flow, 260);
        backend.cancelFlowHeader(new CancelFlowArgs(flow, "r", CancelFlowPolicy.CANCEL_ALL, clock.millis()));
        assertEquals(4, owed(flow));

        // when: within the grace nothing happens; past it the reconciler re-drives them
        clock.advance(29_000);
        under.runDue();
        assertEquals(4, owed(flow));
        clock.advance(1_000);
        under.runDue();

        // then
        assertEquals(0, owed(flow));
        assertEquals(0, backlogRows(flow));
        for (ExecutionId id : ids) {
            assertEquals(PublicState.CANCELLED, state(id));
        }
    }
}
