package io.skein.engine.processing;

import com.fasterxml.jackson.core.type.TypeReference;
import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.AddExecutionToFlowResult;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.ApplyDependencyToChildResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateFlowResult;
import io.skein.core.api.DependencyKind;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeDirection;
import io.skein.core.api.EdgeGroupSnapshot;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.api.EdgeSnapshot;
import io.skein.core.api.EdgeState;
import io.skein.core.api.FlowEligibility;
import io.skein.core.api.FlowSnapshot;
import io.skein.core.api.PublicFlowState;
import io.skein.core.api.SetEdgeGroupPolicyResult;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.StageDependencyEdgeResult;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.Edge;
import io.skein.engine.state.EdgeGroup;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Flow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Building a flow and reading it (spec 02 §4–§5, 04 §4.1): create, membership, staging and applying dependency
 * edges, group policies, eligibility, snapshots. Every method takes the flow's partition, which the backend
 * derives from the flow id before the unit (01 §3); input checks that need no storage run there too.
 */
public final class FlowHandlers {

    /** Nodes the cycle check visits before it counts the graph as cyclic (spec 04 §4.1). */
    public static final int CYCLE_VISIT_LIMIT = 1000;

    private final FlowResolution resolution;

    public FlowHandlers(FlowResolution resolution) {
        this.resolution = resolution;
    }

    // ------------------------------------------------------------------------------------------ create, add

    public CreateFlowResult createFlow(EngineUnit unit, int partition, CreateFlowArgs args) {
        UUID flowId = args.flowId().uuid();
        if (unit.flows().flow(partition, flowId).isPresent()) {
            return new CreateFlowResult.AlreadySatisfied(args.flowId());
        }
        String namespace = args.namespace() == null ? "default" : args.namespace().value();
        unit.flows().insertFlow(partition, flowId, args.flowKind(), namespace, unit.now());
        return new CreateFlowResult.Created(args.flowId());
    }

    /** Before the unit: a member must live on its flow's partition (spec 01 §3). */
    public static void validateAdd(AddExecutionToFlowArgs args, int flowPartition) {
        if (args.executionId().partition() != flowPartition) {
            throw EngineError.invalidInput("partition_mismatch: execution_id " + args.executionId()
                    + " is on partition " + args.executionId().partition() + ", flow " + args.flowId()
                    + " on partition " + flowPartition);
        }
    }

    public AddExecutionToFlowResult addExecutionToFlow(EngineUnit unit, int partition, AddExecutionToFlowArgs args) {
        Flow flow = unit.flows().requireFlow(partition, args.flowId().uuid());
        requireOpen(flow);
        ExecCore e = unit.executions().require(args.executionId());
        if (flow.flowId().equals(e.flowId)) {
            return new AddExecutionToFlowResult.AlreadyMember(e.executionId, flow.nodeCount());
        }
        if (e.flowId != null) {
            throw new EngineException(new EngineError.Conflict(ConflictKind.EXECUTION_ALREADY_IN_FLOW,
                    "execution " + e.executionId + " is a member of flow " + e.flowId));
        }
        e.flowId = flow.flowId();
        unit.executions().save(e);
        unit.flows().bumpRevision(flow, 1, 0, unit.now());
        return new AddExecutionToFlowResult.Added(e.executionId, flow.nodeCount() + 1);
    }

    private static void requireOpen(Flow flow) {
        if (flow.cancelled()) {
            throw EngineError.state(StateKind.FLOW_ALREADY_TERMINAL, "flow " + flow.flowId()
                    + " is cancelled; expected public_flow_state open");
        }
    }

    // ------------------------------------------------------------------------------------------ stage

    /** Before the unit: ids present. ({@code dependency_kind} has one value, {@code success_only}.) */
    public static void validateStage(StageDependencyEdgeArgs args) {
        Objects.requireNonNull(args, "args");
        if (args.flowId() == null || args.edgeId() == null) {
            throw EngineError.invalidInput("flow_id and edge_id: required");
        }
        if (args.upstreamExecutionId() == null || args.downstreamExecutionId() == null) {
            throw EngineError.invalidInput("upstream_execution_id and downstream_execution_id: required");
        }
    }

