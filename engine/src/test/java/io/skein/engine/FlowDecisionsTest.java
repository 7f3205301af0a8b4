package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.AddExecutionToFlowResult;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.ApplyDependencyToChildResult;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateFlowResult;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.api.OnSatisfied;
import io.skein.core.api.SetEdgeGroupPolicyResult;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.StageDependencyEdgeResult;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.PublicState;
import io.skein.engine.processing.FlowHandlers;
import io.skein.engine.state.Edge;
import io.skein.engine.state.EdgeGroup;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Flow;
import io.skein.engine.state.memory.InMemoryEngineState.LoggedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Building a flow (spec 04 §4.1, 01 §8 "dependency applied"), given / when / then against the in-memory state:
 * create and membership, staging edges with each check in order, applying them, and edge group policies. Every
 * rejection is typed and leaves the flow as it was.
 */
class FlowDecisionsTest {

    private static final EdgeDependencyPolicy ANY_LET_RUN = new EdgeDependencyPolicy.AnyOf(OnSatisfied.LET_RUN);

    private final EngineRule engine = new EngineRule();
    private final FlowGivens flows = new FlowGivens(engine);
    private final ClaimGivens given = flows.given;

    // ------------------------------------------------------------------------------------------ create, add

    @Test
    void createFlowOpensAnEmptyFlowAtRevisionZeroAndCreatingItAgainChangesNothing() {
        Flow created = flows.row();
        assertEquals(Flow.OPEN, created.publicFlowState());
        assertEquals(0, created.graphRevision());
        assertEquals(0, created.nodeCount());
        assertEquals(0, created.edgeCount());
        assertEquals("dag", created.flowKind());
        assertEquals(engine.now, created.createdAtMs());
        engine.advance(10);

        Object again = engine.when(new EngineCommand.CreateFlow(new CreateFlowArgs(flows.flow, "other",
                Namespace.of("default"), engine.now)));

        assertEquals(new CreateFlowResult.AlreadySatisfied(flows.flow), again);
        assertEquals(created, flows.row());
    }

    @Test
    void addingAMemberCountsItOnceAndAddingItAgainIsAlreadyMember() {
        ExecutionId id = flows.createdOnPartition();

        Object added = engine.when(flows.add(id));
        Object again = engine.when(flows.add(id));

        assertEquals(new AddExecutionToFlowResult.Added(id, 1), added);
        assertEquals(new AddExecutionToFlowResult.AlreadyMember(id, 1), again);
        assertEquals(flows.flow.uuid(), engine.execution(id).flowId);
        assertEquals(1, flows.row().nodeCount());
        assertEquals(1, flows.revision());
    }

    @Test
    void addingAMemberOfAnotherFlowIsExecutionAlreadyInFlowAndChangesNothing() {
        ExecutionId id = flows.member();
        FlowId other = otherFlowOnTheSamePartition();

        EngineError.Conflict error = engine.rejected(new EngineCommand.AddExecutionToFlow(
                new AddExecutionToFlowArgs(other, id, engine.now)), EngineError.Conflict.class);

        assertEquals(ConflictKind.EXECUTION_ALREADY_IN_FLOW, error.kind());
        assertEquals(flows.flow.uuid(), engine.execution(id).flowId);
        assertEquals(0, engine.state.flows().flow(flows.partition, other.uuid()).orElseThrow().nodeCount());
    }

    @Test
    void addingAnExecutionOfAnotherPartitionIsAPartitionMismatch() {
        ExecutionId elsewhere = given.created(ExecutionId.of((flows.partition + 1) % 256, engine.state.newId()),
                null);

        EngineError.Validation error = engine.rejected(flows.add(elsewhere), EngineError.Validation.class);

        assertEquals(ValidationKind.INVALID_INPUT, error.kind());
        assertTrue(error.detail().startsWith("partition_mismatch"), error.detail());
        assertNull(engine.execution(elsewhere).flowId);
        assertEquals(0, flows.revision());
    }

