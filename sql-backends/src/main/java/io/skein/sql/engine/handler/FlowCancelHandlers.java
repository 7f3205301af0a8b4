package io.skein.sql.engine.handler;

import io.skein.engine.processing.ClaimExecutionHandler;

import io.skein.engine.processing.AttemptHandlers;

import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowHeaderResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelSource;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.engine.state.ExecCore;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.sql.engine.OutboxStore;
import io.skein.sql.engine.Tx;
import io.skein.sql.engine.handler.FlowRows.FlowRow;
import java.util.List;
import java.util.UUID;

/**
 * Flow cancellation (spec 04 §4.4): the header unit, the follow-up units that cancel owed members 256 at a time
 * and acknowledge them, the acknowledgement itself, and the cancel reconciler (spec 05 §4 timer 10).
 */
public final class FlowCancelHandlers {

    /** Members one unit cancels. */
    public static final int CANCEL_BATCH = 256;
    /** How long owed members wait before the reconciler re-drives them. */
    public static final long GRACE_MS = 30_000;
    /** Member ids an idempotent answer lists at most. */
    public static final int MEMBER_LIST_CAP = 1000;

    private final AttemptHandlers attempts;

    public FlowCancelHandlers(AttemptHandlers attempts) {
        this.attempts = attempts;
    }

    /** The header's answer and how many selected members it left owed. */
    public record Header(CancelFlowHeaderResult result, int owed) {}

    /**
     * The header unit: flips the flow to {@code cancelled}, cancels up to {@value #CANCEL_BATCH} selected members
     * (active ones first), records the rest as owed and blocks the owed runnable ones
     * ({@code blocked_by_operator / paused_by_flow_cancel}) so they cannot be claimed. An already cancelled flow
     * answers {@code AlreadyTerminal} and changes nothing.
     */
    public Header header(Tx tx, int partition, CancelFlowArgs args) {
        FlowRow flow = FlowRows.requireFlow(tx, partition, args.flowId().uuid());
        if (flow.cancelled()) {
            CancelFlowPolicy stored = flow.cancellationPolicy() == null ? null
                    : CancelFlowPolicy.parse(flow.cancellationPolicy());
            return new Header(new CancelFlowHeaderResult.AlreadyTerminal(stored, flow.cancelReason(),
                    FlowRows.members(tx, partition, flow.flowId(), MEMBER_LIST_CAP)), 0);
        }
        CancelFlowPolicy policy = args.cancellationPolicy();
        tx.update("UPDATE ff_flow_core SET public_flow_state = ?, terminal_at_ms = ?, cancel_reason = ?, "
                        + "cancellation_policy = ?, last_mutation_at_ms = ? WHERE partition_key = ? AND flow_id = ?",
                FlowRows.CANCELLED, tx.now(), args.reason(), policy.wire(), tx.now(), partition, flow.flowId());
        List<ExecutionId> selected = selected(tx, partition, flow.flowId(), policy);
        List<ExecutionId> now = selected.subList(0, Math.min(CANCEL_BATCH, selected.size()));
        List<ExecutionId> owed = selected.subList(now.size(), selected.size());
        for (ExecutionId id : now) {
            cancelMember(tx, id, args.reason());
        }
        if (!owed.isEmpty()) {
            tx.update("INSERT INTO ff_cancel_backlog (partition_key, flow_id, requested_at_ms, requester, reason, "
                            + "grace_until_ms, cancellation_policy, status) VALUES (?, ?, ?, '', ?, ?, ?, 'pending')",
                    partition, flow.flowId(), tx.now(), args.reason(), tx.now() + GRACE_MS, policy.wire());
            for (ExecutionId id : owed) {
                tx.update("INSERT INTO ff_cancel_backlog_member (partition_key, flow_id, execution_id) VALUES (?, ?, ?)",
                        partition, flow.flowId(), id.uuid());
                ExecCore e = ExecCoreStore.require(tx, id);
                if (e.state.lifecyclePhase() == LifecyclePhase.RUNNABLE) {
                    e.transition(e.state.withEligibility(EligibilityState.BLOCKED_BY_OPERATOR,
                            BlockingReason.PAUSED_BY_FLOW_CANCEL), tx.now());
                    ExecCoreStore.save(tx, e);
                }
            }
        }
        OutboxStore.operator(tx, partition, flow.flowId(), flow.namespace(), "flow_cancel_requested",
                "{\"cancellation_policy\":\"" + policy.wire() + "\",\"member_count\":" + selected.size()
                        + ",\"owed_count\":" + owed.size() + "}");
        return new Header(new CancelFlowHeaderResult.Cancelled(policy, selected), owed.size());
    }

