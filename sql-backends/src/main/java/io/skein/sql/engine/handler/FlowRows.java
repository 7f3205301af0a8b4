package io.skein.sql.engine.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import io.skein.sql.engine.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Row images of the flow tables of spec 05 §1 ({@code ff_flow_core}, {@code ff_edge}, {@code ff_edge_group}) and
 * the statements the flow handlers share. Every flow row lives in its flow's partition, so a member and its flow
 * change in one unit.
 */
final class FlowRows {

    private FlowRows() {}

    static final String OPEN = "open";
    static final String CANCELLED = "cancelled";

    /** One {@code ff_flow_core} row. */
    record FlowRow(int partition, UUID flowId, String flowKind, String namespace, long graphRevision, long nodeCount,
                   long edgeCount, String publicFlowState, long createdAtMs, Long lastMutationAtMs, Long terminalAtMs,
                   String cancelReason, String cancellationPolicy, String tags) {
        boolean cancelled() {
            return CANCELLED.equals(publicFlowState);
        }
    }

    /** One {@code ff_edge} row; {@code dependencyState} is null while the edge is only staged. */
    record EdgeRow(int partition, UUID flowId, UUID edgeId, ExecutionId upstream, ExecutionId downstream,
                   String dependencyKind, String dataPassingRef, String edgeState, String dependencyState,
                   Long stagedAtMs, Long appliedAtMs, Long resolvedAtMs, String createdBy) {
        boolean applied() {
            return "applied".equals(edgeState);
        }
    }

    /** One {@code ff_edge_group} row: the inbound edges of one downstream member. */
    record GroupRow(int partition, UUID flowId, ExecutionId downstream, EdgeDependencyPolicy policy, int total,
                    int success, int fail, int skip, int running, int unsatisfied, EdgeGroupState state,
                    Long firedAtMs, boolean cancelSiblingsPending) {}

    // ------------------------------------------------------------------------------------------------ flows

    static Optional<FlowRow> loadFlow(Tx tx, int partition, UUID flowId) {
        return tx.queryOne("SELECT * FROM ff_flow_core WHERE partition_key = ? AND flow_id = ?",
                rs -> new FlowRow(rs.getInt("partition_key"), tx.uuid(rs, "flow_id"), rs.getString("flow_kind"),
                        rs.getString("namespace"), rs.getLong("graph_revision"), rs.getLong("node_count"),
                        rs.getLong("edge_count"), rs.getString("public_flow_state"), rs.getLong("created_at_ms"),
                        Tx.nullableLong(rs, "last_mutation_at_ms"), Tx.nullableLong(rs, "terminal_at_ms"),
                        rs.getString("cancel_reason"), rs.getString("cancellation_policy"), rs.getString("tags")),
                partition, flowId);
    }

    static FlowRow requireFlow(Tx tx, int partition, UUID flowId) {
        return loadFlow(tx, partition, flowId).orElseThrow(() -> EngineError.notFound("flow"));
    }

    /** Bumps the graph revision and the given counters of a flow. */
    static void bumpFlow(Tx tx, FlowRow flow, int nodeDelta, int edgeDelta) {
        tx.update("UPDATE ff_flow_core SET graph_revision = graph_revision + 1, node_count = node_count + ?, "
                        + "edge_count = edge_count + ?, last_mutation_at_ms = ? WHERE partition_key = ? AND flow_id = ?",
                nodeDelta, edgeDelta, tx.now(), flow.partition(), flow.flowId());
    }

    /** Members of a flow, in id order. */
    static List<ExecutionId> members(Tx tx, int partition, UUID flowId, int limit) {
        return tx.query("SELECT execution_id FROM ff_exec_core WHERE partition_key = ? AND flow_id = ? "
                        + "ORDER BY execution_id LIMIT ?",
                rs -> ExecutionId.of(partition, tx.uuid(rs, "execution_id")), partition, flowId, limit);
    }

    // ------------------------------------------------------------------------------------------------ edges

    private static final String EDGE_COLUMNS = "partition_key, flow_id, edge_id, upstream_eid, downstream_eid, "
            + "dependency_kind, data_passing_ref, edge_state, dependency_state, staged_at_ms, applied_at_ms, "
            + "resolved_at_ms, created_by";

    static EdgeRow mapEdge(Tx tx, ResultSet rs) throws SQLException {
        int partition = rs.getInt("partition_key");
        return new EdgeRow(partition, tx.uuid(rs, "flow_id"), tx.uuid(rs, "edge_id"),
                ExecutionId.of(partition, tx.uuid(rs, "upstream_eid")),
                ExecutionId.of(partition, tx.uuid(rs, "downstream_eid")), rs.getString("dependency_kind"),
                rs.getString("data_passing_ref"), rs.getString("edge_state"), rs.getString("dependency_state"),
                Tx.nullableLong(rs, "staged_at_ms"), Tx.nullableLong(rs, "applied_at_ms"),
                Tx.nullableLong(rs, "resolved_at_ms"), rs.getString("created_by"));
    }

