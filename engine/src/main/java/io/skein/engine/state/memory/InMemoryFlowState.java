package io.skein.engine.state.memory;

import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.LifecyclePhase;
import io.skein.engine.state.Edge;
import io.skein.engine.state.EdgeGroup;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Flow;
import io.skein.engine.state.FlowRollup;
import io.skein.engine.state.MutableFlowState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Flows, edges, edge groups and the flow work handed on to later units, in memory, journaled by the
 * {@link InMemoryEngineState} they belong to. Rows are immutable records, so they are stored and handed out as they
 * are; orders match the SQL reads (edge id, downstream id, member id).
 */
final class InMemoryFlowState implements MutableFlowState {

    private record FlowRef(int partition, UUID flowId) {}

    private record GroupRef(int partition, UUID flowId, UUID downstream) {}

    /** An edge id names one edge per partition (ff_edge's key holds the partition), as on SQL. */
    private record EdgeRef(int partition, UUID edgeId) {}

    private record PendingCancel(long enqueuedAtMs, List<ExecutionId> remaining) {}

    private record CancelBacklog(String reason, long graceUntilMs, String cancellationPolicy) {}

    private final InMemoryEngineState state;
    private final Map<FlowRef, Flow> flows = new HashMap<>();
    private final Map<EdgeRef, Edge> edges = new HashMap<>();
    private final Map<GroupRef, EdgeGroup> groups = new HashMap<>();
    private final Map<GroupRef, PendingCancel> pendingCancels = new HashMap<>();
    private final Map<FlowRef, CancelBacklog> cancelBacklog = new HashMap<>();
    private final Map<FlowRef, List<ExecutionId>> owedMembers = new HashMap<>();
    private final Map<FlowRef, FlowRollup> rollups = new HashMap<>();

    InMemoryFlowState(InMemoryEngineState state) {
        this.state = state;
    }

    private static final Comparator<ExecutionId> BY_ID = Comparator.comparing(id -> id.uuid().toString());

    // ------------------------------------------------------------------------------------------------ flows

    @Override
    public Optional<Flow> flow(int partition, UUID flowId) {
        return Optional.ofNullable(flows.get(new FlowRef(partition, flowId)));
    }

    @Override
    public Optional<FlowRollup> rollup(int partition, UUID flowId) {
        return Optional.ofNullable(rollups.get(new FlowRef(partition, flowId)));
    }

    @Override
    public void setTags(Flow flow, String tagsJson, long now) {
        Flow f = requireFlow(flow.partition(), flow.flowId());
        state.put(flows, new FlowRef(f.partition(), f.flowId()), new Flow(f.partition(), f.flowId(), f.flowKind(),
                f.namespace(), f.graphRevision(), f.nodeCount(), f.edgeCount(), f.publicFlowState(), f.createdAtMs(),
                now, f.terminalAtMs(), f.cancelReason(), f.cancellationPolicy(), tagsJson));
    }

    @Override
    public void saveRollup(int partition, UUID flowId, FlowRollup rollup, long now) {
        state.put(rollups, new FlowRef(partition, flowId), rollup);
    }

    private List<ExecCore> membersOf(int partition, UUID flowId) {
        return state.allExecutions().stream().filter(e -> e.executionId.partition() == partition
                && flowId.equals(e.flowId)).toList();
    }

    @Override
    public List<ExecutionId> members(int partition, UUID flowId, int limit) {
        return membersOf(partition, flowId).stream().map(e -> e.executionId).sorted(BY_ID).limit(limit).toList();
    }

    @Override
    public List<ExecutionId> nonTerminalMembers(int partition, UUID flowId, boolean includeActive) {
        return membersOf(partition, flowId).stream()
                .filter(e -> e.state.lifecyclePhase() != LifecyclePhase.TERMINAL
                        && (includeActive || e.state.lifecyclePhase() != LifecyclePhase.ACTIVE))
                .sorted(Comparator.comparing((ExecCore e) -> e.state.lifecyclePhase() == LifecyclePhase.ACTIVE ? 0 : 1)
                        .thenComparing(e -> e.executionId, BY_ID))
                .map(e -> e.executionId).toList();
    }

