package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.FlowEligibility;
import io.skein.core.api.Handle;
import io.skein.core.api.OnSatisfied;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.ReplayExecutionResult;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptState;
import io.skein.core.state.AttemptType;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.PublicState;
import io.skein.engine.processing.FlowResolution;
import io.skein.engine.state.Edge;
import io.skein.engine.state.EdgeGroup;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.memory.InMemoryEngineState.LoggedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependency resolution (spec 04 §4.2–§4.3, 01 §8, D2), given / when / then against the in-memory state: a member's
 * terminal transition resolves its edges in its own unit; AllOf, AnyOf and Quorum groups fire once; skips propagate;
 * {@code waitChildren} parks a running child; a skipped member's replay goes back to its dependencies.
 */
class FlowResolutionDecisionsTest {

    private static final EdgeDependencyPolicy ANY_LET_RUN = new EdgeDependencyPolicy.AnyOf(OnSatisfied.LET_RUN);
    private static final EdgeDependencyPolicy ANY_CANCEL = new EdgeDependencyPolicy.AnyOf(OnSatisfied.CANCEL_REMAINING);

    private final EngineRule engine = new EngineRule();
    private final FlowGivens flows = new FlowGivens(engine);
    private final ClaimGivens given = flows.given;

    // ------------------------------------------------------------------------------------------ resolution: AllOf

    @Test
    void aChainPromotesEachChildInTheUnitOfItsUpstreamsSuccess() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        ExecutionId c = flows.member();
        EdgeId ab = flows.edge(a, b);
        flows.edge(b, c);

        flows.completed(a, null);

        Edge resolved = flows.edgeRow(ab);
        assertEquals("satisfied", resolved.dependencyState());
        assertEquals(engine.now, resolved.resolvedAtMs());
        assertEquals(new EdgeGroup(flows.partition, flows.flow.uuid(), b, new EdgeDependencyPolicy.AllOf(), 1, 1, 0, 0,
                0, 0, EdgeGroupState.SATISFIED, engine.now, false), flows.group(b));
        ExecCore promoted = engine.execution(b);
        assertEquals(PublicState.WAITING, promoted.state.publicState());
        assertEquals(BlockingReason.WAITING_FOR_WORKER, promoted.state.blockingReason());
        assertEquals(AttemptState.PENDING_FIRST_ATTEMPT, promoted.state.attemptState());
        assertEquals(PublicState.WAITING_CHILDREN, flows.state(c));
        assertEquals(List.of(), engine.state.flows().undispatchedMembers(Long.MAX_VALUE),
                "the completion was resolved in its own unit");

        flows.completed(b, null);

