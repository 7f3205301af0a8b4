package io.skein.sql.engine;

import io.skein.engine.state.Suspension;

import io.skein.core.id.ExecutionId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code ff_suspension_current}: one row per execution, its latest suspension (spec 05 §1.6). */
public final class SuspensionStore {

    private static final String COLUMNS = "partition_key, execution_id, suspension_id, attempt_index, state, "
            + "suspended_at_ms, timeout_at_ms, timeout_behavior, reason_code, requested_by, waitpoint_id, waitpoint_key, "
            + "additional_waitpoints, condition, resume_policy, continuation_metadata_pointer, satisfied_set, "
            + "member_map, last_signal_at_ms, satisfied_at_ms, closed_at_ms, close_reason, closer_signal_id, "
            + "satisfier_signal_ids";

    private SuspensionStore() {}

    public static Optional<Suspension> load(Tx tx, ExecutionId id) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_suspension_current WHERE partition_key = ? AND execution_id = ?",
                rs -> map(tx, rs), id.partition(), id.uuid());
    }

    /** Writes {@code s} as the execution's current suspension, replacing a closed predecessor. */
    public static void replace(Tx tx, Suspension s) {
        tx.touched(s.executionId);
        tx.update("DELETE FROM ff_suspension_current WHERE partition_key = ? AND execution_id = ?",
                s.executionId.partition(), s.executionId.uuid());
        tx.update("INSERT INTO ff_suspension_current (" + COLUMNS + ") VALUES (" + "?, ".repeat(23) + "?)",
                s.executionId.partition(), s.executionId.uuid(), s.suspensionId, s.attemptIndex, s.state,
                s.suspendedAtMs, s.timeoutAtMs, s.timeoutBehavior, s.reasonCode, s.requestedBy, s.waitpointId,
                s.waitpointKey, s.additionalWaitpoints, s.condition, s.resumePolicy, s.continuationMetadataPointer,
                s.satisfiedSet, s.memberMap, s.lastSignalAtMs, s.satisfiedAtMs, s.closedAtMs, s.closeReason,
                s.closerSignalId, s.satisfierSignalIds);
    }

    /** Writes the mutable columns back. */
    /** Closes the execution's open suspension and every waitpoint not yet closed with {@code reason}. */
    public static void closeOpen(Tx tx, ExecutionId executionId, String reason, long now) {
        tx.update("UPDATE ff_suspension_current SET state = 'closed', closed_at_ms = ?, close_reason = ? "
                + "WHERE partition_key = ? AND execution_id = ? AND state = 'open'", now, reason,
                executionId.partition(), executionId.uuid());
        tx.update("UPDATE ff_waitpoint_pending SET state = 'closed', closed_at_ms = ?, close_reason = ? "
                + "WHERE partition_key = ? AND execution_id = ? AND state <> 'closed'", now, reason,
                executionId.partition(), executionId.uuid());
    }

    public static void save(Tx tx, Suspension s) {
        tx.touched(s.executionId);
        tx.update("UPDATE ff_suspension_current SET state = ?, timeout_at_ms = ?, reason_code = ?, satisfied_set = ?, "
                        + "member_map = ?, last_signal_at_ms = ?, satisfied_at_ms = ?, closed_at_ms = ?, close_reason = ?, "
                        + "closer_signal_id = ?, satisfier_signal_ids = ? WHERE partition_key = ? AND execution_id = ?",
                s.state, s.timeoutAtMs, s.reasonCode, s.satisfiedSet, s.memberMap, s.lastSignalAtMs, s.satisfiedAtMs,
                s.closedAtMs, s.closeReason, s.closerSignalId, s.satisfierSignalIds, s.executionId.partition(),
                s.executionId.uuid());
    }

    /** The live stored outcome of a suspend with {@code key} ({@code ff_suspend_dedup}), as JSON. */
    public static Optional<String> storedOutcome(Tx tx, ExecutionId id, String key, long now) {
        return tx.queryOne("SELECT outcome_json FROM ff_suspend_dedup WHERE partition_key = ? AND execution_id = ? "
                        + "AND idempotency_key = ? AND expires_at_ms > ?", rs -> rs.getString(1),
                id.partition(), id.uuid(), key, now);
    }

    /** Stores a suspend's outcome under its key, replacing an older entry of the key. */
    public static void storeOutcome(Tx tx, ExecutionId id, String key, String outcomeJson, long now,
                                    long expiresAtMs) {
        tx.update("DELETE FROM ff_suspend_dedup WHERE partition_key = ? AND execution_id = ? AND idempotency_key = ?",
                id.partition(), id.uuid(), key);
        tx.update("INSERT INTO ff_suspend_dedup (partition_key, execution_id, idempotency_key, outcome_json, "
                        + "created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?)", id.partition(), id.uuid(), key,
                outcomeJson, now, expiresAtMs);
    }

    /** Executions whose open suspension's timeout has passed (timer 4 candidates). */
    public static List<ExecutionId> dueTimeouts(Tx tx) {
        return tx.query("SELECT partition_key, execution_id FROM ff_suspension_current WHERE state = 'open' "
                        + "AND timeout_at_ms <= ?",
                rs -> new ExecutionId(rs.getInt("partition_key"), tx.uuid(rs, "execution_id")), tx.now());
    }

    private static Suspension map(Tx tx, ResultSet rs) throws SQLException {
        Suspension s = new Suspension();
        s.executionId = new ExecutionId(rs.getInt("partition_key"), tx.uuid(rs, "execution_id"));
        s.suspensionId = tx.uuid(rs, "suspension_id");
        s.attemptIndex = Tx.nullableInt(rs, "attempt_index");
        s.state = rs.getString("state");
        s.suspendedAtMs = Tx.nullableLong(rs, "suspended_at_ms");
        s.timeoutAtMs = Tx.nullableLong(rs, "timeout_at_ms");
        s.timeoutBehavior = rs.getString("timeout_behavior");
        s.reasonCode = rs.getString("reason_code");
        s.requestedBy = rs.getString("requested_by");
        s.waitpointId = tx.uuid(rs, "waitpoint_id");
        s.waitpointKey = rs.getString("waitpoint_key");
        s.additionalWaitpoints = rs.getString("additional_waitpoints");
        s.condition = rs.getString("condition");
        s.resumePolicy = rs.getString("resume_policy");
        s.continuationMetadataPointer = rs.getString("continuation_metadata_pointer");
        s.satisfiedSet = rs.getString("satisfied_set");
        s.memberMap = rs.getString("member_map");
        s.lastSignalAtMs = Tx.nullableLong(rs, "last_signal_at_ms");
        s.satisfiedAtMs = Tx.nullableLong(rs, "satisfied_at_ms");
        s.closedAtMs = Tx.nullableLong(rs, "closed_at_ms");
        s.closeReason = rs.getString("close_reason");
        s.closerSignalId = tx.uuid(rs, "closer_signal_id");
        s.satisfierSignalIds = rs.getString("satisfier_signal_ids");
        return s;
    }
}