    @Test
    void addingToAMissingFlowOrAMissingExecutionIsNotFound() {
        FlowId missing = flows.unknownFlowOnThePartition();
        ExecutionId id = flows.createdOnPartition();

        EngineError.NotFound noFlow = engine.rejected(new EngineCommand.AddExecutionToFlow(
                new AddExecutionToFlowArgs(missing, id, engine.now)), EngineError.NotFound.class);
        EngineError.NotFound noExecution = engine.rejected(
                flows.add(ExecutionId.of(flows.partition, engine.state.newId())), EngineError.NotFound.class);

        assertEquals("flow", noFlow.entity());
        assertEquals("execution", noExecution.entity());
        assertNull(engine.execution(id).flowId);
        assertEquals(0, flows.row().nodeCount());
    }

    // ------------------------------------------------------------------------------------------ stage

    @Test
    void stagingAnEdgeLeavesItPendingAndBumpsTheRevisionAndEdgeCount() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        EdgeId edge = new EdgeId(engine.state.newId());

        Object staged = engine.when(flows.stage(edge, a, b, null));

        assertEquals(new StageDependencyEdgeResult.Staged(edge, 3), staged);
        Edge row = flows.edgeRow(edge);
        assertEquals("pending", row.edgeState());
        assertNull(row.dependencyState());
        assertEquals(a, row.upstream());
        assertEquals(b, row.downstream());
        assertEquals(3, flows.revision());
        assertEquals(1, flows.row().edgeCount());
        assertEquals(PublicState.WAITING, flows.state(b), "a staged edge does not block its child yet");
    }

    @Test
    void stagingAtAStaleRevisionIsStaleGraphRevisionEvenForASelfEdge() {
        ExecutionId a = flows.member();

        EngineError.Contention error = engine.rejected(new EngineCommand.StageDependencyEdge(
                new StageDependencyEdgeArgs(flows.flow, new EdgeId(engine.state.newId()), a, a,
                        null, null, flows.revision() - 1, engine.now)), EngineError.Contention.class);

        assertEquals(ContentionKind.STALE_GRAPH_REVISION, error.kind(), "the revision is checked before the ends");
        assertEquals(1, flows.revision());
        assertEquals(0, flows.row().edgeCount());
    }

    @Test
    void stagingASelfEdgeIsSelfReferencingEdge() {
        ExecutionId a = flows.member();

        EngineError.Conflict error = engine.rejected(flows.stage(new EdgeId(engine.state.newId()), a, a, null),
                EngineError.Conflict.class);

        assertEquals(ConflictKind.SELF_REFERENCING_EDGE, error.kind());
        assertEquals(0, flows.row().edgeCount());
    }

    @Test
    void stagingAnEdgeToANonMemberIsExecutionNotInFlow() {
        ExecutionId member = flows.member();
        ExecutionId outsider = flows.createdOnPartition();

        EngineError.State up = engine.rejected(flows.stage(new EdgeId(engine.state.newId()), outsider, member, null),
                EngineError.State.class);
        EngineError.State down = engine.rejected(flows.stage(new EdgeId(engine.state.newId()), member, outsider,
                null), EngineError.State.class);

        assertEquals(StateKind.EXECUTION_NOT_IN_FLOW, up.kind());
        assertEquals(StateKind.EXECUTION_NOT_IN_FLOW, down.kind());
        assertEquals(0, flows.row().edgeCount());
    }

    @Test
    void stagingASecondEdgeForThePairIsDependencyAlreadyExistsNamingTheFirst() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        EdgeId first = flows.staged(a, b, null);
        long revision = flows.revision();

        EngineError.Conflict error = engine.rejected(flows.stage(new EdgeId(engine.state.newId()), a, b, null),
                EngineError.Conflict.class);

        assertEquals(ConflictKind.DEPENDENCY_ALREADY_EXISTS, error.kind());
        assertEquals(first.toString(), error.detail());
        assertEquals(revision, flows.revision());
        assertEquals(1, flows.row().edgeCount());
    }

    @Test
    void stagingAnEdgeThatClosesACycleOfStagedEdgesIsCycleDetected() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        ExecutionId c = flows.member();
        flows.staged(a, b, null);
        flows.staged(b, c, null);

        EngineError.Conflict error = engine.rejected(flows.stage(new EdgeId(engine.state.newId()), c, a, null),
                EngineError.Conflict.class);

        assertEquals(ConflictKind.CYCLE_DETECTED, error.kind());
        assertEquals(2, flows.row().edgeCount());
    }

    @Test
    void aWalkOfMoreThanAThousandNodesCountsAsACycle() {
        ExecutionId hub = flows.member();
        for (int i = 0; i <= FlowHandlers.CYCLE_VISIT_LIMIT; i++) {
            flows.staged(hub, flows.member(), null);
        }
        ExecutionId x = flows.member();

        EngineError.Conflict error = engine.rejected(flows.stage(new EdgeId(engine.state.newId()), x, hub, null),
                EngineError.Conflict.class);

        assertEquals(ConflictKind.CYCLE_DETECTED, error.kind(), "x -> hub closes no cycle, but the walk is too long");
    }

    @Test
    void stagingWithAnEdgeIdThatNamesAnotherEdgeIsInvalidInput() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        ExecutionId c = flows.member();
        EdgeId edge = flows.staged(a, b, null);

        EngineError.Validation error = engine.rejected(flows.stage(edge, a, c, null), EngineError.Validation.class);

        assertEquals(ValidationKind.INVALID_INPUT, error.kind());
        assertEquals(b, flows.edgeRow(edge).downstream());
        assertEquals(1, flows.row().edgeCount());
    }

    @Test
    void stagingInAMissingFlowIsNotFound() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();

        EngineError.NotFound error = engine.rejected(new EngineCommand.StageDependencyEdge(
                new StageDependencyEdgeArgs(flows.unknownFlowOnThePartition(),
                        new EdgeId(engine.state.newId()), a, b, null, null, 0, engine.now)), EngineError.NotFound.class);

        assertEquals("flow", error.entity());
    }

    @Test
    void flowsOnTwoPartitionsMayUseTheSameEdgeId() {
        FlowGivens second = flowOnAnotherPartition();
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        ExecutionId c = second.member();
        ExecutionId d = second.member();
        EdgeId shared = new EdgeId(engine.state.newId());

        engine.when(flows.stage(shared, a, b, null));
        engine.when(second.stage(shared, c, d, null));
        engine.when(second.apply(shared, c, d));

        assertEquals(b, flows.edgeRow(shared).downstream());
        assertEquals("pending", flows.edgeRow(shared).edgeState());
        assertEquals(d, second.edgeRow(shared).downstream());
        assertEquals(PublicState.WAITING, flows.state(b));
        assertEquals(PublicState.WAITING_CHILDREN, second.state(d));
    }

    @Test
    void commandsWithoutTheirIdsAreInvalidInput() {
        ExecutionId a = flows.member();

        List<EngineCommand> incomplete = List.of(
                new EngineCommand.StageDependencyEdge(new StageDependencyEdgeArgs(flows.flow,
                        null, a, a, null, null, flows.revision(), engine.now)),
                new EngineCommand.ApplyDependencyToChild(new ApplyDependencyToChildArgs(
                        flows.flow, new EdgeId(engine.state.newId()), a, null, 0, null, null, engine.now)),
                new EngineCommand.ApplyDependencyToChild(new ApplyDependencyToChildArgs(
                        null, new EdgeId(engine.state.newId()), a, a, 0, null, null, engine.now)));

        for (EngineCommand command : incomplete) {
            EngineError.Validation error = engine.rejected(command, EngineError.Validation.class);
            assertEquals(ValidationKind.INVALID_INPUT, error.kind(), command.toString());
        }
        assertEquals(1, flows.revision());
    }

    // ------------------------------------------------------------------------------------------ apply

    @Test
    void applyingAnEdgeMakesTheChildWaitForItsChildrenAndApplyingItAgainChangesNothing() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        EdgeId edge = flows.staged(a, b, null);

        Object applied = engine.when(flows.apply(edge, a, b));

        assertEquals(new ApplyDependencyToChildResult.Applied(1), applied);
        Edge row = flows.edgeRow(edge);
        assertEquals("applied", row.edgeState());
        assertEquals("unsatisfied", row.dependencyState());
        assertEquals(new EdgeGroup(flows.partition, flows.flow.uuid(), b, new EdgeDependencyPolicy.AllOf(), 1, 0, 0,
                0, 1, 1, EdgeGroupState.PENDING, null, false), flows.group(b));
        ExecCore child = engine.execution(b);
        assertEquals(PublicState.WAITING_CHILDREN, child.state.publicState());
        assertEquals(EligibilityState.BLOCKED_BY_DEPENDENCIES, child.state.eligibilityState());
        assertEquals(BlockingReason.WAITING_FOR_CHILDREN, child.state.blockingReason());
        assertEquals(AttemptState.PENDING_FIRST_ATTEMPT, child.state.attemptState());
        assertEquals(List.of(a), given.ready(), "the child left the ready queue");
        long version = child.stateVersion;

        Object again = engine.when(flows.apply(edge, a, b));

        assertEquals(new ApplyDependencyToChildResult.AlreadyApplied(), again);
        assertEquals(1, flows.group(b).total());
        assertEquals(version, engine.execution(b).stateVersion);
    }

    @Test
    void applyingAnUnknownEdgeIsNotFound() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();

        EngineError.NotFound error = engine.rejected(flows.apply(new EdgeId(engine.state.newId()), a, b),
                EngineError.NotFound.class);

        assertEquals("edge", error.entity());
        assertEquals(PublicState.WAITING, flows.state(b));
    }

    @Test
    void applyingAnEdgeWithOtherEndsIsInvalidInputAndLeavesItStaged() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        ExecutionId c = flows.member();
        EdgeId edge = flows.staged(a, b, null);

        EngineError.Validation error = engine.rejected(flows.apply(edge, c, b), EngineError.Validation.class);

        assertEquals(ValidationKind.INVALID_INPUT, error.kind());
        assertEquals("pending", flows.edgeRow(edge).edgeState());
        assertTrue(engine.state.flows().group(flows.partition, flows.flow.uuid(), b).isEmpty());
        assertEquals(PublicState.WAITING, flows.state(b));
    }

    @Test
    void anEdgeFromAnUpstreamThatAlreadySucceededIsSatisfiedAsItIsApplied() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        flows.completed(a, null);
        EdgeId edge = flows.staged(a, b, null);

        Object applied = engine.when(flows.apply(edge, a, b));

        assertEquals(new ApplyDependencyToChildResult.Applied(0), applied);
        assertEquals("satisfied", flows.edgeRow(edge).dependencyState());
        EdgeGroup group = flows.group(b);
        assertEquals(EdgeGroupState.SATISFIED, group.state());
        assertEquals(1, group.success());
        assertEquals(0, group.running(), "an upstream that had ended was never counted running");
        assertEquals(PublicState.WAITING, flows.state(b));
    }

    @Test
    void anEdgeFromAnUpstreamThatAlreadyFailedSkipsTheChildAsItIsApplied() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        flows.failedForGood(a);
        EdgeId edge = flows.staged(a, b, null);

        engine.when(flows.apply(edge, a, b));

        assertEquals("impossible", flows.edgeRow(edge).dependencyState());
        assertEquals(EdgeGroupState.IMPOSSIBLE, flows.group(b).state());
        assertEquals(PublicState.SKIPPED, flows.state(b));
        assertEquals(List.of(new LoggedEvent("completion", b, "skipped", null)), engine.history(b));
    }

    @Test
    void applyingAnEdgeToAnActiveChildRecordsItAndLeavesTheChildRunning() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        flows.running(b);

        flows.edge(a, b);

        assertEquals(PublicState.ACTIVE, flows.state(b));
        assertEquals(1, flows.group(b).unsatisfied());
        assertEquals(EdgeGroupState.PENDING, flows.group(b).state());
    }

    @Test
    void aNewEdgeReopensASatisfiedAllOfGroup() {
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        ExecutionId c = flows.member();
        flows.edge(a, c);
        flows.completed(a, null);
        assertEquals(PublicState.WAITING, flows.state(c));

        flows.edge(b, c);

        EdgeGroup group = flows.group(c);
        assertEquals(EdgeGroupState.PENDING, group.state());
        assertNull(group.firedAtMs());
        assertEquals(2, group.total());
        assertEquals(1, group.success());
        assertEquals(PublicState.WAITING_CHILDREN, flows.state(c), "AllOf waits for the new edge too");
    }

    // ------------------------------------------------------------------------------------------ group policy

    @Test
    void aGroupPolicySetBeforeTheFirstEdgeIsStoredAndSettingItAgainIsAlreadySet() {
        ExecutionId d = flows.member();

        Object set = engine.when(flows.policy(d, ANY_LET_RUN));
        Object again = engine.when(flows.policy(d, ANY_LET_RUN));
        Object changed = engine.when(flows.policy(d, new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN)));

        assertEquals(new SetEdgeGroupPolicyResult.Set(), set);
        assertEquals(new SetEdgeGroupPolicyResult.AlreadySet(), again);
        assertEquals(new SetEdgeGroupPolicyResult.Set(), changed, "no edge applied yet: the policy may change");
        assertEquals(new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN), flows.group(d).policy());
        assertEquals(EdgeGroupState.PENDING, flows.group(d).state());
    }

    @Test
    void changingTheGroupPolicyAfterAnAppliedEdgeIsInvalidInputAndKeepsTheGroup() {
        ExecutionId u = flows.member();
        ExecutionId d = flows.member();
        flows.edge(u, d);
        EdgeGroup before = flows.group(d);

        EngineError.Validation error = engine.rejected(flows.policy(d, ANY_LET_RUN), EngineError.Validation.class);

        assertEquals(ValidationKind.INVALID_INPUT, error.kind());
        assertEquals(before, flows.group(d));
    }

    @Test
    void theGroupPolicyOfANonMemberIsExecutionNotInFlowAndOfAMissingFlowNotFound() {
        ExecutionId outsider = flows.createdOnPartition();

        EngineError.State notMember = engine.rejected(flows.policy(outsider, ANY_LET_RUN), EngineError.State.class);
        EngineError.NotFound noFlow = engine.rejected(new EngineCommand.SetEdgeGroupPolicy(
                flows.unknownFlowOnThePartition(), outsider, ANY_LET_RUN), EngineError.NotFound.class);

        assertEquals(StateKind.EXECUTION_NOT_IN_FLOW, notMember.kind());
        assertEquals("flow", noFlow.entity());
        assertTrue(engine.state.flows().group(flows.partition, flows.flow.uuid(), outsider).isEmpty());
    }

    // ------------------------------------------------------------------------------------------ givens

    private FlowId otherFlowOnTheSamePartition() {
        FlowId id = flows.unknownFlowOnThePartition();
        engine.when(new EngineCommand.CreateFlow(new CreateFlowArgs(id, "dag", Namespace.of("default"), engine.now)));
        return id;
    }

    private FlowGivens flowOnAnotherPartition() {
        while (true) {
            FlowGivens other = new FlowGivens(engine);
            if (other.partition != flows.partition) {
                return other;
            }
        }
    }
}