    /** Spec 04 §4.1 step 4, checks in order; the first failing check wins and nothing is written. */
    public StageDependencyEdgeResult stageDependencyEdge(EngineUnit unit, int partition, StageDependencyEdgeArgs args) {
        Flow flow = unit.flows().requireFlow(partition, args.flowId().uuid());
        requireOpen(flow);
        if (flow.graphRevision() != args.expectedGraphRevision()) {
            throw new EngineException(new EngineError.Contention(ContentionKind.STALE_GRAPH_REVISION,
                    "expected graph_revision " + args.expectedGraphRevision() + ", found " + flow.graphRevision()
                            + "; re-read the flow with describeFlow and retry", null));
        }
        ExecutionId upstream = args.upstreamExecutionId();
        ExecutionId downstream = args.downstreamExecutionId();
        if (upstream.equals(downstream)) {
            throw new EngineException(new EngineError.Conflict(ConflictKind.SELF_REFERENCING_EDGE,
                    "upstream and downstream are both " + upstream));
        }
        requireMember(unit, flow, upstream, "upstream_execution_id");
        requireMember(unit, flow, downstream, "downstream_execution_id");
        Optional<Edge> existing = unit.flows().edgeBetween(partition, flow.flowId(), upstream, downstream);
        if (existing.isPresent()) {
            throw new EngineException(new EngineError.Conflict(ConflictKind.DEPENDENCY_ALREADY_EXISTS,
                    existing.get().edgeId().toString()));
        }
        if (reaches(unit, flow, downstream, upstream)) {
            throw new EngineException(new EngineError.Conflict(ConflictKind.CYCLE_DETECTED,
                    "an edge " + upstream + " -> " + downstream + " would close a cycle"));
        }
        if (unit.flows().edge(partition, args.edgeId().uuid()).isPresent()) {
            throw EngineError.invalidInput("edge_id: " + args.edgeId() + " already names another edge");
        }
        unit.flows().stageEdge(partition, flow.flowId(), args.edgeId().uuid(), upstream, downstream,
                args.dependencyKind().wire(), args.dataPassingRef(), unit.now());
        unit.flows().bumpRevision(flow, 0, 1, unit.now());
        return new StageDependencyEdgeResult.Staged(args.edgeId(), flow.graphRevision() + 1);
    }

    private static void requireMember(EngineUnit unit, Flow flow, ExecutionId id, String field) {
        boolean member = id.partition() == flow.partition() && unit.executions().load(id)
                .map(e -> flow.flowId().equals(e.flowId)).orElse(false);
        if (!member) {
            throw EngineError.state(StateKind.EXECUTION_NOT_IN_FLOW, field + ": " + id + " is not a member of flow "
                    + flow.flowId());
        }
    }

