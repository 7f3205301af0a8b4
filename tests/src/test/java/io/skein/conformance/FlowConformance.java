package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.AddExecutionToFlowResult;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateFlowResult;
import io.skein.core.api.Handle;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.id.AttemptId;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.UUID;

/** Givens shared by the flow checklist (spec 06 section J): flows, members, edges, claims of one member. */
abstract class FlowConformance extends Conformance {

    FlowId flow() {
        FlowId id = FlowId.random();
        assertInstanceOf(CreateFlowResult.Created.class,
                backend.createFlow(new CreateFlowArgs(id, "dag", NAMESPACE, clock.millis())));
        return id;
    }

    /** An execution minted on the flow's partition, created waiting, not yet a member. */
    ExecutionId createdOn(FlowId flow) {
        ExecutionId id = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        backend.createExecution(createArgs(id));
        return id;
    }

    /** A waiting member of {@code flow}. */
    ExecutionId member(FlowId flow) {
        ExecutionId id = createdOn(flow);
        assertInstanceOf(AddExecutionToFlowResult.Added.class,
                backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, id, clock.millis())));
        return id;
    }

    long revision(FlowId flow) {
        return backend.describeFlow(flow).orElseThrow().graphRevision();
    }

    EdgeId stage(FlowId flow, ExecutionId upstream, ExecutionId downstream, String dataPassingRef) {
        EdgeId edge = EdgeId.random();
        backend.stageDependencyEdge(new StageDependencyEdgeArgs(flow, edge, upstream, downstream, null, dataPassingRef,
                revision(flow), clock.millis()));
        return edge;
    }

    ApplyDependencyToChildArgs applyArgs(FlowId flow, EdgeId edge, ExecutionId upstream, ExecutionId downstream) {
        return new ApplyDependencyToChildArgs(flow, edge, downstream, upstream, revision(flow), null, null,
                clock.millis());
    }

    /** Stages and applies {@code upstream → downstream}. */
    EdgeId edge(FlowId flow, ExecutionId upstream, ExecutionId downstream) {
        return edge(flow, upstream, downstream, null);
    }

    EdgeId edge(FlowId flow, ExecutionId upstream, ExecutionId downstream, String dataPassingRef) {
        EdgeId edge = stage(flow, upstream, downstream, dataPassingRef);
        backend.applyDependencyToChild(applyArgs(flow, edge, upstream, downstream));
        return edge;
    }

    /** Claims exactly {@code id} (grant, then fresh claim) as {@code worker-1}. */
    Handle claim(ExecutionId id) {
        WorkerId worker = WorkerId.of("worker-1");
        WorkerInstanceId instance = WorkerInstanceId.of("worker-1-i1");
        backend.issueClaimGrant(new IssueClaimGrantArgs(id, LANE, worker, instance, PartitionKey.flow(id.partition()),
                null, null, null, CapabilitySet.EMPTY, 10_000, clock.millis()));
        ClaimExecutionResult r = backend.claimExecution(new ClaimExecutionArgs(id, worker, instance, LANE,
                LeaseId.random(), LEASE_TTL_MS, AttemptId.random(), 0, "", null, null, clock.millis(), null));
        return ((ClaimExecutionResult.Claimed) r).claimed().handle();
    }

    PublicState state(ExecutionId id) {
        return backend.readExecutionState(id).orElseThrow();
    }

    /** Completion event outcomes of one execution, oldest first, comma-separated. */
    String completions(ExecutionId id) {
        List<String> outcomes = fx.queryStrings("SELECT outcome FROM ff_completion_event "
                + "WHERE partition_key = ? AND execution_id = ? ORDER BY event_id", id.partition(), id.uuid());
        return outcomes.isEmpty() ? null : String.join(",", outcomes);
    }

    String column(String table, String column, ExecutionId id) {
        return fx.queryString("SELECT " + column + " FROM " + table + " WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
    }

    /** Whether {@code column} of the execution's row (its current attempt's, for ff_attempt) is SQL NULL. */
    boolean isNull(String table, String column, ExecutionId id) {
        return fx.queryLong("SELECT COUNT(*) FROM " + table + " WHERE partition_key = ? AND execution_id = ? AND "
                + column + " IS NULL", id.partition(), id.uuid()) > 0;
    }
}