    @Override
    public void insertFlow(int partition, UUID flowId, String flowKind, String namespace, long now) {
        state.put(flows, new FlowRef(partition, flowId), new Flow(partition, flowId, flowKind, namespace, 0, 0, 0,
                Flow.OPEN, now, now, null, null, null, null));
    }

    @Override
    public void bumpRevision(Flow flow, int nodeDelta, int edgeDelta, long now) {
        Flow f = requireFlow(flow.partition(), flow.flowId());
        state.put(flows, new FlowRef(f.partition(), f.flowId()), new Flow(f.partition(), f.flowId(), f.flowKind(),
                f.namespace(), f.graphRevision() + 1, f.nodeCount() + nodeDelta, f.edgeCount() + edgeDelta,
                f.publicFlowState(), f.createdAtMs(), now, f.terminalAtMs(), f.cancelReason(),
                f.cancellationPolicy(), f.tags()));
    }

    @Override
    public void markCancelled(Flow flow, String reason, String cancellationPolicy, long now) {
        Flow f = requireFlow(flow.partition(), flow.flowId());
        state.put(flows, new FlowRef(f.partition(), f.flowId()), new Flow(f.partition(), f.flowId(), f.flowKind(),
                f.namespace(), f.graphRevision(), f.nodeCount(), f.edgeCount(), Flow.CANCELLED, f.createdAtMs(), now,
                now, reason, cancellationPolicy, f.tags()));
    }

    // ------------------------------------------------------------------------------------------------ edges

    private List<Edge> edgesWhere(int partition, UUID flowId, Predicate<Edge> which) {
        return edges.values().stream().filter(e -> e.partition() == partition && e.flowId().equals(flowId)
                && which.test(e)).sorted(Comparator.comparing(e -> e.edgeId().toString())).toList();
    }

    @Override
    public Optional<Edge> edge(int partition, UUID edgeId) {
        return Optional.ofNullable(edges.get(new EdgeRef(partition, edgeId)));
    }

    @Override
    public Optional<Edge> edgeBetween(int partition, UUID flowId, ExecutionId upstream, ExecutionId downstream) {
        return edgesWhere(partition, flowId, e -> e.upstream().equals(upstream) && e.downstream().equals(downstream))
                .stream().findFirst();
    }

    @Override
    public List<Edge> outgoingEdges(int partition, UUID flowId, ExecutionId upstream) {
        return edgesWhere(partition, flowId, e -> e.upstream().equals(upstream));
    }

    @Override
    public List<Edge> incomingEdges(int partition, UUID flowId, ExecutionId downstream) {
        return edgesWhere(partition, flowId, e -> e.downstream().equals(downstream));
    }

    @Override
    public List<ExecutionId> downstreamsOf(int partition, UUID flowId, ExecutionId upstream) {
        return outgoingEdges(partition, flowId, upstream).stream().map(Edge::downstream).toList();
    }

    @Override
    public long appliedDependencies(int partition, UUID flowId, ExecutionId downstream, String dependencyState) {
        return incomingEdges(partition, flowId, downstream).stream()
                .filter(e -> e.applied() && dependencyState.equals(e.dependencyState())).count();
    }

    @Override
    public List<ExecutionId> runningUpstreams(int partition, UUID flowId, ExecutionId downstream) {
        return incomingEdges(partition, flowId, downstream).stream().filter(Edge::applied).map(Edge::upstream)
                .filter(up -> state.executions().load(up)
                        .map(e -> e.state.lifecyclePhase() != LifecyclePhase.TERMINAL).orElse(false))
                .sorted(BY_ID).toList();
    }

    @Override
    public void stageEdge(int partition, UUID flowId, UUID edgeId, ExecutionId upstream, ExecutionId downstream,
                          String dependencyKind, String dataPassingRef, long now) {
        state.put(edges, new EdgeRef(partition, edgeId), new Edge(partition, flowId, edgeId, upstream, downstream,
                dependencyKind, dataPassingRef, "pending", null, now, null, null, "engine"));
    }

