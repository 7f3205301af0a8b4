package io.skein.sql.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.state.Edge;
import io.skein.engine.state.EdgeGroup;
import io.skein.engine.state.Flow;
import io.skein.engine.state.FlowRollup;
import io.skein.engine.state.MutableFlowState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The engine's flow state over the flow tables of spec 05 §1.7 ({@code ff_flow_core}, {@code ff_edge},
 * {@code ff_edge_group}, the pending-cancel and cancel-backlog tables) and the dispatch mark of
 * {@code ff_completion_event}, in one unit of work ({@link Tx}).
 */
final class SqlFlowState implements MutableFlowState {

    private final Tx tx;

    SqlFlowState(Tx tx) {
        this.tx = tx;
    }

    // ------------------------------------------------------------------------------------------------ flows

    @Override
    public Optional<Flow> flow(int partition, UUID flowId) {
        return tx.queryOne("SELECT * FROM ff_flow_core WHERE partition_key = ? AND flow_id = ?",
                rs -> new Flow(rs.getInt("partition_key"), tx.uuid(rs, "flow_id"), rs.getString("flow_kind"),
                        rs.getString("namespace"), rs.getLong("graph_revision"), rs.getLong("node_count"),
                        rs.getLong("edge_count"), rs.getString("public_flow_state"), rs.getLong("created_at_ms"),
                        Tx.nullableLong(rs, "last_mutation_at_ms"), Tx.nullableLong(rs, "terminal_at_ms"),
                        rs.getString("cancel_reason"), rs.getString("cancellation_policy"), rs.getString("tags")),
                partition, flowId);
    }

    /** The member-count columns of {@code ff_flow_summary}, one per public state (05 §1.7). */
    private static String memberColumn(PublicState state) {
        return "members_" + state.wire();
    }

    @Override
    public Optional<FlowRollup> rollup(int partition, UUID flowId) {
        return tx.queryOne("SELECT * FROM ff_flow_summary WHERE partition_key = ? AND flow_id = ?", rs -> {
            Map<PublicState, Long> members = new EnumMap<>(PublicState.class);
            for (PublicState state : PublicState.values()) {
                members.put(state, rs.getLong(memberColumn(state)));
            }
            return new FlowRollup(rs.getLong("total_members"), members, rs.getString("public_flow_state"));
        }, partition, flowId);
    }

    @Override
    public void setTags(Flow flow, String tagsJson, long now) {
        tx.update("UPDATE ff_flow_core SET tags = ?, last_mutation_at_ms = ? WHERE partition_key = ? AND flow_id = ?",
                tagsJson, now, flow.partition(), flow.flowId());
    }