    /**
     * Breadth-first walk from {@code from} along outgoing edges (staged or applied) looking for {@code target};
     * visiting more than {@value #CYCLE_VISIT_LIMIT} nodes counts as reaching it.
     */
    private static boolean reaches(EngineUnit unit, Flow flow, ExecutionId from, ExecutionId target) {
        Set<ExecutionId> visited = new HashSet<>();
        ArrayDeque<ExecutionId> queue = new ArrayDeque<>();
        queue.add(from);
        visited.add(from);
        while (!queue.isEmpty()) {
            ExecutionId node = queue.poll();
            for (ExecutionId n : unit.flows().downstreamsOf(flow.partition(), flow.flowId(), node)) {
                if (n.equals(target)) {
                    return true;
                }
                if (visited.add(n)) {
                    if (visited.size() > CYCLE_VISIT_LIMIT) {
                        return true;
                    }
                    queue.add(n);
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ apply

    public static void validateApply(ApplyDependencyToChildArgs args) {
        if (args.flowId() == null || args.edgeId() == null || args.downstreamExecutionId() == null
                || args.upstreamExecutionId() == null) {
            throw EngineError.invalidInput("flow_id, edge_id, downstream_execution_id and upstream_execution_id: "
                    + "required");
        }
    }

    /**
     * Applies a staged edge (spec 04 §4.1 step 5): idempotent per edge; the group is created AllOf when missing;
     * a runnable child becomes {@code waiting_children}; an upstream that already ended resolves the edge now.
     */
    public ApplyDependencyToChildResult applyDependencyToChild(EngineUnit unit, int partition, ApplyDependencyToChildArgs args) {
        UUID flowId = args.flowId().uuid();
        Edge edge = unit.flows().edge(partition, args.edgeId().uuid())
                .filter(e -> e.flowId().equals(flowId))
                .orElseThrow(() -> EngineError.notFound("edge"));
        if (!edge.downstream().equals(args.downstreamExecutionId()) || !edge.upstream().equals(args.upstreamExecutionId())) {
            throw EngineError.invalidInput("edge " + args.edgeId() + " joins " + edge.upstream() + " -> "
                    + edge.downstream() + ", not " + args.upstreamExecutionId() + " -> " + args.downstreamExecutionId());
        }
        if (edge.applied()) {
            return new ApplyDependencyToChildResult.AlreadyApplied();
        }
        ExecCore child = unit.executions().require(edge.downstream());
        if (!flowId.equals(child.flowId)) {
            throw new EngineException(new EngineError.Conflict(ConflictKind.EXECUTION_ALREADY_IN_FLOW,
                    "downstream " + child.executionId + " belongs to flow " + child.flowId + ", not " + flowId));
        }
        ExecCore upstream = unit.executions().require(edge.upstream());
        String dataPassingRef = args.dataPassingRef() != null ? args.dataPassingRef() : edge.dataPassingRef();
        unit.flows().applyEdge(edge, dataPassingRef, unit.now());

        EdgeGroup g = unit.flows().group(partition, flowId, child.executionId).orElse(null);
        if (g == null) {
            unit.flows().insertGroup(partition, flowId, child.executionId, new EdgeDependencyPolicy.AllOf());
            g = unit.flows().group(partition, flowId, child.executionId).orElseThrow();
        }
        EdgeGroupState state = g.state();
        Long firedAt = g.firedAtMs();
        if (state == EdgeGroupState.SATISFIED && g.policy() instanceof EdgeDependencyPolicy.AllOf
                && !child.state.isTerminal()) {
            // AllOf needs every edge: a new edge re-opens a group that was satisfied with fewer.
            state = EdgeGroupState.PENDING;
            firedAt = null;
        }
        boolean upstreamEnded = upstream.state.isTerminal();
        unit.flows().saveGroup(new EdgeGroup(partition, flowId, child.executionId, g.policy(), g.total() + 1,
                g.success(), g.fail(), g.skip(), g.running() + (upstreamEnded ? 0 : 1), g.unsatisfied() + 1, state,
                firedAt, g.cancelSiblingsPending()));

        if (state == EdgeGroupState.PENDING && child.state.lifecyclePhase() == LifecyclePhase.RUNNABLE
                && child.state.blockingReason() != BlockingReason.PAUSED_BY_FLOW_CANCEL
                && child.state.eligibilityState() != EligibilityState.BLOCKED_BY_DEPENDENCIES) {
            child.transition(child.state.withEligibility(EligibilityState.BLOCKED_BY_DEPENDENCIES,
                    BlockingReason.WAITING_FOR_CHILDREN), unit.now());
            unit.executions().save(child);
        }
        if (upstreamEnded) {
            Edge applied = unit.flows().edge(partition, edge.edgeId()).orElseThrow();
            resolution.resolveEdge(unit, applied, upstream.state.terminalOutcome(), upstream.result, false);
        }
        long unsatisfied = unit.flows().group(partition, flowId, child.executionId)
                .map(EdgeGroup::unsatisfied).orElse(0);
        return new ApplyDependencyToChildResult.Applied(unsatisfied);
    }

    // ------------------------------------------------------------------------------------------ group policy

    public SetEdgeGroupPolicyResult setEdgeGroupPolicy(EngineUnit unit, int partition, FlowId flowId, ExecutionId downstream,
                                                       EdgeDependencyPolicy policy) {
        Flow flow = unit.flows().requireFlow(partition, flowId.uuid());
        requireMember(unit, flow, downstream, "downstream_execution_id");
        Optional<EdgeGroup> group = unit.flows().group(partition, flow.flowId(), downstream);
        if (group.isPresent()) {
            EdgeGroup g = group.get();
            if (g.policy().equals(policy)) {
                return new SetEdgeGroupPolicyResult.AlreadySet();
            }
            if (g.total() > 0) {
                throw EngineError.invalidInput("policy: downstream " + downstream + " already has " + g.total()
                        + " applied edge(s); set the group policy before the first applied edge");
            }
            unit.flows().saveGroup(new EdgeGroup(partition, flow.flowId(), downstream, policy, 0, 0, 0, 0, 0, 0,
                    EdgeGroupState.PENDING, null, false));
        } else {
            unit.flows().insertGroup(partition, flow.flowId(), downstream, policy);
        }
        return new SetEdgeGroupPolicyResult.Set();
    }

    // ------------------------------------------------------------------------------------------ eligibility

    /** Read-only dependency eligibility of one member (spec 04 §4.2). */
    public FlowEligibility evaluateFlowEligibility(EngineUnit unit, ExecutionId id) {
        Optional<ExecCore> found = unit.executions().load(id);
        if (found.isEmpty()) {
            return FlowEligibility.NOT_FOUND;
        }
        ExecCore e = found.get();
        if (e.state.isTerminal()) {
            return FlowEligibility.TERMINAL;
        }
        if (e.state.lifecyclePhase() == LifecyclePhase.ACTIVE || e.state.ownershipState() != OwnershipState.UNOWNED) {
            return FlowEligibility.OWNED;
        }
        if (e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE) {
            return FlowEligibility.NOT_RUNNABLE;
        }
        if (e.flowId == null) {
            return FlowEligibility.ELIGIBLE;
        }
        Optional<EdgeGroup> group = unit.flows().group(id.partition(), e.flowId, id);
        if (group.isPresent() && group.get().state() == EdgeGroupState.SATISFIED) {
            return FlowEligibility.ELIGIBLE;
        }
        long impossible = countDeps(unit, e, "impossible");
        if (impossible > 0) {
            return FlowEligibility.IMPOSSIBLE;
        }
        return countDeps(unit, e, "unsatisfied") > 0 ? FlowEligibility.BLOCKED_BY_DEPENDENCIES : FlowEligibility.ELIGIBLE;
    }

    private static long countDeps(EngineUnit unit, ExecCore e, String dependencyState) {
        return unit.flows().appliedDependencies(e.executionId.partition(), e.flowId, e.executionId, dependencyState);
    }

    // ------------------------------------------------------------------------------------------ reads

    public Optional<FlowSnapshot> describeFlow(EngineUnit unit, int partition, FlowId flowId) {
        return unit.flows().flow(partition, flowId.uuid()).map(flow -> {
            List<EdgeGroupSnapshot> groups = new ArrayList<>();
            for (EdgeGroup g : unit.flows().groups(partition, flow.flowId())) {
                groups.add(new EdgeGroupSnapshot(g.downstream(), g.policy(), g.total(), g.success(), g.fail(), g.skip(),
                        g.running(), g.state()));
            }
            long lastMutation = flow.lastMutationAtMs() == null ? flow.createdAtMs() : flow.lastMutationAtMs();
            return new FlowSnapshot(flowId, flow.flowKind(),
                    flow.namespace() == null ? null : Namespace.of(flow.namespace()),
                    flow.cancelled() ? PublicFlowState.CANCELLED : PublicFlowState.OPEN, flow.graphRevision(),
                    flow.nodeCount(), flow.edgeCount(), flow.createdAtMs(), lastMutation,
                    flow.cancelled() ? flow.terminalAtMs() : null, flow.cancelReason(),
                    flow.cancellationPolicy() == null ? null : CancelFlowPolicy.parse(flow.cancellationPolicy()),
                    tags(flow.tags()), groups);
        });
    }

    private static Map<String, String> tags(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return SkeinJson.lenient().readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (java.io.IOException e) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "ff_flow_core.tags: not a JSON object of strings");
        }
    }

    public List<EdgeSnapshot> listEdges(EngineUnit unit, int partition, FlowId flowId, EdgeDirection direction) {
        List<Edge> rows = direction instanceof EdgeDirection.Outgoing out
                ? unit.flows().outgoingEdges(partition, flowId.uuid(), out.fromNode())
                : unit.flows().incomingEdges(partition, flowId.uuid(), ((EdgeDirection.Incoming) direction).toNode());
        List<EdgeSnapshot> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(snapshot(r)));
        return out;
    }

    public Optional<EdgeSnapshot> describeEdge(EngineUnit unit, int partition, FlowId flowId, EdgeId edgeId) {
        Optional<Edge> row = unit.flows().edge(partition, edgeId.uuid());
        if (row.isPresent() && !row.get().flowId().equals(flowId.uuid())) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "edge " + edgeId + " is stored under flow "
                    + row.get().flowId() + ", not " + flowId);
        }
        return row.map(FlowHandlers::snapshot);
    }

    private static EdgeSnapshot snapshot(Edge r) {
        EdgeState state = !r.applied() ? EdgeState.PENDING : switch (String.valueOf(r.dependencyState())) {
            case "satisfied" -> EdgeState.SATISFIED;
            case "impossible" -> EdgeState.IMPOSSIBLE;
            default -> EdgeState.UNSATISFIED;
        };
        return new EdgeSnapshot(new EdgeId(r.edgeId()), new FlowId(r.flowId()), r.upstream(), r.downstream(),
                DependencyKind.SUCCESS_ONLY, EdgeSnapshot.ALL_REQUIRED, r.dataPassingRef(), state,
                r.stagedAtMs() == null ? 0 : r.stagedAtMs(), r.createdBy());
    }

    public Optional<FlowId> resolveExecutionFlowId(EngineUnit unit, ExecutionId id) {
        return unit.executions().load(id).map(e -> e.flowId).map(FlowId::new);
    }
}
