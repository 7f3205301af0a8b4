package io.skein.sql.engine.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.ScannerFilter;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.state.ExecCore;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.sql.engine.Tx;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Timer 14 of spec 05 §4 and {@code trimRetention} (02 §9): terminal executions older than the retention are deleted
 * with every subordinate row in one unit each; expired housekeeping rows and week-old outbox rows are deleted table
 * by table. Each item re-checks its predicate, so a repeated pass deletes nothing more (D3).
 */
public final class RetentionHandlers {

    public static final String RETENTION_ENV = "FF_RETENTION_MS";
    /** Executions per retention batch (spec 05 §4 row 14). */
    public static final int BATCH = 1_000;
    /** Outbox and worker-event rows older than this are deleted. */
    public static final long EVENT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;

    /** Tables whose rows carry {@code expires_at_ms}, then the outboxes and the worker-event log (by age). */
    public static final List<String> HOUSEKEEPING_TABLES = List.of("ff_exec_idempotency", "ff_signal_dedup",
            "ff_suspend_dedup", "ff_budget_usage_dedup", "ff_quota_admitted", "ff_command_log",
            "ff_completion_event", "ff_lease_event", "ff_signal_event", "ff_operator_event", "ff_worker_registry_event");

    private static final List<String> OUTBOXES = List.of("ff_completion_event", "ff_lease_event", "ff_signal_event",
            "ff_operator_event");

    /** Rows of the execution's own partition keyed by its uuid. */
    private static final List<String> BY_EXECUTION = List.of("ff_attempt", "ff_claim_grant", "ff_stream_frame",
            "ff_stream_meta", "ff_stream_summary", "ff_suspension_current", "ff_waitpoint_pending", "ff_signal",
            "ff_suspend_dedup", "ff_exec_idempotency", "ff_completion_event", "ff_lease_event", "ff_signal_event",
            "ff_operator_event");

    /**
     * {@code FF_RETENTION_MS}: 0 (keep, the default) or a positive age in milliseconds.
     *
     * @throws BackendStartException {@link StartFailure#INVALID_CONFIGURATION} naming the variable
     */
    public static long retentionMsFromEnvironment(Function<String, String> env) {
        String text = env.apply(RETENTION_ENV);
        if (text == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                RETENTION_ENV + " must be 0 (keep) or a positive number of milliseconds, got '" + text + "'");
    }

    /**
     * Terminal executions whose {@code terminal_at_ms} is at least {@code keepForMs} old, oldest first; narrowed to
     * one execution partition and lane when given.
     */
    public List<ExecutionId> expiredTerminals(Tx tx, long keepForMs, Integer partition, LaneId lane, int limit) {
        StringBuilder sql = new StringBuilder("SELECT partition_key, execution_id FROM ff_exec_core "
                + "WHERE lifecycle_phase = 'terminal' AND terminal_at_ms <= ?");
        List<Object> params = new ArrayList<>(List.of(tx.now() - keepForMs));
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

    /** Whether the execution matches {@code filter}: its namespace, and the instance tag among its tags. */
    public boolean matches(Tx tx, ExecutionId id, ScannerFilter filter) {
        ExecCore e = ExecCoreStore.load(tx, id).orElse(null);
        if (e == null) {
            return false;
        }
        if (filter.namespace() != null && !filter.namespace().value().equals(e.namespace)) {
            return false;
        }
        if (filter.instanceTag() == null) {
            return true;
        }
        try {
            JsonNode value = SkeinJson.lenient().readTree(e.tags).get(filter.instanceTag().key());
            return value != null && value.isTextual() && value.asText().equals(filter.instanceTag().value());
        } catch (JsonProcessingException malformed) {
            return false;
        }
    }

    /**
     * Deletes one execution and every subordinate row (attempts, grants, frames, stream meta and summary,
     * suspension, waitpoints, signals, dedup rows, flow-cancel backlog membership, outbox rows, quota rows) when it is
     * still terminal and old enough; returns whether it did.
     */
    public boolean deleteExecution(Tx tx, ExecutionId id, long keepForMs) {
        int partition = id.partition();
        UUID uuid = id.uuid();
        boolean due = tx.queryOne("SELECT 1 FROM ff_exec_core WHERE partition_key = ? AND execution_id = ? "
                        + "AND lifecycle_phase = 'terminal' AND terminal_at_ms <= ?", rs -> true,
                partition, uuid, tx.now() - keepForMs).orElse(false);
        if (!due) {
            return false;
        }
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
        return true;
    }

    /** Deletes the expired (or, for outboxes and worker events, week-old) rows of one housekeeping table. */
    public int deleteExpired(Tx tx, String table) {
        if (!HOUSEKEEPING_TABLES.contains(table)) {
            throw new IllegalArgumentException("not a housekeeping table: " + table);
        }
        if (OUTBOXES.contains(table)) {
            return tx.update("DELETE FROM " + table + " WHERE occurred_at_ms < ?", tx.now() - EVENT_RETENTION_MS);
        }
        if (table.equals("ff_worker_registry_event")) {
            return tx.update("DELETE FROM " + table + " WHERE event_at_ms < ?", tx.now() - EVENT_RETENTION_MS);
        }
        return tx.update("DELETE FROM " + table + " WHERE expires_at_ms <= ?", tx.now());
    }
}
