package io.skein.sql.engine;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.engine.state.MutableRetentionState;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Retention's reads and deletes over the SQL rows of one unit of work (spec 05 §4 row 14). */
final class SqlRetentionState implements MutableRetentionState {

    /** Rows of the execution's own partition keyed by its uuid. */
    private static final List<String> BY_EXECUTION = List.of("ff_attempt", "ff_claim_grant", "ff_stream_frame",
            "ff_stream_meta", "ff_stream_summary", "ff_suspension_current", "ff_waitpoint_pending", "ff_signal",
            "ff_suspend_dedup", "ff_exec_idempotency", "ff_completion_event", "ff_lease_event", "ff_signal_event",
            "ff_operator_event");

    private final Tx tx;

    SqlRetentionState(Tx tx) {
        this.tx = tx;
    }

    @Override
    public List<ExecutionId> terminalAtOrBefore(long cutoffMs, Integer partition, LaneId lane, int limit) {
        StringBuilder sql = new StringBuilder("SELECT partition_key, execution_id FROM ff_exec_core "
                + "WHERE lifecycle_phase = 'terminal' AND terminal_at_ms <= ?");
        List<Object> params = new ArrayList<>(List.of(cutoffMs));
        if (partition != null) {
            sql.append(" AND partition_key = ?");
            params.add(partition);
        }
        if (lane != null) {
            sql.append(" AND lane_id = ?");
            params.add(lane.value());
        }
        sql.append(" ORDER BY terminal_at_ms, partition_key, execution_id LIMIT ").append(limit);
        return tx.query(sql.toString(), rs -> ExecutionId.of(rs.getInt("partition_key"), tx.uuid(rs, "execution_id")),
                params.toArray());
    }

    @Override
    public boolean isTerminalAtOrBefore(ExecutionId id, long cutoffMs) {
        return tx.queryOne("SELECT 1 FROM ff_exec_core WHERE partition_key = ? AND execution_id = ? "
                        + "AND lifecycle_phase = 'terminal' AND terminal_at_ms <= ?", rs -> true,
                id.partition(), id.uuid(), cutoffMs).orElse(false);
    }

    @Override
    public void purge(ExecutionId id) {
        int partition = id.partition();
        UUID uuid = id.uuid();
        // Signal dedup is keyed by waitpoint: delete it while the waitpoints still name it.
        tx.update("DELETE FROM ff_signal_dedup WHERE partition_key = ? AND waitpoint_id IN ("
                + "SELECT waitpoint_id FROM ff_waitpoint_pending WHERE partition_key = ? AND execution_id = ? "
                + "UNION SELECT waitpoint_id FROM ff_signal WHERE partition_key = ? AND execution_id = ? "
                + "AND waitpoint_id IS NOT NULL)", partition, partition, uuid, partition, uuid);
        for (String table : BY_EXECUTION) {
            tx.update("DELETE FROM " + table + " WHERE partition_key = ? AND execution_id = ?", partition, uuid);
        }
        // Flow-cancel membership lives on the flow's partition; quota rows on the quota partition, by id text.
        tx.update("DELETE FROM ff_cancel_backlog_member WHERE execution_id = ?", uuid);
        tx.update("DELETE FROM ff_quota_window WHERE execution_id = ?", id.toString());
        tx.update("DELETE FROM ff_quota_admitted WHERE execution_id = ?", id.toString());
        tx.update("DELETE FROM ff_exec_core WHERE partition_key = ? AND execution_id = ?", partition, uuid);
    }

    @Override
    public int deleteExpired(Housekeeping set, long now) {
        if (set.history()) {
            throw new IllegalArgumentException(set + " is a history log: its events are deleted by age");
        }
        return tx.update("DELETE FROM " + table(set) + " WHERE expires_at_ms <= ?", now);
    }

    @Override
    public int deleteEventsBefore(Housekeeping set, long cutoffMs) {
        String column = switch (set) {
            case COMPLETION_EVENTS, LEASE_EVENTS, SIGNAL_EVENTS, OPERATOR_EVENTS -> "occurred_at_ms";
            case WORKER_REGISTRY_EVENTS -> "event_at_ms";
            default -> throw new IllegalArgumentException(set + " carries an expiry: its entries are deleted by it");
        };
        return tx.update("DELETE FROM " + table(set) + " WHERE " + column + " < ?", cutoffMs);
    }

    private static String table(Housekeeping set) {
        return switch (set) {
            case EXECUTION_IDEMPOTENCY -> "ff_exec_idempotency";
            case SIGNAL_DEDUP -> "ff_signal_dedup";
            case SUSPEND_DEDUP -> "ff_suspend_dedup";
            case BUDGET_USAGE_DEDUP -> "ff_budget_usage_dedup";
            case QUOTA_ADMISSIONS -> "ff_quota_admitted";
            case COMMAND_LOG -> "ff_command_log";
            case COMPLETION_EVENTS -> "ff_completion_event";
            case LEASE_EVENTS -> "ff_lease_event";
            case SIGNAL_EVENTS -> "ff_signal_event";
            case OPERATOR_EVENTS -> "ff_operator_event";
            case WORKER_REGISTRY_EVENTS -> "ff_worker_registry_event";
        };
    }
}