    @Override
    public void saveRollup(int partition, UUID flowId, FlowRollup rollup, long now) {
        List<String> columns = new ArrayList<>(List.of("partition_key", "flow_id", "total_members"));
        List<Object> values = new ArrayList<>(List.of(partition, flowId, rollup.totalMembers()));
        for (PublicState state : PublicState.values()) {
            columns.add(memberColumn(state));
            values.add(rollup.members().get(state));
        }
        columns.add("public_flow_state");
        values.add(rollup.publicFlowState());
        columns.add("last_summary_update_at");
        values.add(now);
        String updates = columns.stream().skip(2).map(c -> c + " = excluded." + c)
                .collect(java.util.stream.Collectors.joining(", "));
        tx.update("INSERT INTO ff_flow_summary (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") "
                + "ON CONFLICT (partition_key, flow_id) DO UPDATE SET " + updates, values.toArray());
    }

    @Override
    public List<ExecutionId> members(int partition, UUID flowId, int limit) {
        return tx.query("SELECT execution_id FROM ff_exec_core WHERE partition_key = ? AND flow_id = ? "
                        + "ORDER BY execution_id LIMIT ?",
                rs -> ExecutionId.of(partition, tx.uuid(rs, "execution_id")), partition, flowId, limit);
    }

    @Override
    public List<ExecutionId> nonTerminalMembers(int partition, UUID flowId, boolean includeActive) {
        String drainActive = includeActive ? "" : "AND lifecycle_phase <> 'active' ";
        return tx.query("SELECT execution_id FROM ff_exec_core WHERE partition_key = ? AND flow_id = ? "
                        + "AND lifecycle_phase <> 'terminal' " + drainActive
                        + "ORDER BY CASE WHEN lifecycle_phase = 'active' THEN 0 ELSE 1 END, execution_id",
                rs -> ExecutionId.of(partition, tx.uuid(rs, "execution_id")), partition, flowId);
    }

    @Override
    public void insertFlow(int partition, UUID flowId, String flowKind, String namespace, long now) {
        tx.update("INSERT INTO ff_flow_core (partition_key, flow_id, flow_kind, namespace, graph_revision, node_count, "
                        + "edge_count, public_flow_state, created_at_ms, last_mutation_at_ms) "
                        + "VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?, ?)",
                partition, flowId, flowKind, namespace, Flow.OPEN, now, now);
    }

    @Override
    public void bumpRevision(Flow flow, int nodeDelta, int edgeDelta, long now) {
        tx.update("UPDATE ff_flow_core SET graph_revision = graph_revision + 1, node_count = node_count + ?, "
                        + "edge_count = edge_count + ?, last_mutation_at_ms = ? WHERE partition_key = ? AND flow_id = ?",
                nodeDelta, edgeDelta, now, flow.partition(), flow.flowId());
    }

    @Override
    public void markCancelled(Flow flow, String reason, String cancellationPolicy, long now) {
        tx.update("UPDATE ff_flow_core SET public_flow_state = ?, terminal_at_ms = ?, cancel_reason = ?, "
                        + "cancellation_policy = ?, last_mutation_at_ms = ? WHERE partition_key = ? AND flow_id = ?",
                Flow.CANCELLED, now, reason, cancellationPolicy, now, flow.partition(), flow.flowId());
    }

    // ------------------------------------------------------------------------------------------------ edges

    private static final String EDGE_COLUMNS = "partition_key, flow_id, edge_id, upstream_eid, downstream_eid, "
            + "dependency_kind, data_passing_ref, edge_state, dependency_state, staged_at_ms, applied_at_ms, "
            + "resolved_at_ms, created_by";

    private Edge mapEdge(ResultSet rs) throws SQLException {
        int partition = rs.getInt("partition_key");
        return new Edge(partition, tx.uuid(rs, "flow_id"), tx.uuid(rs, "edge_id"),
                ExecutionId.of(partition, tx.uuid(rs, "upstream_eid")),
                ExecutionId.of(partition, tx.uuid(rs, "downstream_eid")), rs.getString("dependency_kind"),
                rs.getString("data_passing_ref"), rs.getString("edge_state"), rs.getString("dependency_state"),
                Tx.nullableLong(rs, "staged_at_ms"), Tx.nullableLong(rs, "applied_at_ms"),
                Tx.nullableLong(rs, "resolved_at_ms"), rs.getString("created_by"));
    }

    @Override
    public Optional<Edge> edge(int partition, UUID edgeId) {
        return tx.queryOne("SELECT " + EDGE_COLUMNS + " FROM ff_edge WHERE partition_key = ? AND edge_id = ?",
                this::mapEdge, partition, edgeId);
    }

    @Override
    public Optional<Edge> edgeBetween(int partition, UUID flowId, ExecutionId upstream, ExecutionId downstream) {
        return tx.queryOne("SELECT " + EDGE_COLUMNS + " FROM ff_edge WHERE partition_key = ? AND flow_id = ? "
                        + "AND upstream_eid = ? AND downstream_eid = ?",
                this::mapEdge, partition, flowId, upstream.uuid(), downstream.uuid());
    }

    @Override
    public List<Edge> outgoingEdges(int partition, UUID flowId, ExecutionId upstream) {
        return tx.query("SELECT " + EDGE_COLUMNS + " FROM ff_edge WHERE partition_key = ? AND flow_id = ? "
                + "AND upstream_eid = ? ORDER BY edge_id", this::mapEdge, partition, flowId, upstream.uuid());
    }

    @Override
    public List<Edge> incomingEdges(int partition, UUID flowId, ExecutionId downstream) {
        return tx.query("SELECT " + EDGE_COLUMNS + " FROM ff_edge WHERE partition_key = ? AND flow_id = ? "
                + "AND downstream_eid = ? ORDER BY edge_id", this::mapEdge, partition, flowId, downstream.uuid());
    }

    @Override
    public List<ExecutionId> downstreamsOf(int partition, UUID flowId, ExecutionId upstream) {
        return tx.query("SELECT downstream_eid FROM ff_edge WHERE partition_key = ? AND flow_id = ? "
                        + "AND upstream_eid = ?", rs -> ExecutionId.of(partition, tx.uuid(rs, "downstream_eid")),
                partition, flowId, upstream.uuid());
    }

    @Override
    public long appliedDependencies(int partition, UUID flowId, ExecutionId downstream, String dependencyState) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_edge WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ? "
                        + "AND edge_state = 'applied' AND dependency_state = ?",
                partition, flowId, downstream.uuid(), dependencyState);
    }

    @Override
    public List<ExecutionId> runningUpstreams(int partition, UUID flowId, ExecutionId downstream) {
        return tx.query("SELECT e.execution_id FROM ff_edge d JOIN ff_exec_core e ON e.partition_key = d.partition_key "
                        + "AND e.execution_id = d.upstream_eid WHERE d.partition_key = ? AND d.flow_id = ? "
                        + "AND d.downstream_eid = ? AND d.edge_state = 'applied' AND e.lifecycle_phase <> 'terminal' "
                        + "ORDER BY e.execution_id",
                rs -> ExecutionId.of(partition, tx.uuid(rs, "execution_id")), partition, flowId, downstream.uuid());
    }

    @Override
    public void stageEdge(int partition, UUID flowId, UUID edgeId, ExecutionId upstream, ExecutionId downstream,
                          String dependencyKind, String dataPassingRef, long now) {
        tx.update("INSERT INTO ff_edge (partition_key, flow_id, edge_id, upstream_eid, downstream_eid, dependency_kind, "
                        + "data_passing_ref, edge_state, staged_at_ms, created_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, 'engine')",
                partition, flowId, edgeId, upstream.uuid(), downstream.uuid(), dependencyKind, dataPassingRef, now);
    }

    @Override
    public void applyEdge(Edge edge, String dataPassingRef, long now) {
        tx.update("UPDATE ff_edge SET edge_state = 'applied', dependency_state = 'unsatisfied', applied_at_ms = ?, "
                        + "data_passing_ref = ? WHERE partition_key = ? AND flow_id = ? AND edge_id = ?",
                now, dataPassingRef, edge.partition(), edge.flowId(), edge.edgeId());
    }

    @Override
    public void setDependencyState(Edge edge, String dependencyState, Long resolvedAtMs) {
        tx.update("UPDATE ff_edge SET dependency_state = ?, resolved_at_ms = ? WHERE partition_key = ? "
                        + "AND flow_id = ? AND edge_id = ?", dependencyState, resolvedAtMs, edge.partition(),
                edge.flowId(), edge.edgeId());
    }

    // ------------------------------------------------------------------------------------------------ groups

    @Override
    public Optional<EdgeGroup> group(int partition, UUID flowId, ExecutionId downstream) {
        return tx.queryOne("SELECT * FROM ff_edge_group WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?",
                this::mapGroup, partition, flowId, downstream.uuid());
    }

    @Override
    public List<EdgeGroup> groups(int partition, UUID flowId) {
        return tx.query("SELECT * FROM ff_edge_group WHERE partition_key = ? AND flow_id = ? ORDER BY downstream_eid",
                this::mapGroup, partition, flowId);
    }

    private EdgeGroup mapGroup(ResultSet rs) throws SQLException {
        int partition = rs.getInt("partition_key");
        return new EdgeGroup(partition, tx.uuid(rs, "flow_id"), ExecutionId.of(partition, tx.uuid(rs, "downstream_eid")),
                readPolicy(rs.getString("policy")), rs.getInt("total_count"), rs.getInt("success_count"),
                rs.getInt("fail_count"), rs.getInt("skip_count"), rs.getInt("running_count"),
                rs.getInt("unsatisfied_count"), groupState(rs.getString("group_state")),
                Tx.nullableLong(rs, "fired_at_ms"), rs.getBoolean("cancel_siblings_pending_flag"));
    }

    @Override
    public boolean hasUnsatisfiedDependencies(ExecutionId member) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_edge_group WHERE partition_key = ? "
                + "AND downstream_eid = ? AND group_state = 'pending' AND unsatisfied_count > 0",
                member.partition(), member.uuid()) > 0;
    }

    @Override
    public void insertGroup(int partition, UUID flowId, ExecutionId downstream, EdgeDependencyPolicy policy) {
        tx.update("INSERT INTO ff_edge_group (partition_key, flow_id, downstream_eid, policy, k_target) "
                + "VALUES (?, ?, ?, ?, ?)", partition, flowId, downstream.uuid(), writePolicy(policy), kTarget(policy));
    }

    @Override
    public void saveGroup(EdgeGroup g) {
        tx.update("UPDATE ff_edge_group SET policy = ?, k_target = ?, total_count = ?, success_count = ?, "
                        + "fail_count = ?, skip_count = ?, running_count = ?, unsatisfied_count = ?, group_state = ?, "
                        + "fired_at_ms = ?, cancel_siblings_pending_flag = ? "
                        + "WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?",
                writePolicy(g.policy()), kTarget(g.policy()), g.total(), g.success(), g.fail(), g.skip(), g.running(),
                g.unsatisfied(), g.state().wire(), g.firedAtMs(), g.cancelSiblingsPending(), g.partition(),
                g.flowId(), g.downstream().uuid());
    }

    /** The successes a group needs: n for AllOf (n grows as edges are applied), 1 for AnyOf, k for Quorum. */
    private static int kTarget(EdgeDependencyPolicy policy) {
        return policy instanceof EdgeDependencyPolicy.AllOf ? 0 : policy.requiredSuccesses(0);
    }

    private static String writePolicy(EdgeDependencyPolicy policy) {
        try {
            return SkeinJson.lenient().writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an edge policy always serializes", e);
        }
    }

    private static EdgeDependencyPolicy readPolicy(String json) {
        try {
            return SkeinJson.lenient().readValue(json, EdgeDependencyPolicy.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "ff_edge_group.policy: unreadable " + json);
        }
    }

    private static EdgeGroupState groupState(String literal) {
        for (EdgeGroupState s : EdgeGroupState.values()) {
            if (s.wire().equals(literal)) {
                return s;
            }
        }
        throw EngineError.validation(ValidationKind.CORRUPTION, "ff_edge_group.group_state: unknown " + literal);
    }

    // ------------------------------------------------------------------------------------------------ sibling cancels

    @Override
    public void enqueueSiblingCancels(int partition, UUID flowId, ExecutionId downstream, List<ExecutionId> remaining,
                                      long now) {
        tx.update("UPDATE ff_edge_group SET cancel_siblings_pending_flag = TRUE, cancel_siblings_pending_members = ? "
                        + "WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?",
                idList(remaining), partition, flowId, downstream.uuid());
        tx.update("INSERT INTO ff_pending_cancel_groups (partition_key, flow_id, downstream_eid, enqueued_at_ms) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (partition_key, flow_id, downstream_eid) DO NOTHING",
                partition, flowId, downstream.uuid(), now);
    }

    @Override
    public void setSiblingCancels(int partition, UUID flowId, ExecutionId downstream, List<ExecutionId> remaining) {
        tx.update("UPDATE ff_edge_group SET cancel_siblings_pending_members = ? WHERE partition_key = ? "
                        + "AND flow_id = ? AND downstream_eid = ?",
                idList(remaining), partition, flowId, downstream.uuid());
    }

    @Override
    public void clearSiblingCancels(int partition, UUID flowId, ExecutionId downstream) {
        tx.update("UPDATE ff_edge_group SET cancel_siblings_pending_flag = FALSE, cancel_siblings_pending_members = NULL "
                + "WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?", partition, flowId, downstream.uuid());
        tx.update("DELETE FROM ff_pending_cancel_groups WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?",
                partition, flowId, downstream.uuid());
    }

    @Override
    public List<PendingGroup> pendingGroups(int limit) {
        return tx.query("SELECT partition_key, flow_id, downstream_eid FROM ff_pending_cancel_groups "
                        + "ORDER BY enqueued_at_ms, partition_key LIMIT " + limit,
                rs -> new PendingGroup(rs.getInt("partition_key"), tx.uuid(rs, "flow_id"),
                        ExecutionId.of(rs.getInt("partition_key"), tx.uuid(rs, "downstream_eid"))));
    }

    /** {@code cancel_siblings_pending_members}: a JSON array of execution ids. */
    private static String idList(List<ExecutionId> ids) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < ids.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(ids.get(i)).append('"');
        }
        return json.append(']').toString();
    }

    // ------------------------------------------------------------------------------------------------ resolution

    @Override
    public void markCompletionDispatched(ExecutionId member, long now) {
        tx.update("UPDATE ff_completion_event SET dispatched_at_ms = ? WHERE partition_key = ? AND execution_id = ? "
                + "AND dispatched_at_ms IS NULL", now, member.partition(), member.uuid());
    }

    @Override
    public List<ExecutionId> undispatchedMembers(long committedAtOrBefore) {
        return tx.query("SELECT DISTINCT partition_key, execution_id FROM ff_completion_event "
                        + "WHERE dispatched_at_ms IS NULL AND flow_id IS NOT NULL AND committed_at_ms <= ?",
                rs -> ExecutionId.of(rs.getInt("partition_key"), tx.uuid(rs, "execution_id")), committedAtOrBefore);
    }

    // ------------------------------------------------------------------------------------------------ cancels

    @Override
    public Optional<String> owedCancelReason(int partition, UUID flowId) {
        return tx.queryOne("SELECT reason FROM ff_cancel_backlog WHERE partition_key = ? AND flow_id = ?",
                rs -> rs.getString(1), partition, flowId);
    }

    @Override
    public List<ExecutionId> owedCancelMembers(int partition, UUID flowId) {
        return tx.query("SELECT execution_id FROM ff_cancel_backlog_member WHERE partition_key = ? AND flow_id = ? "
                        + "ORDER BY execution_id",
                rs -> ExecutionId.of(partition, tx.uuid(rs, "execution_id")), partition, flowId);
    }

    @Override
    public boolean isOwedCancelMember(int partition, UUID flowId, ExecutionId member) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_cancel_backlog_member WHERE partition_key = ? "
                + "AND flow_id = ? AND execution_id = ?", partition, flowId, member.uuid()) > 0;
    }

    @Override
    public long owedCancelCount(int partition, UUID flowId) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_cancel_backlog_member WHERE partition_key = ? AND flow_id = ?",
                partition, flowId);
    }

    @Override
    public List<OverdueFlow> overdueCancels(long now) {
        return tx.query("SELECT partition_key, flow_id FROM ff_cancel_backlog WHERE grace_until_ms <= ? "
                        + "ORDER BY grace_until_ms",
                rs -> new OverdueFlow(rs.getInt("partition_key"), new FlowId(tx.uuid(rs, "flow_id"))), now);
    }

    @Override
    public void insertCancelBacklog(int partition, UUID flowId, String reason, long graceUntilMs,
                                   String cancellationPolicy, long now) {
        tx.update("INSERT INTO ff_cancel_backlog (partition_key, flow_id, requested_at_ms, requester, reason, "
                        + "grace_until_ms, cancellation_policy, status) VALUES (?, ?, ?, '', ?, ?, ?, 'pending')",
                partition, flowId, now, reason, graceUntilMs, cancellationPolicy);
    }

    @Override
    public void addOwedCancelMember(int partition, UUID flowId, ExecutionId member) {
        tx.update("INSERT INTO ff_cancel_backlog_member (partition_key, flow_id, execution_id) VALUES (?, ?, ?)",
                partition, flowId, member.uuid());
    }

    @Override
    public void removeOwedCancelMember(int partition, UUID flowId, ExecutionId member) {
        tx.update("DELETE FROM ff_cancel_backlog_member WHERE partition_key = ? AND flow_id = ? AND execution_id = ?",
                partition, flowId, member.uuid());
    }

    @Override
    public void deleteCancelBacklog(int partition, UUID flowId) {
        tx.update("DELETE FROM ff_cancel_backlog WHERE partition_key = ? AND flow_id = ?", partition, flowId);
    }
}
