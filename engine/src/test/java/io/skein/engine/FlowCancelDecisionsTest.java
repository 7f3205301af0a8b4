package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowHeaderResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelFlowResult;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.PublicState;
import io.skein.engine.processing.FlowCancelHandlers;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Flow;
import io.skein.engine.state.FlowState.OverdueFlow;
import io.skein.engine.state.memory.InMemoryEngineState.LoggedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flow cancellation (spec 04 §4.4), given / when / then against the in-memory state: the header unit cancels the
 * members its policy selects, up to {@value FlowCancelHandlers#CANCEL_BATCH}; the rest are owed, held so no claim
 * takes them, cancelled by follow-up units (or the reconciler after the grace) and acknowledged one by one.
 */
class FlowCancelDecisionsTest {

    private final EngineRule engine = new EngineRule();
    private final FlowGivens flows = new FlowGivens(engine);
    private final ClaimGivens given = flows.given;

    @Test
    void cancelAllCancelsEveryMemberStillRunningOrWaitingInTheHeaderUnit() {
        ExecutionId done = flows.member();
        ExecutionId running = flows.member();
        ExecutionId waiting = flows.member();
        flows.completed(done, null);
        flows.running(running);

        Object result = engine.when(header(CancelFlowPolicy.CANCEL_ALL, "stop"));

        assertEquals(new CancelFlowHeaderResult.Cancelled(CancelFlowPolicy.CANCEL_ALL, List.of(running, waiting)),
                result, "active members first");
        Flow flow = flows.row();
        assertEquals(Flow.CANCELLED, flow.publicFlowState());
        assertEquals("stop", flow.cancelReason());
        assertEquals("cancel_all", flow.cancellationPolicy());
        assertEquals(engine.now, flow.terminalAtMs());
        for (ExecutionId member : List.of(running, waiting)) {
            ExecCore cancelled = engine.execution(member);
            assertEquals(PublicState.CANCELLED, cancelled.state.publicState());
            assertEquals("stop", cancelled.cancellationReason);
            assertEquals("flow_cascade", cancelled.cancelledBy);
        }
        assertEquals(AttemptLifecycle.ENDED_CANCELLED, engine.currentAttempt(running).lifecycle);
        assertEquals(PublicState.COMPLETED, flows.state(done));
        assertEquals(new LoggedEvent("operator", new ExecutionId(flows.partition, flows.flow.uuid()),
                "flow_cancel_requested", "{\"cancellation_policy\":\"cancel_all\",\"member_count\":2,"
                        + "\"owed_count\":0}"), engine.state.history().get(engine.state.history().size() - 1));
        assertTrue(engine.state.flows().owedCancelReason(flows.partition, flows.flow.uuid()).isEmpty(),
                "nothing is owed");
    }

    @Test
    void cancellingACancelledFlowAgainAnswersWhatWasStoredAndChangesNothing() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        engine.when(header(CancelFlowPolicy.CANCEL_ALL, "stop"));
        Flow cancelled = flows.row();
        int events = engine.state.history().size();
        engine.advance(1_000);

        Object again = engine.when(header(CancelFlowPolicy.FLOW_ONLY, "again"));

        assertEquals(new CancelFlowHeaderResult.AlreadyTerminal(CancelFlowPolicy.CANCEL_ALL, "stop",
                sorted(a, b)), again);
        assertEquals(cancelled, flows.row());
        assertEquals(events, engine.state.history().size());
    }

    @Test
    void cancelPendingLetsActiveMembersDrain() {
        ExecutionId running = flows.member();
        ExecutionId waiting = flows.member();
        flows.running(running);

        Object result = engine.when(header(CancelFlowPolicy.CANCEL_PENDING, "drain"));

        assertEquals(new CancelFlowHeaderResult.Cancelled(CancelFlowPolicy.CANCEL_PENDING, List.of(waiting)), result);
        assertEquals(PublicState.ACTIVE, flows.state(running));
        assertEquals(PublicState.CANCELLED, flows.state(waiting));
    }

    @Test
    void flowOnlyCancelsTheFlowAndNoMember() {
        ExecutionId waiting = flows.member();

        Object result = engine.when(header(CancelFlowPolicy.FLOW_ONLY, "header"));

        assertEquals(new CancelFlowHeaderResult.Cancelled(CancelFlowPolicy.FLOW_ONLY, List.of()), result);
        assertEquals(Flow.CANCELLED, flows.row().publicFlowState());
        assertEquals(PublicState.WAITING, flows.state(waiting));
    }

    @Test
    void aCancelledFlowRefusesNewMembersAndEdges() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        ExecutionId late = flows.createdOnPartition();
        engine.when(header(CancelFlowPolicy.FLOW_ONLY, "closed"));
        Flow cancelled = flows.row();

        EngineError.State add = engine.rejected(flows.add(late), EngineError.State.class);
        EngineError.State stage = engine.rejected(flows.stage(new EdgeId(engine.state.newId()), a, b, null),
                EngineError.State.class);

        assertEquals(StateKind.FLOW_ALREADY_TERMINAL, add.kind());
        assertEquals(StateKind.FLOW_ALREADY_TERMINAL, stage.kind());
        assertEquals(cancelled, flows.row());
        assertNull(engine.execution(late).flowId);
    }

    @Test
    void cancellingAMissingFlowIsNotFound() {
        EngineError.NotFound error = engine.rejected(new EngineCommand.CancelFlowHeader(new CancelFlowArgs(
                flows.unknownFlowOnThePartition(), "stop", CancelFlowPolicy.CANCEL_ALL, engine.now)),
                EngineError.NotFound.class);

        assertEquals("flow", error.entity());
        assertEquals(Flow.OPEN, flows.row().publicFlowState());
    }

    // ------------------------------------------------------------------------------------------ owed members

    @Test
    void membersBeyondOneUnitAreOwedAndHeldSoNoClaimTakesThem() {
        List<ExecutionId> members = members(FlowCancelHandlers.CANCEL_BATCH + 2);

        engine.when(header(CancelFlowPolicy.CANCEL_ALL, "stop"));

        List<ExecutionId> owed = owed();
        assertEquals(members.subList(FlowCancelHandlers.CANCEL_BATCH, members.size()), owed, "the last by id");
        for (ExecutionId id : members.subList(0, FlowCancelHandlers.CANCEL_BATCH)) {
            assertEquals(PublicState.CANCELLED, flows.state(id));
        }
        for (ExecutionId id : owed) {
            ExecCore held = engine.execution(id);
            assertEquals(EligibilityState.BLOCKED_BY_OPERATOR, held.state.eligibilityState());
            assertEquals(BlockingReason.PAUSED_BY_FLOW_CANCEL, held.state.blockingReason());
        }
        assertEquals(List.of(), given.ready());
        assertEquals("stop", engine.state.flows().owedCancelReason(flows.partition, flows.flow.uuid()).orElseThrow());
        assertTrue(engine.state.history().get(engine.state.history().size() - 1).reason().contains("\"owed_count\":2"));
    }

    @Test
    void anOwedMemberCanNeitherBeGrantedNorUnblocked() {
        members(FlowCancelHandlers.CANCEL_BATCH + 1);
        engine.when(header(CancelFlowPolicy.CANCEL_ALL, "stop"));
        ExecutionId held = owed().get(0);
        long version = engine.execution(held).stateVersion;

        EngineError.Contention grant = engine.rejected(given.issueGrant(held), EngineError.Contention.class);
        engine.when(new EngineCommand.UnblockExecution(new UnblockExecutionArgs(held.partitionKey(), held,
                BlockingReason.PAUSED_BY_OPERATOR, engine.now)));
        engine.when(new EngineCommand.UnblockExecution(new UnblockExecutionArgs(held.partitionKey(), held,
                BlockingReason.PAUSED_BY_FLOW_CANCEL, engine.now)));

        assertEquals(ContentionKind.EXECUTION_NOT_ELIGIBLE, grant.kind());
        assertEquals(version, engine.execution(held).stateVersion, "the hold is never lifted by unblock");
    }

    @Test
    void acknowledgingOwedMembersRemovesThemAndTheLastTakesTheBacklogAlong() {
        members(FlowCancelHandlers.CANCEL_BATCH + 2);
        engine.when(header(CancelFlowPolicy.CANCEL_ALL, "stop"));
        List<ExecutionId> owed = owed();

        engine.when(new EngineCommand.AckCancelMember(flows.flow, owed.get(0)));

        assertEquals(owed.subList(1, 2), owed());
        assertTrue(engine.state.flows().owedCancelReason(flows.partition, flows.flow.uuid()).isPresent());

        engine.when(new EngineCommand.AckCancelMember(flows.flow, owed.get(1)));
        engine.when(new EngineCommand.AckCancelMember(flows.flow, owed.get(1)));

        assertEquals(List.of(), owed());
        assertTrue(engine.state.flows().owedCancelReason(flows.partition, flows.flow.uuid()).isEmpty());
    }

    @Test
    void cancelFlowWithAWaitCancelsTheOwedMembersInFollowUpUnitsBeforeItReturns() {
        List<ExecutionId> members = members(FlowCancelHandlers.CANCEL_BATCH + 2);

        CancelFlowResult result = engine.engine.flowCancels().cancelFlow(flows.partition, flows.flow,
                CancelFlowPolicy.CANCEL_ALL, new CancelFlowWait.WaitTimeout(Duration.ofSeconds(30)), "stop",
                engine.now);

        assertEquals(new CancelFlowResult.Cancelled(CancelFlowPolicy.CANCEL_ALL, members), result);
        for (ExecutionId id : members) {
            assertEquals(PublicState.CANCELLED, flows.state(id));
            assertEquals("stop", engine.execution(id).cancellationReason);
        }
        assertEquals(List.of(), owed());
        assertTrue(engine.state.flows().owedCancelReason(flows.partition, flows.flow.uuid()).isEmpty());
    }

    @Test
    void theReconcilerFindsOwedMembersOnlyOnceTheGraceHasPassed() {
        members(FlowCancelHandlers.CANCEL_BATCH + 1);
        engine.when(header(CancelFlowPolicy.CANCEL_ALL, "stop"));
        ExecutionId held = owed().get(0);

        engine.advance(FlowCancelHandlers.GRACE_MS - 1);
        assertEquals(List.of(), overdue());
        engine.advance(1);
        assertEquals(List.of(new OverdueFlow(flows.partition, flows.flow)), overdue());

        List<ExecutionId> failed = engine.engine.flowCancels().drainOwed(flows.partition, flows.flow,
                System.nanoTime() + Duration.ofSeconds(30).toNanos());

        assertEquals(List.of(), failed);
        assertEquals(PublicState.CANCELLED, flows.state(held));
        assertEquals(List.of(), overdue());
    }

    // ------------------------------------------------------------------------------------------ givens

    private EngineCommand header(CancelFlowPolicy policy, String reason) {
        return new EngineCommand.CancelFlowHeader(new CancelFlowArgs(flows.flow, reason, policy, engine.now));
    }

    /** {@code n} waiting members, in id order (the order the header takes them). */
    private List<ExecutionId> members(int n) {
        List<ExecutionId> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(flows.member());
        }
        return sorted(members.toArray(ExecutionId[]::new));
    }

    private static List<ExecutionId> sorted(ExecutionId... ids) {
        List<ExecutionId> sorted = new ArrayList<>(List.of(ids));
        sorted.sort((x, y) -> x.uuid().toString().compareTo(y.uuid().toString()));
        return sorted;
    }

    private List<ExecutionId> owed() {
        return engine.state.flows().owedCancelMembers(flows.partition, flows.flow.uuid());
    }

    private List<OverdueFlow> overdue() {
        return given.inUnit(unit -> engine.engine.flowCancels().overdue(unit));
    }
}