        assertEquals(PublicState.WAITING, flows.state(c));
    }

    @Test
    void anAllOfChildWaitsForEveryUpstream() {
        ExecutionId u1 = flows.member();
        ExecutionId u2 = flows.member();
        ExecutionId d = flows.member();
        flows.edge(u1, d);
        flows.edge(u2, d);

        flows.completed(u1, null);

        EdgeGroup group = flows.group(d);
        assertEquals(EdgeGroupState.PENDING, group.state());
        assertEquals(1, group.success());
        assertEquals(1, group.running());
        assertEquals(1, group.unsatisfied());
        assertEquals(PublicState.WAITING_CHILDREN, flows.state(d));

        flows.completed(u2, null);

        assertEquals(EdgeGroupState.SATISFIED, flows.group(d).state());
        assertEquals(PublicState.WAITING, flows.state(d));
    }

    @Test
    void anAllOfChildIsSkippedInTheUnitOfAnUpstreamsFailureAndTheOtherUpstreamKeepsRunning() {
        ExecutionId u1 = flows.member();
        ExecutionId u2 = flows.member();
        ExecutionId d = flows.member();
        flows.edge(u1, d);
        flows.edge(u2, d);
        flows.running(u1);

        flows.failedForGood(u2);

        EdgeGroup group = flows.group(d);
        assertEquals(EdgeGroupState.IMPOSSIBLE, group.state());
        assertEquals(1, group.fail());
        assertEquals(1, group.running());
        ExecCore skipped = engine.execution(d);
        assertEquals(PublicState.SKIPPED, skipped.state.publicState());
        assertEquals(AttemptState.PENDING_FIRST_ATTEMPT, skipped.state.attemptState(),
                "a child that never ran keeps its attempt state");
        assertEquals(List.of(new LoggedEvent("completion", d, "skipped", null)), engine.history(d));
        assertEquals(PublicState.ACTIVE, flows.state(u1), "AllOf never cancels its other upstreams");
    }

    @Test
    void aCancelledUpstreamMakesItsEdgeImpossible() {
        ExecutionId u = flows.member();
        ExecutionId d = flows.member();
        EdgeId edge = flows.edge(u, d);

        flows.cancelled(u);

        assertEquals("impossible", flows.edgeRow(edge).dependencyState());
        assertEquals(1, flows.group(d).fail(), "cancelled counts with the failures");
        assertEquals(PublicState.SKIPPED, flows.state(d));
    }

    @Test
    void aSkipPropagatesDownTheWholeChainInOneUnit() {
        List<ExecutionId> chain = chain(4);

        flows.failedForGood(chain.get(0));

        for (ExecutionId member : chain.subList(1, 4)) {
            assertEquals(PublicState.SKIPPED, flows.state(member));
            assertEquals(List.of(new LoggedEvent("completion", member, "skipped", null)), engine.history(member));
        }
        assertEquals(1, flows.group(chain.get(1)).fail());
        assertEquals(1, flows.group(chain.get(2)).skip(), "a skipped upstream counts with the skips");
        assertEquals(List.of(), engine.state.flows().undispatchedMembers(Long.MAX_VALUE));
    }

    @Test
    void skipsPropagateBeyondTheDepthLimitThroughFollowUpUnits() {
        List<ExecutionId> chain = chain(FlowResolution.MAX_DEPTH + 5);

        flows.failedForGood(chain.get(0));

        for (ExecutionId member : chain.subList(1, chain.size())) {
            assertEquals(PublicState.SKIPPED, flows.state(member), "member " + chain.indexOf(member));
        }
        assertEquals(List.of(), engine.state.flows().undispatchedMembers(Long.MAX_VALUE),
                "the follow-up units resolved what the first unit handed on");
    }

    @Test
    void aChildSatisfiedBeforeItsDelayEndsWaitsItOut() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member("{\"delay_until\":" + (engine.now + 10_000) + "}");
        flows.edge(a, b);
        assertEquals(PublicState.WAITING_CHILDREN, flows.state(b));

        flows.completed(a, null);

        ExecCore delayed = engine.execution(b);
        assertEquals(PublicState.DELAYED, delayed.state.publicState());
        assertEquals(BlockingReason.WAITING_FOR_DELAY, delayed.state.blockingReason());
        engine.advance(10_000);
        engine.when(new EngineCommand.PromoteDelayed(new TimerArgs(b.partitionKey(), b, null, engine.now)));
        assertEquals(PublicState.WAITING, flows.state(b));
    }

    @Test
    void aDelayThatEndsWhileTheChildWaitsForItsChildrenDoesNotReleaseIt() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member("{\"delay_until\":" + (engine.now + 10_000) + "}");
        flows.edge(a, b);
        engine.advance(10_000);

        engine.when(new EngineCommand.PromoteDelayed(new TimerArgs(b.partitionKey(), b, null, engine.now)));
        assertEquals(PublicState.WAITING_CHILDREN, flows.state(b), "its dependency still holds it");
        flows.completed(a, null);

        assertEquals(PublicState.WAITING, flows.state(b), "the delay has passed: eligible at once");
    }

    @Test
    void theUpstreamsResultReplacesTheChildsInputWhenTheEdgePassesData() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        ExecutionId c = flows.member();
        flows.edge(a, b, "result");
        flows.edge(a, c);

        flows.completed(a, "hello".getBytes(StandardCharsets.UTF_8));

        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), engine.execution(b).payload);
        assertArrayEquals(new byte[] {'i', 'n'}, engine.execution(c).payload, "no data passing on this edge");
    }

    @Test
    void anUpstreamWithoutAResultLeavesTheChildsInput() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        flows.edge(a, b, "result");

        flows.completed(a, null);

        assertArrayEquals(new byte[] {'i', 'n'}, engine.execution(b).payload);
        assertEquals(PublicState.WAITING, flows.state(b));
    }

    @Test
    void skippingAnActiveChildEndsItsAttemptAndReleasesItsLease() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        flows.running(b);
        flows.edge(a, b);

        flows.failedForGood(a);

        assertEquals(PublicState.SKIPPED, flows.state(b));
        assertEquals(AttemptState.ATTEMPT_TERMINAL, engine.execution(b).state.attemptState());
        assertEquals(AttemptLifecycle.ENDED_CANCELLED, engine.currentAttempt(b).lifecycle);
        assertEquals("dependency_impossible", engine.currentAttempt(b).failureReason);
        assertNull(engine.currentAttempt(b).leaseExpiresAtMs);
        assertEquals(List.of(new LoggedEvent("lease", b, "acquired", "initial"),
                new LoggedEvent("lease", b, "released", "dependency_impossible"),
                new LoggedEvent("completion", b, "skipped", null)), engine.history(b));
        assertTrue(engine.effects.contains("closed " + b + "/0"), engine.effects.toString());
    }

    // ------------------------------------------------------------------------------------------ resolution: AnyOf, Quorum

    @Test
    void anyOfLetRunIsSatisfiedByTheFirstSuccessAndLaterFailuresOnlyCount() {
        ExecutionId d = downstreamWith(ANY_LET_RUN);
        ExecutionId u1 = flows.member();
        ExecutionId u2 = flows.member();
        flows.edge(u1, d);
        flows.edge(u2, d);
        Handle running = flows.running(u2);

        flows.completed(u1, null);

        assertEquals(EdgeGroupState.SATISFIED, flows.group(d).state());
        assertEquals(PublicState.WAITING, flows.state(d));
        assertEquals(PublicState.ACTIVE, flows.state(u2), "let_run leaves the sibling running");

        engine.when(new EngineCommand.Fail(running, new FailureReason("late", null),
                FailureClass.PERMANENT));

        EdgeGroup group = flows.group(d);
        assertEquals(EdgeGroupState.SATISFIED, group.state(), "a group fires once");
        assertEquals(1, group.success());
        assertEquals(1, group.fail());
        assertEquals(PublicState.WAITING, flows.state(d));
    }

    @Test
    void anyOfCancelRemainingCancelsTheSiblingsStillRunningWhenItFires() {
        ExecutionId d = downstreamWith(ANY_CANCEL);
        ExecutionId u1 = flows.member();
        ExecutionId u2 = flows.member();
        ExecutionId u3 = flows.member();
        flows.edge(u1, d);
        flows.edge(u2, d);
        flows.edge(u3, d);
        flows.running(u2);

        flows.completed(u1, null);

        assertEquals(PublicState.WAITING, flows.state(d));
        for (ExecutionId sibling : List.of(u2, u3)) {
            ExecCore cancelled = engine.execution(sibling);
            assertEquals(PublicState.CANCELLED, cancelled.state.publicState());
            assertEquals("sibling_quorum_satisfied", cancelled.cancellationReason);
            assertEquals("engine", cancelled.cancelledBy);
        }
        assertEquals(AttemptLifecycle.ENDED_CANCELLED, engine.currentAttempt(u2).lifecycle);
        EdgeGroup group = flows.group(d);
        assertEquals(EdgeGroupState.SATISFIED, group.state());
        assertEquals(1, group.success());
        assertEquals(2, group.fail(), "the cancelled siblings' edges resolved too");
        assertEquals(0, group.running());
    }

    @Test
    void aQuorumWithCancelRemainingIsSatisfiedByKSuccessesAndCancelsTheLastSibling() {
        ExecutionId d = downstreamWith(new EdgeDependencyPolicy.Quorum(2, OnSatisfied.CANCEL_REMAINING));
        List<ExecutionId> upstreams = upstreamsOf(d, 3);

        flows.completed(upstreams.get(0), null);
        assertEquals(PublicState.WAITING_CHILDREN, flows.state(d), "one success of two needed");
        flows.completed(upstreams.get(1), null);

        assertEquals(PublicState.WAITING, flows.state(d));
        assertEquals(PublicState.CANCELLED, flows.state(upstreams.get(2)));
        assertEquals("sibling_quorum_satisfied", engine.execution(upstreams.get(2)).cancellationReason);
    }

    @Test
    void aQuorumWithCancelRemainingSkipsTheChildOnceKIsOutOfReach() {
        ExecutionId d = downstreamWith(new EdgeDependencyPolicy.Quorum(2, OnSatisfied.CANCEL_REMAINING));
        List<ExecutionId> upstreams = upstreamsOf(d, 3);

        flows.failedForGood(upstreams.get(0));
        assertEquals(PublicState.WAITING_CHILDREN, flows.state(d), "two successes are still possible");
        flows.failedForGood(upstreams.get(1));

        assertEquals(EdgeGroupState.IMPOSSIBLE, flows.group(d).state());
        assertEquals(PublicState.SKIPPED, flows.state(d));
        assertEquals(PublicState.CANCELLED, flows.state(upstreams.get(2)));
        assertEquals("sibling_quorum_impossible", engine.execution(upstreams.get(2)).cancellationReason);
    }

    @Test
    void siblingsBeyondOneUnitAreCancelledByFollowUpUnits() {
        ExecutionId d = downstreamWith(ANY_CANCEL);
        List<ExecutionId> upstreams = upstreamsOf(d, FlowResolution.CANCEL_BATCH + 2);

        flows.completed(upstreams.get(0), null);

        for (ExecutionId sibling : upstreams.subList(1, upstreams.size())) {
            assertEquals(PublicState.CANCELLED, flows.state(sibling));
        }
        assertEquals(FlowResolution.CANCEL_BATCH + 1, flows.group(d).fail());
        assertFalse(flows.group(d).cancelSiblingsPending(), "the follow-up cleared the flag");
        assertEquals(List.of(), engine.state.flows().pendingGroups(10));
    }

    @Test
    void aQuorumWithLetRunLeavesTheLastSiblingRunning() {
        ExecutionId d = downstreamWith(new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN));
        List<ExecutionId> upstreams = upstreamsOf(d, 3);
        flows.running(upstreams.get(2));

        flows.completed(upstreams.get(0), null);
        flows.completed(upstreams.get(1), null);

        assertEquals(PublicState.WAITING, flows.state(d));
        assertEquals(PublicState.ACTIVE, flows.state(upstreams.get(2)));
        assertEquals(1, flows.group(d).running());
    }

    // ------------------------------------------------------------------------------------------ wait_children

    @Test
    void waitChildrenReleasesTheLeaseAndParksTheChildUntilItsGroupIsSatisfied() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        Handle handle = flows.running(b);
        flows.edge(a, b);

        engine.when(new EngineCommand.WaitChildren(handle));

        ExecCore parked = engine.execution(b);
        assertEquals(PublicState.WAITING_CHILDREN, parked.state.publicState());
        assertEquals(AttemptState.ATTEMPT_INTERRUPTED, parked.state.attemptState());
        assertEquals(AttemptLifecycle.SUSPENDED, engine.currentAttempt(b).lifecycle);
        assertNull(engine.currentAttempt(b).leaseExpiresAtMs);
        assertEquals(new LoggedEvent("lease", b, "released", "waiting_children"), engine.history(b).get(1));

        flows.completed(a, null);

        ExecCore resumable = engine.execution(b);
        assertEquals(PublicState.WAITING, resumable.state.publicState());
        assertEquals(AttemptState.ATTEMPT_INTERRUPTED, resumable.state.attemptState(), "the attempt state is kept");
        given.grant(b);
        assertEquals("resume", engine.state.grants().any(b).orElseThrow().kind(), "its suspended attempt continues");
    }

    @Test
    void waitChildrenWithoutAnUnsatisfiedDependencyLeavesTheChildClaimable() {
        ExecutionId b = flows.member();
        Handle handle = flows.running(b);

        engine.when(new EngineCommand.WaitChildren(handle));

        assertEquals(PublicState.WAITING, flows.state(b));
        assertEquals(List.of(b), given.ready());
    }

    @Test
    void waitChildrenIgnoresTheOpenEdgesOfAGroupThatAlreadyFired() {
        ExecutionId d = downstreamWith(ANY_LET_RUN);
        ExecutionId u1 = flows.member();
        ExecutionId u2 = flows.member();
        Handle handle = flows.running(d);
        flows.edge(u1, d);
        flows.edge(u2, d);
        flows.completed(u1, null);
        assertEquals(PublicState.ACTIVE, flows.state(d), "a running child is not promoted");

        engine.when(new EngineCommand.WaitChildren(handle));

        assertEquals(PublicState.WAITING, flows.state(d), "u2 is still unsatisfied, but the group has fired");
    }

    @Test
    void waitChildrenRepeatedWithTheSameHandleChangesNothing() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        Handle handle = flows.running(b);
        flows.edge(a, b);
        engine.when(new EngineCommand.WaitChildren(handle));
        long version = engine.execution(b).stateVersion;

        engine.when(new EngineCommand.WaitChildren(handle));

        assertEquals(version, engine.execution(b).stateVersion);
        assertEquals(2, engine.history(b).size(), "acquired and released, once");
    }

    @Test
    void waitChildrenOfAChildThatWasSkippedIsExecutionNotActive() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        Handle handle = flows.running(b);
        flows.edge(a, b);
        flows.failedForGood(a);

        EngineError.Contention error = engine.rejected(new EngineCommand.WaitChildren(handle),
                EngineError.Contention.class);

        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, error.kind());
        assertEquals("skipped", error.notActive().terminalOutcome());
        assertEquals(PublicState.SKIPPED, flows.state(b));
    }

    // ------------------------------------------------------------------------------------------ eligibility

    @Test
    void flowEligibilityReportsEachCase() {
        ExecutionId free = flows.member();
        ExecutionId waiting = flows.member();
        ExecutionId anyOf = flows.member();
        engine.when(flows.policy(anyOf, ANY_LET_RUN));
        ExecutionId up = flows.member();
        ExecutionId failing = flows.member();
        flows.edge(up, waiting);
        flows.edge(up, anyOf);
        flows.edge(failing, anyOf);
        flows.failedForGood(failing);
        ExecutionId running = flows.member();
        flows.running(running);

        assertEquals(FlowEligibility.ELIGIBLE, eligibility(free));
        assertEquals(FlowEligibility.BLOCKED_BY_DEPENDENCIES, eligibility(waiting));
        assertEquals(FlowEligibility.IMPOSSIBLE, eligibility(anyOf), "one impossible edge, group still pending");
        assertEquals(FlowEligibility.TERMINAL, eligibility(failing));
        assertEquals(FlowEligibility.OWNED, eligibility(running));
        assertEquals(FlowEligibility.NOT_FOUND, eligibility(ExecutionId.of(flows.partition, engine.state.newId())));
    }

    // ------------------------------------------------------------------------------------------ replay (F9)

    @Test
    void replayingASkippedMemberResetsItsImpossibleDependencyAndItWaitsForItsReplayedUpstream() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        EdgeId edge = flows.edge(a, b);
        flows.failedForGood(a);
        assertEquals(PublicState.SKIPPED, flows.state(b));

        Object replayed = engine.when(replay(b));

        assertEquals(new ReplayExecutionResult.Replayed(PublicState.WAITING_CHILDREN),
                replayed);
        assertEquals("unsatisfied", flows.edgeRow(edge).dependencyState());
        assertNull(flows.edgeRow(edge).resolvedAtMs());
        assertEquals(new EdgeGroup(flows.partition, flows.flow.uuid(), b, new EdgeDependencyPolicy.AllOf(), 1, 0, 0, 0,
                0, 1, EdgeGroupState.PENDING, null, false), flows.group(b));
        ExecCore member = engine.execution(b);
        assertEquals(BlockingReason.WAITING_FOR_CHILDREN, member.state.blockingReason());
        assertEquals(AttemptState.PENDING_FIRST_ATTEMPT, member.state.attemptState(), "it never ran");
        assertEquals(1, member.replayCount);

        engine.when(replay(a));
        flows.completed(a, null);

        assertEquals(PublicState.WAITING, flows.state(b));
        assertEquals(EdgeGroupState.SATISFIED, flows.group(b).state());
    }

    @Test
    void replayingASkippedMemberKeepsItsSatisfiedDependencies() {
        ExecutionId u1 = flows.member();
        ExecutionId u2 = flows.member();
        ExecutionId d = flows.member();
        EdgeId satisfied = flows.edge(u1, d);
        flows.edge(u2, d);
        flows.completed(u1, null);
        flows.failedForGood(u2);

        engine.when(replay(d));

        assertEquals("satisfied", flows.edgeRow(satisfied).dependencyState());
        EdgeGroup group = flows.group(d);
        assertEquals(2, group.total());
        assertEquals(1, group.success());
        assertEquals(0, group.fail());
        assertEquals(1, group.unsatisfied());
        assertEquals(PublicState.WAITING_CHILDREN, flows.state(d));
    }

    @Test
    void replayingASkippedMemberWhoseUpstreamHasSinceSucceededMakesItClaimable() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        flows.running(b);
        EdgeId edge = flows.edge(a, b);
        flows.failedForGood(a);
        engine.when(replay(a));
        flows.completed(a, null);
        assertEquals(PublicState.SKIPPED, flows.state(b), "a resolved edge is not resolved again");

        engine.when(replay(b));

        assertEquals("satisfied", flows.edgeRow(edge).dependencyState());
        assertEquals(EdgeGroupState.SATISFIED, flows.group(b).state());
        ExecCore member = engine.execution(b);
        assertEquals(PublicState.WAITING, member.state.publicState());
        assertEquals(AttemptState.PENDING_REPLAY_ATTEMPT, member.state.attemptState(), "it had run before");
        assertEquals(AttemptType.REPLAY, given.claimed(b).attemptType());
    }

    @Test
    void aReplayedMemberThatWaitsForItsChildrenCannotBeReplayedAgain() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        flows.edge(a, b);
        flows.failedForGood(a);
        engine.when(replay(b));

        EngineError.State error = engine.rejected(replay(b), EngineError.State.class);

        assertEquals(StateKind.EXECUTION_NOT_TERMINAL, error.kind());
        assertEquals(1, engine.execution(b).replayCount);
    }

    // ------------------------------------------------------------------------------------------ givens

    /** A new member whose edge group has {@code policy}. */
    private ExecutionId downstreamWith(EdgeDependencyPolicy policy) {
        ExecutionId d = flows.member();
        engine.when(flows.policy(d, policy));
        return d;
    }

    /** A chain of {@code n} members, each depending on the one before. */
    private List<ExecutionId> chain(int n) {
        List<ExecutionId> chain = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chain.add(flows.member());
            if (i > 0) {
                flows.edge(chain.get(i - 1), chain.get(i));
            }
        }
        return chain;
    }

    /** {@code n} new members, each with an applied edge to {@code downstream}. */
    private List<ExecutionId> upstreamsOf(ExecutionId downstream, int n) {
        List<ExecutionId> upstreams = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ExecutionId u = flows.member();
            flows.edge(u, downstream);
            upstreams.add(u);
        }
        return upstreams;
    }

    private EngineCommand replay(ExecutionId id) {
        return new EngineCommand.ReplayExecution(new ReplayExecutionArgs(id, engine.now));
    }

    private FlowEligibility eligibility(ExecutionId id) {
        return given.inUnit(unit -> engine.engine.flows().evaluateFlowEligibility(unit, id));
    }
}