    @Override
    public void applyEdge(Edge edge, String dataPassingRef, long now) {
        EdgeRef ref = new EdgeRef(edge.partition(), edge.edgeId());
        Edge e = edges.get(ref);
        state.put(edges, ref, new Edge(e.partition(), e.flowId(), e.edgeId(), e.upstream(), e.downstream(),
                e.dependencyKind(), dataPassingRef, "applied", "unsatisfied", e.stagedAtMs(), now, e.resolvedAtMs(),
                e.createdBy()));
    }

    @Override
    public void setDependencyState(Edge edge, String dependencyState, Long resolvedAtMs) {
        EdgeRef ref = new EdgeRef(edge.partition(), edge.edgeId());
        Edge e = edges.get(ref);
        state.put(edges, ref, new Edge(e.partition(), e.flowId(), e.edgeId(), e.upstream(), e.downstream(),
                e.dependencyKind(), e.dataPassingRef(), e.edgeState(), dependencyState, e.stagedAtMs(),
                e.appliedAtMs(), resolvedAtMs, e.createdBy()));
    }

    // ------------------------------------------------------------------------------------------------ groups

    @Override
    public Optional<EdgeGroup> group(int partition, UUID flowId, ExecutionId downstream) {
        return Optional.ofNullable(groups.get(new GroupRef(partition, flowId, downstream.uuid())));
    }

    @Override
    public List<EdgeGroup> groups(int partition, UUID flowId) {
        return groups.values().stream().filter(g -> g.partition() == partition && g.flowId().equals(flowId))
                .sorted(Comparator.comparing(EdgeGroup::downstream, BY_ID)).toList();
    }

    @Override
    public boolean hasUnsatisfiedDependencies(ExecutionId member) {
        return groups.values().stream().anyMatch(g -> g.downstream().equals(member)
                && g.state() == EdgeGroupState.PENDING && g.unsatisfied() > 0);
    }

    @Override
    public void insertGroup(int partition, UUID flowId, ExecutionId downstream, EdgeDependencyPolicy policy) {
        state.put(groups, new GroupRef(partition, flowId, downstream.uuid()), new EdgeGroup(partition, flowId,
                downstream, policy, 0, 0, 0, 0, 0, 0, EdgeGroupState.PENDING, null, false));
    }

    @Override
    public void saveGroup(EdgeGroup g) {
        state.put(groups, new GroupRef(g.partition(), g.flowId(), g.downstream().uuid()), g);
    }

    private void flag(int partition, UUID flowId, ExecutionId downstream, boolean pending) {
        GroupRef ref = new GroupRef(partition, flowId, downstream.uuid());
        EdgeGroup g = groups.get(ref);
        if (g != null) {
            state.put(groups, ref, new EdgeGroup(g.partition(), g.flowId(), g.downstream(), g.policy(), g.total(),
                    g.success(), g.fail(), g.skip(), g.running(), g.unsatisfied(), g.state(), g.firedAtMs(), pending));
        }
    }

    @Override
    public void enqueueSiblingCancels(int partition, UUID flowId, ExecutionId downstream, List<ExecutionId> remaining,
                                      long now) {
        flag(partition, flowId, downstream, true);
        GroupRef ref = new GroupRef(partition, flowId, downstream.uuid());
        PendingCancel queued = pendingCancels.get(ref);
        state.put(pendingCancels, ref, new PendingCancel(queued == null ? now : queued.enqueuedAtMs(),
                List.copyOf(remaining)));
    }

    @Override
    public void setSiblingCancels(int partition, UUID flowId, ExecutionId downstream, List<ExecutionId> remaining) {
        GroupRef ref = new GroupRef(partition, flowId, downstream.uuid());
        PendingCancel queued = pendingCancels.get(ref);
        if (queued != null) {
            state.put(pendingCancels, ref, new PendingCancel(queued.enqueuedAtMs(), List.copyOf(remaining)));
        }
    }

