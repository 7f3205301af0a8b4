package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupSnapshot;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.OnSatisfied;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.PublicState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checklist J4–J7, J9, J10, J19, J20 and the dependency-repair timer: a member's terminal transition resolves its
 * edges in the same unit (D2); no timer runs unless the test says so.
 */
class FlowResolutionConformance extends FlowConformance {

    private static final FailureReason BOOM = new FailureReason("boom", null);

    @Test
    void j4_aChainPromotesEachChildInTheUnitOfItsUpstreamsSuccess() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        ExecutionId c = member(flow);
        edge(flow, a, b);
        edge(flow, b, c);
        assertEquals(PublicState.WAITING_CHILDREN, state(b));
        assertEquals(PublicState.WAITING_CHILDREN, state(c));

        backend.complete(claim(a), null);
        assertEquals(PublicState.WAITING, state(b), "promoted without a timer run");
        assertEquals(PublicState.WAITING_CHILDREN, state(c));

        backend.complete(claim(b), null);
        assertEquals(PublicState.WAITING, state(c));
        assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM ff_completion_event WHERE dispatched_at_ms IS NULL"),
                "every member's completion event is dispatched in its own unit");
    }

    @Test
    void j4_anActiveChildWaitingForChildrenResumesWhenItsGroupIsSatisfied() {
        // given: d is running when its dependencies are applied (AllOf on u1; AnyOf child e on u1 and u2)
        FlowId flow = flow();
        ExecutionId u1 = member(flow);
        ExecutionId u2 = member(flow);
        ExecutionId d = member(flow);
        ExecutionId e = member(flow);
        backend.setEdgeGroupPolicy(flow, e, new EdgeDependencyPolicy.AnyOf(OnSatisfied.LET_RUN));
        Handle hu1 = claim(u1);
        claim(u2);
        Handle hd = claim(d);
        Handle he = claim(e);
        edge(flow, u1, d);
        edge(flow, u1, e);
        edge(flow, u2, e);

        // when: d waits for its children, then u1 completes
        backend.waitChildren(hd);
        assertEquals(PublicState.WAITING_CHILDREN, state(d));
        backend.complete(hu1, null);

        // then: d is claimable again; e's group already fired, so u2 still running does not block it
        assertEquals(PublicState.WAITING, state(d));
        backend.waitChildren(he);
        assertEquals(PublicState.WAITING, state(e));
    }

    @Test
    void j5_aTerminalFailureSkipsTheWholeChainInOneUnit() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        ExecutionId c = member(flow);
        edge(flow, a, b);
        edge(flow, b, c);

        backend.fail(claim(a), BOOM, FailureClass.PERMANENT);

        assertEquals(PublicState.FAILED, state(a));
        assertEquals(PublicState.SKIPPED, state(b));
        assertEquals(PublicState.SKIPPED, state(c));
        assertEquals("skipped", completions(b));
        assertEquals("skipped", completions(c));
    }

    @Test
    void j5_skipsPropagateBeyondFiftyLevelsThroughFollowUpUnits() {
        FlowId flow = flow();
        List<ExecutionId> chain = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            chain.add(member(flow));
        }
        for (int i = 1; i < chain.size(); i++) {
            edge(flow, chain.get(i - 1), chain.get(i));
        }

        backend.fail(claim(chain.get(0)), BOOM, FailureClass.PERMANENT);

        for (ExecutionId id : chain.subList(1, chain.size())) {
            assertEquals(PublicState.SKIPPED, state(id), "member " + chain.indexOf(id));
        }
        assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM ff_completion_event WHERE dispatched_at_ms IS NULL"));
    }

    @Test
    void j6_quorumWithCancelRemainingCancelsTheLastSiblingWhenSatisfied() {
        FlowId flow = flow();
        ExecutionId u1 = member(flow);
        ExecutionId u2 = member(flow);
        ExecutionId u3 = member(flow);
        ExecutionId d = member(flow);
        backend.setEdgeGroupPolicy(flow, d, new EdgeDependencyPolicy.Quorum(2, OnSatisfied.CANCEL_REMAINING));
        edge(flow, u1, d);
        edge(flow, u2, d);
        edge(flow, u3, d);
        Handle h1 = claim(u1);
        Handle h2 = claim(u2);
        claim(u3);

        backend.complete(h1, null);
        assertEquals(PublicState.WAITING_CHILDREN, state(d));
        backend.complete(h2, null);

        assertEquals(PublicState.WAITING, state(d));
        assertEquals(PublicState.CANCELLED, state(u3));
        assertEquals("sibling_quorum_satisfied", column("ff_exec_core", "cancellation_reason", u3));
        assertEquals("engine", column("ff_exec_core", "cancelled_by", u3));
        assertTrue(isNull("ff_attempt", "lease_expires_at_ms", u3), "lease released");
        assertEquals("attempt_cancelled", column("ff_stream_meta", "closed_reason", u3));
        EdgeGroupSnapshot group = backend.describeFlow(flow).orElseThrow().edgeGroups().get(0);
        assertEquals(EdgeGroupState.SATISFIED, group.groupState());
        assertEquals(2, group.satisfiedCount());
        assertEquals(1, group.failedCount(), "the cancelled sibling is counted as failed");
    }

    @Test
    void j6_quorumWithCancelRemainingSkipsTheChildWhenImpossible() {
        FlowId flow = flow();
        ExecutionId u1 = member(flow);
        ExecutionId u2 = member(flow);
        ExecutionId u3 = member(flow);
        ExecutionId d = member(flow);
        backend.setEdgeGroupPolicy(flow, d, new EdgeDependencyPolicy.Quorum(2, OnSatisfied.CANCEL_REMAINING));
        edge(flow, u1, d);
        edge(flow, u2, d);
        edge(flow, u3, d);
        Handle h1 = claim(u1);
        Handle h2 = claim(u2);
        claim(u3);

        backend.fail(h1, BOOM, FailureClass.PERMANENT);
        assertEquals(PublicState.WAITING_CHILDREN, state(d), "1 failure is not more than n - k = 1");
        backend.fail(h2, BOOM, FailureClass.PERMANENT);

        assertEquals(PublicState.SKIPPED, state(d));
        assertEquals(PublicState.CANCELLED, state(u3));
        assertEquals("sibling_quorum_impossible", column("ff_exec_core", "cancellation_reason", u3));
    }

    @Test
    void j6_quorumWithLetRunLeavesTheLastSiblingRunning() {
        FlowId flow = flow();
        ExecutionId u1 = member(flow);
        ExecutionId u2 = member(flow);
        ExecutionId u3 = member(flow);
        ExecutionId d = member(flow);
        backend.setEdgeGroupPolicy(flow, d, new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN));
        edge(flow, u1, d);
        edge(flow, u2, d);
        edge(flow, u3, d);
        Handle h1 = claim(u1);
        Handle h2 = claim(u2);
        Handle h3 = claim(u3);

        backend.complete(h1, null);
        backend.complete(h2, null);
        assertEquals(PublicState.WAITING, state(d));
        assertEquals(PublicState.ACTIVE, state(u3));

        backend.complete(h3, null);
        EdgeGroupSnapshot group = backend.describeFlow(flow).orElseThrow().edgeGroups().get(0);
        assertEquals(3, group.satisfiedCount(), "a late completion only updates the counters");
        assertEquals(0, group.runningCount());
        assertEquals(PublicState.WAITING, state(d));
    }

    @Test
    void j7_anyOfLetRunIsSatisfiedByTheFirstSuccessAndIgnoresLaterFailures() {
        FlowId flow = flow();
        ExecutionId u1 = member(flow);
        ExecutionId u2 = member(flow);
        ExecutionId d = member(flow);
        backend.setEdgeGroupPolicy(flow, d, new EdgeDependencyPolicy.AnyOf(OnSatisfied.LET_RUN));
        edge(flow, u1, d);
        edge(flow, u2, d);
        Handle h1 = claim(u1);
        Handle h2 = claim(u2);

        backend.complete(h1, null);
        assertEquals(PublicState.WAITING, state(d));
        backend.fail(h2, BOOM, FailureClass.PERMANENT);
        assertEquals(PublicState.WAITING, state(d), "a failure after the group fired does not skip the child");
    }

    @Test
    void j9_dataPassingReplacesTheChildsInputWithTheUpstreamResult() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        edge(flow, a, b, "result");

        backend.complete(claim(a), "r".getBytes(StandardCharsets.UTF_8));

        assertEquals(PublicState.WAITING, state(b));
        assertArrayEquals("r".getBytes(StandardCharsets.UTF_8), backend.readExecutionContext(b).inputPayload());
    }

    @Test
    void j10_anEdgeFromACompletedUpstreamResolvesAtOnce() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        backend.complete(claim(a), null);

        edge(flow, a, b);

        assertEquals(PublicState.WAITING, state(b));
    }

    @Test
    void j19_skippingAnActiveChildEndsItsAttempt() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        Handle ha = claim(a);
        claim(b);
        edge(flow, a, b);
        assertEquals(PublicState.ACTIVE, state(b), "an active child keeps its vector when an edge is applied");

        backend.fail(ha, BOOM, FailureClass.PERMANENT);

        assertEquals(PublicState.SKIPPED, state(b));
        assertEquals("ended_cancelled", column("ff_attempt", "lifecycle", b));
        assertEquals("dependency_impossible", column("ff_attempt", "failure_reason", b));
        assertTrue(isNull("ff_attempt", "lease_expires_at_ms", b), "lease released");
        assertEquals("dependency_impossible", column("ff_stream_meta", "closed_reason", b));
    }

    @Test
    void j20_theEdgeCancelDispatcherCancelsResidueAndDropsStaleEntries() {
        // given: a satisfied AnyOf group whose sibling cancel was left over (fixture), and a stale entry
        FlowId flow = flow();
        ExecutionId u1 = member(flow);
        ExecutionId u2 = member(flow);
        ExecutionId d = member(flow);
        ExecutionId other = member(flow);
        backend.setEdgeGroupPolicy(flow, d, new EdgeDependencyPolicy.AnyOf(OnSatisfied.LET_RUN));
        edge(flow, u1, d);
        edge(flow, u2, d);
        Handle h1 = claim(u1);
        claim(u2);
        backend.complete(h1, null);
        fx.exec("UPDATE ff_edge_group SET cancel_siblings_pending_flag = TRUE WHERE partition_key = ? AND downstream_eid = ?",
                d.partition(), d.uuid());
        fx.exec("INSERT INTO ff_pending_cancel_groups (partition_key, flow_id, downstream_eid, enqueued_at_ms) "
                + "VALUES (?, ?, ?, ?)", d.partition(), flow.uuid(), d.uuid(), clock.millis());
        fx.exec("INSERT INTO ff_pending_cancel_groups (partition_key, flow_id, downstream_eid, enqueued_at_ms) "
                + "VALUES (?, ?, ?, ?)", other.partition(), flow.uuid(), other.uuid(), clock.millis());

        // when
        clock.advance(1_000);
        under.runDue();

        // then
        assertEquals(PublicState.CANCELLED, state(u2));
        assertEquals("sibling_quorum_satisfied", column("ff_exec_core", "cancellation_reason", u2));
        assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM ff_pending_cancel_groups"));
        assertEquals(0, fx.queryLong("SELECT CASE WHEN cancel_siblings_pending_flag THEN 1 ELSE 0 END FROM ff_edge_group WHERE partition_key = ? "
                + "AND downstream_eid = ?", d.partition(), d.uuid()));
    }

    @Test
    void l1_theDependencyRepairTimerResolvesAnUndispatchedCompletion() {
        // given: a completion whose resolution was lost (fixture: edge and child put back, event undispatched)
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        edge(flow, a, b);
        backend.complete(claim(a), null);
        fx.exec("UPDATE ff_edge SET dependency_state = 'unsatisfied', resolved_at_ms = NULL WHERE partition_key = ? "
                + "AND downstream_eid = ?", b.partition(), b.uuid());
        fx.exec("UPDATE ff_edge_group SET success_count = 0, running_count = 1, unsatisfied_count = 1, "
                + "group_state = 'pending', fired_at_ms = NULL WHERE partition_key = ? AND downstream_eid = ?",
                b.partition(), b.uuid());
        fx.exec("UPDATE ff_exec_core SET eligibility_state = 'blocked_by_dependencies', "
                + "blocking_reason = 'waiting_for_children', public_state = 'waiting_children' WHERE partition_key = ? "
                + "AND execution_id = ?", b.partition(), b.uuid());
        fx.exec("UPDATE ff_completion_event SET dispatched_at_ms = NULL WHERE partition_key = ? AND execution_id = ?",
                a.partition(), a.uuid());

        // when: younger than 15 s nothing happens; older, the repair resolves it
        clock.advance(14_000);
        under.runDue();
        assertEquals(PublicState.WAITING_CHILDREN, state(b));
        clock.advance(1_000);
        under.runDue();

        // then
        assertEquals(PublicState.WAITING, state(b));
        assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM ff_completion_event WHERE dispatched_at_ms IS NULL"));
    }
}
