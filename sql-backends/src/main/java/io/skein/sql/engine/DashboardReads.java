package io.skein.sql.engine;

import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.WireEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The reads behind the dashboard (issue #19) that no engine operation answers: counts of live executions per lane
 * and state, terminal executions per minute, recent flows with their members and edges, and the lists of budgets,
 * quotas and an execution's signals. Each is one statement over an index (migration V0005 adds the ones the
 * counts and the flow list need), never a loop over partitions.
 */
public final class DashboardReads {

    /** The public states of executions that have not ended: what the live counts cover. */
    public static final List<PublicState> LIVE_STATES = List.of(PublicState.WAITING, PublicState.DELAYED,
            PublicState.RATE_LIMITED, PublicState.WAITING_CHILDREN, PublicState.ACTIVE, PublicState.SUSPENDED);

    private static final String LIVE_IN = LIVE_STATES.stream().map(s -> "'" + s.wire() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    static final String LIVE_COUNTS = "SELECT lane_id, public_state, COUNT(*) FROM ff_exec_core WHERE public_state IN "
            + LIVE_IN + " GROUP BY lane_id, public_state";
    static final String TERMINAL_PER_MINUTE = "SELECT lane_id, terminal_at_ms / 60000, public_state, COUNT(*) "
            + "FROM ff_exec_core WHERE terminal_at_ms >= ? GROUP BY lane_id, terminal_at_ms / 60000, public_state";
    static final String RECENT_FLOWS = "SELECT flow_id, flow_kind, public_flow_state, node_count, edge_count, "
            + "created_at_ms FROM ff_flow_core ORDER BY created_at_ms DESC, partition_key DESC, flow_id DESC LIMIT ?";

    private final SqlEngineBackend store;

    public DashboardReads(SqlEngineBackend store) {
        this.store = java.util.Objects.requireNonNull(store, "store");
    }

    /**
     * Live executions by lane, then public state (lanes sorted; states absent when none). One range scan of the
     * state index over the live states only, so its cost follows the live executions, not the history.
     */
    public Map<String, Map<PublicState, Long>> liveCounts() {
        Map<String, Map<PublicState, Long>> out = new TreeMap<>();
        store.read(tx -> tx.query(LIVE_COUNTS, rs -> {
                    PublicState state = WireEnum.lookup(PublicState.class, rs.getString(2));
                    if (state != null) {
                        out.computeIfAbsent(rs.getString(1), k -> new java.util.EnumMap<>(PublicState.class))
                                .put(state, rs.getLong(3));
                    }
                    return null;
                }));
        return out;
    }

    /** Terminal executions of one lane, minute and outcome. */
    public record MinuteCount(String lane, long minuteStartMs, PublicState state, long count) {}

    /**
     * Executions that reached a terminal state at or after {@code sinceMs}, per lane, minute and terminal public
     * state: a range scan of the terminal-time index over the window.
     */
    public List<MinuteCount> terminalPerMinute(long sinceMs) {
        return store.read(tx -> tx.query(TERMINAL_PER_MINUTE, rs -> new MinuteCount(rs.getString(1),
                        rs.getLong(2) * 60_000, WireEnum.lookup(PublicState.class, rs.getString(3)), rs.getLong(4)),
                        sinceMs))
                .stream().filter(m -> m.state() != null).toList();
    }

    /** One flow in the list of recent flows. */
    public record FlowRow(FlowId flowId, String flowKind, String publicFlowState, long nodeCount, long edgeCount,
                          long createdAt) {}

    /** The newest {@code limit} flows of every partition, newest first (the creation index, read backwards). */
    public List<FlowRow> recentFlows(int limit) {
        return store.read(tx -> tx.query(RECENT_FLOWS, rs -> new FlowRow(new FlowId(tx.uuid(rs, 1)),
                rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)), limit));
    }

    /** A member of a flow as the graph draws it. */
    public record Member(ExecutionId executionId, String executionKind, PublicState publicState) {}

    /** Every member of {@code flowId} (its partition's flow index). */
    public List<Member> flowMembers(FlowId flowId) {
        int partition = store.partitionConfig().flowPartition(flowId);
        return store.read(tx -> tx.query("SELECT execution_id, execution_kind, public_state FROM ff_exec_core "
                + "WHERE partition_key = ? AND flow_id = ? ORDER BY created_at_ms, execution_id",
                rs -> new Member(new ExecutionId(partition, tx.uuid(rs, 1)),
                        rs.getString(2) == null ? "" : rs.getString(2),
                        WireEnum.lookup(PublicState.class, rs.getString(3))), partition, flowId.uuid()));
    }