    @Override
    public void clearSiblingCancels(int partition, UUID flowId, ExecutionId downstream) {
        flag(partition, flowId, downstream, false);
        state.remove(pendingCancels, new GroupRef(partition, flowId, downstream.uuid()));
    }

    @Override
    public List<PendingGroup> pendingGroups(int limit) {
        return pendingCancels.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<GroupRef, PendingCancel> e) -> e.getValue().enqueuedAtMs())
                        .thenComparingInt(e -> e.getKey().partition()))
                .limit(limit)
                .map(e -> new PendingGroup(e.getKey().partition(), e.getKey().flowId(),
                        new ExecutionId(e.getKey().partition(), e.getKey().downstream())))
                .toList();
    }

    // ------------------------------------------------------------------------------------------------ resolution

    @Override
    public List<ExecutionId> undispatchedMembers(long committedAtOrBefore) {
        return state.undispatchedCompletions(committedAtOrBefore);
    }

    @Override
    public void markCompletionDispatched(ExecutionId member, long now) {
        state.markCompletionsDispatched(member, now);
    }

    // ------------------------------------------------------------------------------------------------ cancels

    @Override
    public Optional<String> owedCancelReason(int partition, UUID flowId) {
        return Optional.ofNullable(cancelBacklog.get(new FlowRef(partition, flowId))).map(CancelBacklog::reason);
    }

    @Override
    public List<ExecutionId> owedCancelMembers(int partition, UUID flowId) {
        return owedMembers.getOrDefault(new FlowRef(partition, flowId), List.of()).stream().sorted(BY_ID).toList();
    }

    @Override
    public boolean isOwedCancelMember(int partition, UUID flowId, ExecutionId member) {
        return owedMembers.getOrDefault(new FlowRef(partition, flowId), List.of()).contains(member);
    }

    @Override
    public long owedCancelCount(int partition, UUID flowId) {
        return owedMembers.getOrDefault(new FlowRef(partition, flowId), List.of()).size();
    }

    @Override
    public List<OverdueFlow> overdueCancels(long now) {
        return cancelBacklog.entrySet().stream().filter(e -> e.getValue().graceUntilMs() <= now)
                .sorted(Comparator.comparingLong(e -> e.getValue().graceUntilMs()))
                .map(e -> new OverdueFlow(e.getKey().partition(), new FlowId(e.getKey().flowId()))).toList();
    }

    @Override
    public void insertCancelBacklog(int partition, UUID flowId, String reason, long graceUntilMs,
                                    String cancellationPolicy, long now) {
        state.put(cancelBacklog, new FlowRef(partition, flowId),
                new CancelBacklog(reason, graceUntilMs, cancellationPolicy));
    }

    @Override
    public void addOwedCancelMember(int partition, UUID flowId, ExecutionId member) {
        FlowRef ref = new FlowRef(partition, flowId);
        List<ExecutionId> owed = new ArrayList<>(owedMembers.getOrDefault(ref, List.of()));
        owed.add(member);
        state.put(owedMembers, ref, owed);
    }

    @Override
    public void removeOwedCancelMember(int partition, UUID flowId, ExecutionId member) {
        FlowRef ref = new FlowRef(partition, flowId);
        List<ExecutionId> owed = new ArrayList<>(owedMembers.getOrDefault(ref, List.of()));
        if (owed.removeIf(m -> Objects.equals(m, member))) {
            state.put(owedMembers, ref, owed);
        }
    }

    /** Drops a purged execution from every cancel it was owed to. */
    void forget(ExecutionId member) {
        for (FlowRef ref : List.copyOf(owedMembers.keySet())) {
            if (ref.partition() == member.partition()) {
                removeOwedCancelMember(ref.partition(), ref.flowId(), member);
            }
        }
    }

    @Override
    public void deleteCancelBacklog(int partition, UUID flowId) {
        state.remove(cancelBacklog, new FlowRef(partition, flowId));
    }
}
