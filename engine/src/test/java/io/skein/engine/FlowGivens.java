package io.skein.engine;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.state.PublicState;
import io.skein.engine.state.Edge;
import io.skein.engine.state.EdgeGroup;
import io.skein.engine.state.Flow;

/**
 * One open flow of the rule and the givens of the flow tests: members, edges staged and applied, group policies,
 * and members that end (completed, failed for good, cancelled) through their ordinary commands. Ids come from the
 * state's seeded source, so a run builds the same graph every time.
 */
final class FlowGivens {

    final EngineRule engine;
    final ClaimGivens given;
    final FlowId flow;
    final int partition;

    FlowGivens(EngineRule engine) {
        this.engine = engine;
        this.given = new ClaimGivens(engine);
        this.flow = new FlowId(engine.state.newId());
        this.partition = PartitionConfig.DEFAULT.flowPartition(flow);
        engine.when(new EngineCommand.CreateFlow(new CreateFlowArgs(flow, "dag", Namespace.of("default"),
                engine.now)));
    }

    // ------------------------------------------------------------------------------------------ members

    /** An execution created waiting on the flow's partition, not yet a member. */
    ExecutionId createdOnPartition() {
        return given.created(ExecutionId.of(partition, engine.state.newId()), null);
    }

    EngineCommand add(ExecutionId id) {
        return new EngineCommand.AddExecutionToFlow(new AddExecutionToFlowArgs(flow, id, engine.now));
    }

    /** A waiting member of the flow. */
    ExecutionId member() {
        return member(null);
    }

    /** A member of the flow created with {@code policyJson} (null: the defaults). */
    ExecutionId member(String policyJson) {
        ExecutionId id = given.created(ExecutionId.of(partition, engine.state.newId()), policyJson);
        engine.when(add(id));
        return id;
    }

    /** A flow id on this flow's partition that names no flow. */
    FlowId unknownFlowOnThePartition() {
        while (true) {
            FlowId id = new FlowId(engine.state.newId());
            if (PartitionConfig.DEFAULT.flowPartition(id) == partition) {
                return id;
            }
        }
    }

    Flow row() {
        return engine.state.flows().flow(partition, flow.uuid()).orElseThrow();
    }

    long revision() {
        return row().graphRevision();
    }

    // ------------------------------------------------------------------------------------------ edges

    EngineCommand stage(EdgeId edge, ExecutionId upstream, ExecutionId downstream, String dataPassingRef) {
        return new EngineCommand.StageDependencyEdge(new StageDependencyEdgeArgs(flow, edge, upstream, downstream,
                null, dataPassingRef, revision(), engine.now));
    }

    /** Stages {@code upstream → downstream} at the current revision. */
    EdgeId staged(ExecutionId upstream, ExecutionId downstream, String dataPassingRef) {
        EdgeId edge = new EdgeId(engine.state.newId());
        engine.when(stage(edge, upstream, downstream, dataPassingRef));
        return edge;
    }

    EngineCommand apply(EdgeId edge, ExecutionId upstream, ExecutionId downstream) {
        return new EngineCommand.ApplyDependencyToChild(new ApplyDependencyToChildArgs(flow, edge, downstream,
                upstream, revision(), null, null, engine.now));
    }

    /** Stages and applies {@code upstream → downstream}. */
    EdgeId edge(ExecutionId upstream, ExecutionId downstream) {
        return edge(upstream, downstream, null);
    }

    EdgeId edge(ExecutionId upstream, ExecutionId downstream, String dataPassingRef) {
        EdgeId edge = staged(upstream, downstream, dataPassingRef);
        engine.when(apply(edge, upstream, downstream));
        return edge;
    }

    Edge edgeRow(EdgeId edge) {
        return engine.state.flows().edge(partition, edge.uuid()).orElseThrow();
    }

    EdgeGroup group(ExecutionId downstream) {
        return engine.state.flows().group(partition, flow.uuid(), downstream).orElseThrow();
    }

    EngineCommand policy(ExecutionId downstream, EdgeDependencyPolicy policy) {
        return new EngineCommand.SetEdgeGroupPolicy(flow, downstream, policy);
    }

    // ------------------------------------------------------------------------------------------ members that run and end

    PublicState state(ExecutionId id) {
        return engine.execution(id).state.publicState();
    }

    Handle running(ExecutionId id) {
        return given.claimed(id).handle();
    }

    void completed(ExecutionId id, byte[] result) {
        engine.when(new EngineCommand.Complete(running(id), result));
    }

    void failedForGood(ExecutionId id) {
        engine.when(new EngineCommand.Fail(running(id), new FailureReason("boom", null), FailureClass.PERMANENT));
    }

    /** An operator cancel of a member that is not running. */
    void cancelled(ExecutionId id) {
        engine.when(new EngineCommand.CancelExecution(new CancelExecutionArgs(id, "not needed", null, null, null,
                null, engine.now)));
    }
}
