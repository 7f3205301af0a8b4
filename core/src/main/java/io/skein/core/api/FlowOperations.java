package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionKey;
import java.util.List;
import java.util.Optional;

/**
 * Flows: construction, cancellation and reads (spec 02 §4–§5, 04 §4). Every method defaults to
 * {@code Unavailable{op}} with its snake_case name (spec 02 §12). {@link FlowCancellation} holds the library
 * helpers for waiting on a cancel.
 */
public interface FlowOperations {

    /** Creates an {@code open} flow at graph revision 0; idempotent (create_flow; spec 02 §4). */
    default CreateFlowResult createFlow(CreateFlowArgs args) {
        throw EngineError.unavailable("create_flow");
    }

    /** Adds an execution of the flow's partition as a member (add_execution_to_flow; spec 02 §4). */
    default AddExecutionToFlowResult addExecutionToFlow(AddExecutionToFlowArgs args) {
        throw EngineError.unavailable("add_execution_to_flow");
    }

    /** Stages a {@code pending} edge under an expected graph revision (stage_dependency_edge; spec 04 §4.1). */
    default StageDependencyEdgeResult stageDependencyEdge(StageDependencyEdgeArgs args) {
        throw EngineError.unavailable("stage_dependency_edge");
    }

    /** Applies a staged edge to its child, resolving it if the upstream ended (apply_dependency_to_child; 04 §4.1). */
    default ApplyDependencyToChildResult applyDependencyToChild(ApplyDependencyToChildArgs args) {
        throw EngineError.unavailable("apply_dependency_to_child");
    }

    /** Sets a downstream's group policy before its first applied edge (set_edge_group_policy; spec 04 §4.1). */
    default SetEdgeGroupPolicyResult setEdgeGroupPolicy(FlowId flowId, ExecutionId downstreamExecutionId,
                                                        EdgeDependencyPolicy policy) {
        throw EngineError.unavailable("set_edge_group_policy");
    }

    /**
     * Cancels a flow and, per policy, its members, optionally waiting for owed members (cancel_flow; spec 04 §4.4).
     * {@code reason} null means {@code ""}.
     */
    default CancelFlowResult cancelFlow(FlowId flowId, CancelFlowPolicy policy, CancelFlowWait wait, String reason) {
        throw EngineError.unavailable("cancel_flow");
    }

    /** The atomic first unit of a flow cancel (cancel_flow_header; spec 04 §4.4). */
    default CancelFlowHeaderResult cancelFlowHeader(CancelFlowArgs args) {
        throw EngineError.unavailable("cancel_flow_header");
    }

    /** Removes one owed member from the flow's cancel backlog; idempotent (ack_cancel_member; spec 04 §4.4). */
    default void ackCancelMember(FlowId flowId, ExecutionId executionId) {
        throw EngineError.unavailable("ack_cancel_member");
    }

    /** Read-only dependency eligibility of a member (evaluate_flow_eligibility; spec 04 §4.2). */
    default EvaluateFlowEligibilityResult evaluateFlowEligibility(EvaluateFlowEligibilityArgs args) {
        throw EngineError.unavailable("evaluate_flow_eligibility");
    }

    /** The flow header, counters and edge groups, empty when absent (describe_flow; spec 02 §5). */
    default Optional<FlowSnapshot> describeFlow(FlowId flowId) {
        throw EngineError.unavailable("describe_flow");
    }

    /** The edges leaving or entering one member (list_edges; spec 02 §5). */
    default List<EdgeSnapshot> listEdges(FlowId flowId, EdgeDirection direction) {
        throw EngineError.unavailable("list_edges");
    }

    /** One edge of the flow, empty when absent (describe_edge; spec 02 §5). */
    default Optional<EdgeSnapshot> describeEdge(FlowId flowId, EdgeId edgeId) {
        throw EngineError.unavailable("describe_edge");
    }

    /** The flow an execution belongs to, if any (resolve_execution_flow_id; spec 02 §5). */
    default Optional<FlowId> resolveExecutionFlowId(ExecutionId executionId) {
        throw EngineError.unavailable("resolve_execution_flow_id");
    }

    /** Flows of a partition by id, with roll-up status (list_flows; T2, spec 02 §5). */
    default ListFlowsPage listFlows(PartitionKey partition, FlowId cursor, int limit) {
        throw EngineError.unavailable("list_flows");
    }

    /** Recomputes a flow's roll-up summary; true when it changed (project_flow_summary; T2, spec 04 §4.5). */
    default boolean projectFlowSummary(PartitionKey partition, FlowId flowId) {
        throw EngineError.unavailable("project_flow_summary");
    }

    /** Sets one tag of a flow; key checked first, missing flow → {@code NotFound} (spec 02 §5 set_flow_tag, T2). */
    default void setFlowTag(FlowId flowId, String key, String value) {
        throw EngineError.unavailable("set_flow_tag");
    }

    /** One tag of a flow, empty for a missing tag or flow (spec 02 §5 get_flow_tag, T2). */
    default Optional<String> getFlowTag(FlowId flowId, String key) {
        throw EngineError.unavailable("get_flow_tag");
    }
}
