package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.AddExecutionToFlowResult;
import io.skein.core.api.ApplyDependencyToChildResult;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateFlowResult;
import io.skein.core.api.DependencyKind;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeDirection;
import io.skein.core.api.EdgeGroupSnapshot;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.api.EdgeSnapshot;
import io.skein.core.api.EdgeState;
import io.skein.core.api.EvaluateFlowEligibilityArgs;
import io.skein.core.api.EvaluateFlowEligibilityResult;
import io.skein.core.api.FlowEligibility;
import io.skein.core.api.FlowSnapshot;
import io.skein.core.api.OnSatisfied;
import io.skein.core.api.PublicFlowState;
import io.skein.core.api.SetEdgeGroupPolicyResult;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.StageDependencyEdgeResult;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Checklist J1–J3, J8, J11, J17 and B10: building a flow, edge checks, group policies and reads. */
class FlowBuildConformance extends FlowConformance {

    @Test
    void j1_createAndMembershipAreIdempotentAndGuarded() {
        // given / when: a flow created twice
        FlowId flow = FlowId.random();
        CreateFlowArgs args = new CreateFlowArgs(flow, "dag", NAMESPACE, clock.millis());
        assertEquals(new CreateFlowResult.Created(flow), backend.createFlow(args));
        assertEquals(new CreateFlowResult.AlreadySatisfied(flow), backend.createFlow(args));

        // when: a member is added, then added again
        ExecutionId a = createdOn(flow);
        assertEquals(new AddExecutionToFlowResult.Added(a, 1),
                backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, a, clock.millis())));
        assertEquals(1, revision(flow));
        assertEquals(new AddExecutionToFlowResult.AlreadyMember(a, 1),
                backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, a, clock.millis())));

        // then: another partition, another flow's member and a missing flow are rejected without change
        int otherPartition = (a.partition() + 1) % PartitionConfig.DEFAULT.flowPartitions();
        ExecutionId elsewhere = idOnPartition(otherPartition);
        backend.createExecution(createArgs(elsewhere));
        EngineError.Validation mismatch = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, elsewhere, clock.millis())));
        assertEquals(ValidationKind.INVALID_INPUT, mismatch.kind());
        assertTrue(mismatch.detail().startsWith("partition_mismatch"), mismatch.detail());

        FlowId other = flow();
        ExecutionId otherMember = member(other);
        FlowId sameMemberPartition = flowOnPartition(otherMember.partition());
        EngineError.Conflict inFlow = expectRejectedUnchanged(EngineError.Conflict.class, () -> backend
                .addExecutionToFlow(new AddExecutionToFlowArgs(sameMemberPartition, otherMember, clock.millis())));
        assertEquals(ConflictKind.EXECUTION_ALREADY_IN_FLOW, inFlow.kind());

        FlowId missing = FlowId.random();
        ExecutionId onMissing = PartitionConfig.DEFAULT.memberExecutionId(missing, java.util.UUID.randomUUID());
        backend.createExecution(createArgs(onMissing));
        assertEquals("flow", expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.addExecutionToFlow(new AddExecutionToFlowArgs(missing, onMissing, clock.millis())))
                .entity());
    }

    /** A created flow whose partition is {@code partition} (flow ids are drawn until one lands there). */
    FlowId flowOnPartition(int partition) {
        while (true) {
            FlowId candidate = FlowId.random();
            if (PartitionConfig.DEFAULT.flowPartition(candidate) == partition) {
                backend.createFlow(new CreateFlowArgs(candidate, "dag", NAMESPACE, clock.millis()));
                return candidate;
            }
        }
    }

    @Test
    void j2_stageThenApplyBlocksTheChildOnce() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        long before = revision(flow);

        EdgeId edge = EdgeId.random();
        assertEquals(new StageDependencyEdgeResult.Staged(edge, before + 1), backend.stageDependencyEdge(
                new StageDependencyEdgeArgs(flow, edge, a, b, DependencyKind.SUCCESS_ONLY, null, before, clock.millis())));
        assertEquals(PublicState.WAITING, state(b), "a staged edge does not block the child yet");

        assertEquals(new ApplyDependencyToChildResult.Applied(1), backend.applyDependencyToChild(applyArgs(flow, edge, a, b)));
        assertEquals(PublicState.WAITING_CHILDREN, state(b));
        assertEquals(new ApplyDependencyToChildResult.AlreadyApplied(),
                backend.applyDependencyToChild(applyArgs(flow, edge, a, b)));
        assertEquals(1, backend.describeFlow(flow).orElseThrow().edgeGroups().get(0).totalDeps());
    }

    @Test
    void j3_edgeErrorsAreTypedAndChangeNothing() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        ExecutionId c = member(flow);
        ExecutionId outsider = createdOn(flow);
        EdgeId ab = stage(flow, a, b, null);
        stage(flow, b, c, null);
        long rev = revision(flow);

        EngineError.Contention stale = expectRejectedUnchanged(EngineError.Contention.class, () -> backend
                .stageDependencyEdge(new StageDependencyEdgeArgs(flow, EdgeId.random(), a, c, null, null, rev - 1, 0)));
        assertEquals(ContentionKind.STALE_GRAPH_REVISION, stale.kind());

        assertEquals(ConflictKind.SELF_REFERENCING_EDGE, expectRejectedUnchanged(EngineError.Conflict.class, () -> backend
                .stageDependencyEdge(new StageDependencyEdgeArgs(flow, EdgeId.random(), a, a, null, null, rev, 0))).kind());

        assertEquals(StateKind.EXECUTION_NOT_IN_FLOW, expectRejectedUnchanged(EngineError.State.class, () -> backend
                .stageDependencyEdge(new StageDependencyEdgeArgs(flow, EdgeId.random(), a, outsider, null, null, rev, 0)))
                .kind());

        EngineError.Conflict duplicate = expectRejectedUnchanged(EngineError.Conflict.class, () -> backend
                .stageDependencyEdge(new StageDependencyEdgeArgs(flow, EdgeId.random(), a, b, null, null, rev, 0)));
        assertEquals(ConflictKind.DEPENDENCY_ALREADY_EXISTS, duplicate.kind());
        assertEquals(ab.toString(), duplicate.detail(), "the conflict names the existing edge");

        assertEquals(ConflictKind.CYCLE_DETECTED, expectRejectedUnchanged(EngineError.Conflict.class, () -> backend
                .stageDependencyEdge(new StageDependencyEdgeArgs(flow, EdgeId.random(), c, a, null, null, rev, 0))).kind());
    }

    @Test
    void j3_aWalkOfMoreThanAThousandNodesCountsAsACycle() {
        // given: d fans out to 1 001 staged children (fixture rows), so a walk from d visits more than 1 000 nodes
        FlowId flow = flow();
        ExecutionId d = member(flow);
        ExecutionId x = member(flow);
        for (int i = 0; i < 1_001; i++) {
            fx.exec("INSERT INTO ff_edge (partition_key, flow_id, edge_id, upstream_eid, downstream_eid, edge_state, "
                    + "staged_at_ms) VALUES (?, ?, ?, ?, ?, 'pending', ?)", d.partition(), flow.uuid(),
                    java.util.UUID.randomUUID(), d.uuid(), java.util.UUID.randomUUID(), clock.millis());
        }

        // when / then: x → d would not close a real cycle, but the walk is too long to tell
        long rev = revision(flow);
        assertEquals(ConflictKind.CYCLE_DETECTED, expectRejectedUnchanged(EngineError.Conflict.class, () -> backend
                .stageDependencyEdge(new StageDependencyEdgeArgs(flow, EdgeId.random(), x, d, null, null, rev, 0))).kind());
    }

    @Test
    void j8_groupPolicyMustPrecedeTheFirstAppliedEdge() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        ExecutionId c = member(flow);
        EdgeDependencyPolicy quorum = new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN);

        assertEquals(new SetEdgeGroupPolicyResult.Set(), backend.setEdgeGroupPolicy(flow, c, quorum));
        assertEquals(new SetEdgeGroupPolicyResult.AlreadySet(), backend.setEdgeGroupPolicy(flow, c, quorum));
        assertEquals(ValidationKind.INVALID_INPUT, expectError(EngineError.Validation.class,
                () -> new EdgeDependencyPolicy.Quorum(0, OnSatisfied.LET_RUN)).kind());

        edge(flow, a, b);
        EngineError.Validation late = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.setEdgeGroupPolicy(flow, b, new EdgeDependencyPolicy.AnyOf(OnSatisfied.LET_RUN)));
        assertEquals(ValidationKind.INVALID_INPUT, late.kind());
    }

    @Test
    void j11_evaluateFlowEligibilityReportsEachCase() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        ExecutionId c = member(flow);
        ExecutionId free = member(flow);
        edge(flow, a, b);
        edge(flow, a, c);

        assertEquals(FlowEligibility.ELIGIBLE, eligibility(free));
        assertEquals(FlowEligibility.BLOCKED_BY_DEPENDENCIES, eligibility(b));
        assertEquals(FlowEligibility.NOT_FOUND, eligibility(createdLater(flow)));

        // impossible: a dependency marked impossible by a fixture
        fx.exec("UPDATE ff_edge SET dependency_state = 'impossible' WHERE partition_key = ? AND downstream_eid = ?",
                c.partition(), c.uuid());
        assertEquals(FlowEligibility.IMPOSSIBLE, eligibility(c));

        // not_runnable: a suspended member (fixture); owned: an active one
        fx.exec("UPDATE ff_exec_core SET lifecycle_phase = 'suspended', eligibility_state = 'not_applicable', "
                + "blocking_reason = 'waiting_for_signal', public_state = 'suspended' WHERE partition_key = ? "
                + "AND execution_id = ?", b.partition(), b.uuid());
        assertEquals(FlowEligibility.NOT_RUNNABLE, eligibility(b));
        claim(free);
        assertEquals(FlowEligibility.OWNED, eligibility(free));
    }

    private ExecutionId createdLater(FlowId flow) {
        return PartitionConfig.DEFAULT.memberExecutionId(flow, java.util.UUID.randomUUID());
    }

    private FlowEligibility eligibility(ExecutionId id) {
        EvaluateFlowEligibilityResult r = backend.evaluateFlowEligibility(new EvaluateFlowEligibilityArgs(id));
        return ((EvaluateFlowEligibilityResult.Status) r).status();
    }

    @Test
    void j17_flowReadsShowRevisionCountsGroupsAndEdges() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        ExecutionId c = member(flow);
        EdgeId ab = edge(flow, a, b, "result");
        EdgeId cb = stage(flow, c, b, null);

        FlowSnapshot snap = backend.describeFlow(flow).orElseThrow();
        assertEquals(PublicFlowState.OPEN, snap.publicFlowState());
        assertEquals(5, snap.graphRevision(), "three members and two edges");
        assertEquals(3, snap.nodeCount());
        assertEquals(2, snap.edgeCount());
        assertEquals(List.of(new EdgeGroupSnapshot(b, new EdgeDependencyPolicy.AllOf(), 1, 0, 0, 0, 1,
                EdgeGroupState.PENDING)), snap.edgeGroups());

        List<EdgeSnapshot> out = backend.listEdges(flow, new EdgeDirection.Outgoing(a));
        assertEquals(1, out.size());
        assertEquals(ab, out.get(0).edgeId());
        assertEquals(EdgeState.UNSATISFIED, out.get(0).edgeState());
        assertEquals("result", out.get(0).dataPassingRef());
        List<EdgeSnapshot> in = backend.listEdges(flow, new EdgeDirection.Incoming(b));
        assertEquals(2, in.size());

        EdgeSnapshot staged = backend.describeEdge(flow, cb).orElseThrow();
        assertEquals(EdgeState.PENDING, staged.edgeState());
        assertEquals(c, staged.upstreamExecutionId());
        assertEquals(b, staged.downstreamExecutionId());
        assertEquals("all_required", staged.satisfactionCondition());
        assertEquals(Optional.empty(), backend.describeEdge(flow, EdgeId.random()));

        assertEquals(Optional.of(flow), backend.resolveExecutionFlowId(a));
        assertEquals(Optional.empty(), backend.resolveExecutionFlowId(created()));
        assertEquals(Optional.empty(), backend.describeFlow(FlowId.random()));
    }

    @Test
    void b10_infoAndSnapshotCarryTheFlowId() {
        FlowId flow = flow();
        ExecutionId a = member(flow);
        assertEquals(flow, backend.readExecutionInfo(a).orElseThrow().flowId());
        assertEquals(flow, backend.describeExecution(a).orElseThrow().flowId());
        assertEquals(null, backend.readExecutionInfo(created()).orElseThrow().flowId());
    }
}