    /** Non-terminal members the policy cancels, active ones first, then by id. */
    private static List<ExecutionId> selected(Tx tx, int partition, UUID flowId, CancelFlowPolicy policy) {
        if (policy == CancelFlowPolicy.FLOW_ONLY) {
            return List.of();
        }
        String drainActive = policy == CancelFlowPolicy.CANCEL_PENDING ? "AND lifecycle_phase <> 'active' " : "";
        return tx.query("SELECT execution_id FROM ff_exec_core WHERE partition_key = ? AND flow_id = ? "
                        + "AND lifecycle_phase <> 'terminal' " + drainActive
                        + "ORDER BY CASE WHEN lifecycle_phase = 'active' THEN 0 ELSE 1 END, execution_id",
                rs -> ExecutionId.of(partition, tx.uuid(rs, "execution_id")), partition, flowId);
    }

    /** Cancels one member with source {@code flow_cascade}; a member that ended meanwhile is left alone. */
    private void cancelMember(Tx tx, ExecutionId id, String reason) {
        ExecCore e = ExecCoreStore.load(tx, id).orElse(null);
        if (e != null && !e.state.isTerminal()) {
            attempts.cancelNow(tx, e, tx.executions().currentAttempt(e), reason,
                    CancelSource.FLOW_CASCADE.value());
        }
    }

    /** Owed members of a flow, in id order. */
    public List<ExecutionId> owedMembers(Tx tx, int partition, FlowId flowId) {
        return tx.query("SELECT execution_id FROM ff_cancel_backlog_member WHERE partition_key = ? AND flow_id = ? "
                        + "ORDER BY execution_id",
                rs -> ExecutionId.of(partition, tx.uuid(rs, "execution_id")), partition, flowId.uuid());
    }

    /**
     * One follow-up unit: cancels the given owed members (at most {@value #CANCEL_BATCH}) and acknowledges each; a
     * member no longer owed (acknowledged by someone else) is skipped.
     */
    public void cancelOwed(Tx tx, int partition, FlowId flowId, List<ExecutionId> members) {
        String reason = tx.queryOne("SELECT reason FROM ff_cancel_backlog WHERE partition_key = ? AND flow_id = ?",
                rs -> rs.getString(1), partition, flowId.uuid()).orElse(null);
        if (reason == null) {
            return;
        }
        for (ExecutionId id : members.subList(0, Math.min(CANCEL_BATCH, members.size()))) {
            boolean owed = tx.queryLong("SELECT COUNT(*) FROM ff_cancel_backlog_member WHERE partition_key = ? "
                    + "AND flow_id = ? AND execution_id = ?", partition, flowId.uuid(), id.uuid()) > 0;
            if (owed) {
                cancelMember(tx, id, reason);
                ack(tx, partition, flowId, id);
            }
        }
    }

    /** Removes one owed member; the backlog row goes with the last one. Idempotent. */
    public void ack(Tx tx, int partition, FlowId flowId, ExecutionId executionId) {
        tx.update("DELETE FROM ff_cancel_backlog_member WHERE partition_key = ? AND flow_id = ? AND execution_id = ?",
                partition, flowId.uuid(), executionId.uuid());
        long left = tx.queryLong("SELECT COUNT(*) FROM ff_cancel_backlog_member WHERE partition_key = ? AND flow_id = ?",
                partition, flowId.uuid());
        if (left == 0) {
            tx.update("DELETE FROM ff_cancel_backlog WHERE partition_key = ? AND flow_id = ?", partition, flowId.uuid());
        }
    }

    /** A flow whose owed members are past their grace (timer 10 candidate). */
    public record OverdueFlow(int partition, FlowId flowId) {}

    public List<OverdueFlow> overdue(Tx tx) {
        return tx.query("SELECT partition_key, flow_id FROM ff_cancel_backlog WHERE grace_until_ms <= ? "
                        + "ORDER BY grace_until_ms",
                rs -> new OverdueFlow(rs.getInt("partition_key"), new FlowId(tx.uuid(rs, "flow_id"))), tx.now());
    }
}