    /** A dependency edge as the graph draws it. */
    public record Edge(ExecutionId upstream, ExecutionId downstream, String dependencyKind, String edgeState) {}

    /** Every edge of {@code flowId} (its primary key's prefix). */
    public List<Edge> flowEdges(FlowId flowId) {
        int partition = store.partitionConfig().flowPartition(flowId);
        return store.read(tx -> tx.query("SELECT upstream_eid, downstream_eid, dependency_kind, edge_state "
                + "FROM ff_edge WHERE partition_key = ? AND flow_id = ?",
                rs -> new Edge(new ExecutionId(partition, tx.uuid(rs, 1)), new ExecutionId(partition, tx.uuid(rs, 2)),
                        rs.getString(3), rs.getString(4)), partition, flowId.uuid()));
    }

    /** The newest {@code limit} budgets (a small table: budgets are policies, not work). */
    public List<BudgetId> budgets(int limit) {
        return store.read(tx -> tx.query("SELECT budget_id FROM ff_budget_policy ORDER BY created_at_ms DESC, "
                + "budget_id LIMIT ?", rs -> BudgetId.parse(rs.getString(1)), limit));
    }

    /**
     * A quota policy with its use now: admissions in the current window (all dimensions) and the executions it
     * holds active. Null limits are not set.
     */
    public record QuotaRow(String quotaPolicyId, Integer windowSeconds, Integer maxPerWindow, Integer concurrencyCap,
                           long activeConcurrency, long admittedInWindow, Long createdAt) {}

    /** The newest {@code limit} quota policies, each with its admissions in the window that ends at {@code nowMs}. */
    public List<QuotaRow> quotas(int limit, long nowMs) {
        record Stored(int partition, QuotaRow row) {}
        return store.read(tx -> {
            List<QuotaRow> rows = new ArrayList<>();
            for (Stored q : tx.query("SELECT partition_key, quota_policy_id, requests_per_window_seconds, "
                    + "max_requests_per_window, active_concurrency_cap, active_concurrency, created_at_ms "
                    + "FROM ff_quota_policy ORDER BY created_at_ms DESC, quota_policy_id LIMIT ?",
                    rs -> new Stored(rs.getInt(1), new QuotaRow(rs.getString(2), Tx.nullableInt(rs, 3),
                            Tx.nullableInt(rs, 4), Tx.nullableInt(rs, 5), rs.getLong(6), 0, Tx.nullableLong(rs, 7))),
                    limit)) {
                QuotaRow r = q.row();
                long admitted = r.windowSeconds() == null ? 0 : tx.queryLong("SELECT COUNT(*) FROM ff_quota_window "
                        + "WHERE partition_key = ? AND quota_policy_id = ? AND admitted_at_ms > ?", q.partition(),
                        r.quotaPolicyId(), nowMs - r.windowSeconds() * 1000L);
                rows.add(new QuotaRow(r.quotaPolicyId(), r.windowSeconds(), r.maxPerWindow(), r.concurrencyCap(),
                        r.activeConcurrency(), admitted, r.createdAt()));
            }
            return rows;
        });
    }

    /** A signal an execution received (never its payload: signals may carry what only the worker should see). */
    public record SignalRow(String signalId, String signalName, String sourceType, String sourceIdentity,
                            long acceptedAt, String observedEffect, String waitpointId) {}

    /** The first {@code limit} signals of {@code id}, oldest first (its primary key's prefix). */
    public List<SignalRow> signals(ExecutionId id, int limit) {
        return store.read(tx -> tx.query("SELECT signal_id, signal_name, source_type, source_identity, "
                + "accepted_at_ms, observed_effect, waitpoint_id FROM ff_signal WHERE partition_key = ? "
                + "AND execution_id = ? ORDER BY accepted_at_ms, signal_id LIMIT ?",
                rs -> {
                    java.util.UUID waitpoint = tx.uuid(rs, 7);
                    return new SignalRow(tx.uuid(rs, 1).toString(), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getString(6),
                            waitpoint == null ? null : waitpoint.toString());
                }, id.partition(), id.uuid(), limit));
    }
}
