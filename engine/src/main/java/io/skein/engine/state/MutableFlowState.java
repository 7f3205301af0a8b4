package io.skein.engine.state;

import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.id.ExecutionId;
import java.util.List;
import java.util.UUID;

/** Writes of flows, edges, edge groups and the flow work handed on to later units. */
public interface MutableFlowState extends FlowState {

    /** Inserts an open flow with no members and no edges, at graph revision 0. */
    void insertFlow(int partition, UUID flowId, String flowKind, String namespace, long now);

    /** Bumps the flow's graph revision and adds to its node and edge counts. */
    void bumpRevision(Flow flow, int nodeDelta, int edgeDelta, long now);

    /** Makes the flow {@code cancelled} with its reason and policy (its terminal time is {@code now}). */
    void markCancelled(Flow flow, String reason, String cancellationPolicy, long now);

    /** Replaces the flow's tags ({@code tagsJson}: a JSON object of strings). */
    void setTags(Flow flow, String tagsJson, long now);

    /** Stores the flow's roll-up, stamped {@code now}, over the previous one. */
    void saveRollup(int partition, UUID flowId, FlowRollup rollup, long now);

    /** Inserts a staged edge ({@code edge_state} pending, created by the engine). */
    void stageEdge(int partition, UUID flowId, UUID edgeId, ExecutionId upstream, ExecutionId downstream,
                   String dependencyKind, String dataPassingRef, long now);

    /** Makes a staged edge applied with its dependency unsatisfied. */
    void applyEdge(Edge edge, String dataPassingRef, long now);

    void setDependencyState(Edge edge, String dependencyState, Long resolvedAtMs);

    /** Inserts a group with {@code policy} and zero counters. */
    void insertGroup(int partition, UUID flowId, ExecutionId downstream, EdgeDependencyPolicy policy);

    /** Writes every counter, the policy and the state of a group back. */
    void saveGroup(EdgeGroup group);

    /**
     * Hands the group's remaining sibling cancels on: flags the group with {@code remaining} and queues it for the
     * edge-cancel dispatcher (timer 11), once.
     */
    void enqueueSiblingCancels(int partition, UUID flowId, ExecutionId downstream, List<ExecutionId> remaining,
                               long now);

    /** Replaces the siblings a flagged group still has to cancel. */
    void setSiblingCancels(int partition, UUID flowId, ExecutionId downstream, List<ExecutionId> remaining);

    /** Clears the group's flag and drops it from the dispatcher's queue. */
    void clearSiblingCancels(int partition, UUID flowId, ExecutionId downstream);

    /** Marks the member's completion events dispatched: its outgoing edges are resolved. */
    void markCompletionDispatched(ExecutionId member, long now);

    /** Records a cancel that owes members, re-driven after {@code graceUntilMs}. */
    void insertCancelBacklog(int partition, UUID flowId, String reason, long graceUntilMs, String cancellationPolicy,
                             long now);

    void addOwedCancelMember(int partition, UUID flowId, ExecutionId member);

    void removeOwedCancelMember(int partition, UUID flowId, ExecutionId member);

    void deleteCancelBacklog(int partition, UUID flowId);
}