    /** The edge with this id in any flow of the partition (a caller detects one stored under another flow). */
    static Optional<EdgeRow> loadEdge(Tx tx, int partition, UUID edgeId) {
        return tx.queryOne("SELECT " + EDGE_COLUMNS + " FROM ff_edge WHERE partition_key = ? AND edge_id = ?",
                rs -> mapEdge(tx, rs), partition, edgeId);
    }

    static Optional<EdgeRow> edgeBetween(Tx tx, int partition, UUID flowId, ExecutionId upstream,
                                         ExecutionId downstream) {
        return tx.queryOne("SELECT " + EDGE_COLUMNS + " FROM ff_edge WHERE partition_key = ? AND flow_id = ? "
                        + "AND upstream_eid = ? AND downstream_eid = ?",
                rs -> mapEdge(tx, rs), partition, flowId, upstream.uuid(), downstream.uuid());
    }

    static List<EdgeRow> outgoing(Tx tx, int partition, UUID flowId, ExecutionId upstream) {
        return tx.query("SELECT " + EDGE_COLUMNS + " FROM ff_edge WHERE partition_key = ? AND flow_id = ? "
                + "AND upstream_eid = ? ORDER BY edge_id", rs -> mapEdge(tx, rs), partition, flowId, upstream.uuid());
    }

    static List<EdgeRow> incoming(Tx tx, int partition, UUID flowId, ExecutionId downstream) {
        return tx.query("SELECT " + EDGE_COLUMNS + " FROM ff_edge WHERE partition_key = ? AND flow_id = ? "
                + "AND downstream_eid = ? ORDER BY edge_id", rs -> mapEdge(tx, rs), partition, flowId, downstream.uuid());
    }

    static void setDependencyState(Tx tx, EdgeRow edge, String state, Long resolvedAtMs) {
        tx.update("UPDATE ff_edge SET dependency_state = ?, resolved_at_ms = ? WHERE partition_key = ? "
                + "AND flow_id = ? AND edge_id = ?", state, resolvedAtMs, edge.partition(), edge.flowId(), edge.edgeId());
    }

    // ------------------------------------------------------------------------------------------------ groups

    static Optional<GroupRow> loadGroup(Tx tx, int partition, UUID flowId, ExecutionId downstream) {
        return tx.queryOne("SELECT * FROM ff_edge_group WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?",
                rs -> mapGroup(tx, rs), partition, flowId, downstream.uuid());
    }

    static List<GroupRow> groupsOf(Tx tx, int partition, UUID flowId) {
        return tx.query("SELECT * FROM ff_edge_group WHERE partition_key = ? AND flow_id = ? ORDER BY downstream_eid",
                rs -> mapGroup(tx, rs), partition, flowId);
    }

    private static GroupRow mapGroup(Tx tx, ResultSet rs) throws SQLException {
        int partition = rs.getInt("partition_key");
        return new GroupRow(partition, tx.uuid(rs, "flow_id"), ExecutionId.of(partition, tx.uuid(rs, "downstream_eid")),
                readPolicy(rs.getString("policy")), rs.getInt("total_count"), rs.getInt("success_count"),
                rs.getInt("fail_count"), rs.getInt("skip_count"), rs.getInt("running_count"),
                rs.getInt("unsatisfied_count"), groupState(rs.getString("group_state")),
                Tx.nullableLong(rs, "fired_at_ms"), rs.getBoolean("cancel_siblings_pending_flag"));
    }

    /** Inserts a group with {@code policy} and zero counters. */
    static void insertGroup(Tx tx, int partition, UUID flowId, ExecutionId downstream, EdgeDependencyPolicy policy) {
        tx.update("INSERT INTO ff_edge_group (partition_key, flow_id, downstream_eid, policy, k_target) "
                + "VALUES (?, ?, ?, ?, ?)", partition, flowId, downstream.uuid(), writePolicy(policy), kTarget(policy));
    }

    /** Writes every counter and the state of a group back. */
    static void saveGroup(Tx tx, GroupRow g) {
        tx.update("UPDATE ff_edge_group SET policy = ?, k_target = ?, total_count = ?, success_count = ?, "
                        + "fail_count = ?, skip_count = ?, running_count = ?, unsatisfied_count = ?, group_state = ?, "
                        + "fired_at_ms = ?, cancel_siblings_pending_flag = ? "
                        + "WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?",
                writePolicy(g.policy()), kTarget(g.policy()), g.total(), g.success(), g.fail(), g.skip(), g.running(),
                g.unsatisfied(), g.state().wire(), g.firedAtMs(), g.cancelSiblingsPending(), g.partition(),
                g.flowId(), g.downstream().uuid());
    }

    /** The successes a group needs: n for AllOf (n grows as edges are applied), 1 for AnyOf, k for Quorum. */
    static int kTarget(EdgeDependencyPolicy policy) {
        return policy instanceof EdgeDependencyPolicy.AllOf ? 0 : policy.requiredSuccesses(0);
    }

    static String writePolicy(EdgeDependencyPolicy policy) {
        try {
            return SkeinJson.lenient().writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an edge policy always serializes", e);
        }
    }

    static EdgeDependencyPolicy readPolicy(String json) {
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
}
