package io.skein.engine.state;

import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Flows, edges and edge groups (spec 04 §4, 05 §1.7) and the flow work handed on to later units (owed cancels,
 * pending sibling cancels, undispatched completions), read-only. Every flow row lives in its flow's partition.
 */
public interface FlowState {

    /** A flow whose cancel owes members past their grace (timer 10 candidate). */
    record OverdueFlow(int partition, FlowId flowId) {}

    /** A fired group with upstream siblings still to cancel (timer 11 candidate). */
    record PendingGroup(int partition, UUID flowId, ExecutionId downstream) {}

    // ------------------------------------------------------------------------------------------------ flows

    Optional<Flow> flow(int partition, UUID flowId);

    /** {@link #flow}, or {@code NotFound(flow)}. */
    default Flow requireFlow(int partition, UUID flowId) {
        return flow(partition, flowId).orElseThrow(() -> EngineError.notFound("flow"));
    }

    /** The flow's stored roll-up ({@code ff_flow_summary}), empty before its first projection. */
    Optional<FlowRollup> rollup(int partition, UUID flowId);

    /** Members of a flow, in id order, at most {@code limit}. */
    List<ExecutionId> members(int partition, UUID flowId, int limit);

    /**
     * Members not terminal yet, active ones first, then by id; {@code includeActive} false leaves the active ones
     * out.
     */
    List<ExecutionId> nonTerminalMembers(int partition, UUID flowId, boolean includeActive);

    // ------------------------------------------------------------------------------------------------ edges

    /** The edge with this id in any flow of the partition (a caller detects one stored under another flow). */
    Optional<Edge> edge(int partition, UUID edgeId);

    Optional<Edge> edgeBetween(int partition, UUID flowId, ExecutionId upstream, ExecutionId downstream);

    /** The edges leaving {@code upstream}, staged or applied, in edge id order. */
    List<Edge> outgoingEdges(int partition, UUID flowId, ExecutionId upstream);

    /** The edges entering {@code downstream}, staged or applied, in edge id order. */
    List<Edge> incomingEdges(int partition, UUID flowId, ExecutionId downstream);

    /** The downstream ends of the edges leaving {@code upstream}, staged or applied (the cycle check's walk). */
    List<ExecutionId> downstreamsOf(int partition, UUID flowId, ExecutionId upstream);

    /** How many applied edges entering {@code downstream} are in {@code dependencyState}. */
    long appliedDependencies(int partition, UUID flowId, ExecutionId downstream, String dependencyState);

    /** The upstreams of the applied edges entering {@code downstream} that are not terminal yet, in id order. */
    List<ExecutionId> runningUpstreams(int partition, UUID flowId, ExecutionId downstream);

    // ------------------------------------------------------------------------------------------------ groups

    Optional<EdgeGroup> group(int partition, UUID flowId, ExecutionId downstream);

    /** Every edge group of a flow, in downstream id order. */
    List<EdgeGroup> groups(int partition, UUID flowId);

    /**
     * Whether the member still waits on a dependency: one of its edge groups is pending with unsatisfied edges (a
     * group that already fired leaves later edges unsatisfied, and those do not block).
     */
    boolean hasUnsatisfiedDependencies(ExecutionId member);

    /** The oldest {@code limit} groups with sibling cancels pending. */
    List<PendingGroup> pendingGroups(int limit);

    // ------------------------------------------------------------------------------------------------ resolution

    /**
     * Flow members with a completion event not dispatched yet (its outgoing edges unresolved) that was committed at
     * or before {@code committedAtOrBefore}.
     */
    List<ExecutionId> undispatchedMembers(long committedAtOrBefore);

    // ------------------------------------------------------------------------------------------------ cancels

    /** The reason of the flow's cancel that still owes members, or empty when it owes none. */
    Optional<String> owedCancelReason(int partition, UUID flowId);

    /** The members the flow's cancel still owes, in id order. */
    List<ExecutionId> owedCancelMembers(int partition, UUID flowId);

    boolean isOwedCancelMember(int partition, UUID flowId, ExecutionId member);

    long owedCancelCount(int partition, UUID flowId);

    /** Flows whose cancel owes members past their grace at {@code now}, oldest grace first. */
    List<OverdueFlow> overdueCancels(long now);
}
