package io.skein.sql.engine;

import io.skein.engine.state.StoredSignal;

import io.skein.core.id.ExecutionId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes {@code ff_signal} and {@code ff_signal_dedup} (spec 05 §1.6). */
public final class SignalStore {

    private static final String COLUMNS = "partition_key, execution_id, signal_id, waitpoint_id, suspension_id, "
            + "signal_name, signal_category, source_type, source_identity, payload, payload_encoding, correlation_id, "
            + "idempotency_key, target_scope, created_at_ms, accepted_at_ms, observed_effect, matched, satisfier";

    private SignalStore() {}

    public static boolean exists(Tx tx, ExecutionId executionId, UUID signalId) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_signal WHERE partition_key = ? AND execution_id = ? AND signal_id = ?",
                executionId.partition(), executionId.uuid(), signalId) > 0;
    }

    /** The signal id of a live dedup entry for (waitpoint, key), if any. */
    public static Optional<UUID> liveDedup(Tx tx, int partition, UUID waitpointId, String idempotencyKey) {
        return tx.queryOne("SELECT signal_id FROM ff_signal_dedup WHERE partition_key = ? AND waitpoint_id = ? "
                        + "AND idempotency_key = ? AND expires_at_ms > ?",
                rs -> tx.uuid(rs, "signal_id"), partition, waitpointId, idempotencyKey, tx.now());
    }

    /** Records (or, over an expired entry, replaces) the dedup entry of a signal. */
    public static void putDedup(Tx tx, int partition, UUID waitpointId, String idempotencyKey, UUID signalId,
                                long expiresAtMs) {
        tx.update("DELETE FROM ff_signal_dedup WHERE partition_key = ? AND waitpoint_id = ? AND idempotency_key = ?",
                partition, waitpointId, idempotencyKey);
        tx.update("INSERT INTO ff_signal_dedup (partition_key, waitpoint_id, idempotency_key, signal_id, expires_at_ms) "
                + "VALUES (?, ?, ?, ?, ?)", partition, waitpointId, idempotencyKey, signalId, expiresAtMs);
    }

    public static void insert(Tx tx, StoredSignal s) {
        tx.update("INSERT INTO ff_signal (" + COLUMNS + ") VALUES (" + "?, ".repeat(18) + "?)",
                s.executionId.partition(), s.executionId.uuid(), s.signalId, s.waitpointId, s.suspensionId,
                s.signalName, s.signalCategory, s.sourceType, s.sourceIdentity, s.payload, s.payloadEncoding,
                s.correlationId, s.idempotencyKey, s.targetScope, s.createdAtMs, s.acceptedAtMs, s.observedEffect,
                s.matched, s.satisfier);
    }

    /** Writes the evaluation columns back: suspension, effect, matched, satisfier. */
    public static void saveEvaluation(Tx tx, StoredSignal s) {
        tx.update("UPDATE ff_signal SET suspension_id = ?, observed_effect = ?, matched = ?, satisfier = ? "
                        + "WHERE partition_key = ? AND execution_id = ? AND signal_id = ?",
                s.suspensionId, s.observedEffect, s.matched, s.satisfier, s.executionId.partition(),
                s.executionId.uuid(), s.signalId);
    }

    /** Signals stored on a waitpoint, oldest first (buffered signals of a pending waitpoint). */
    public static List<StoredSignal> ofWaitpoint(Tx tx, ExecutionId executionId, UUID waitpointId) {
        return tx.query("SELECT " + COLUMNS + " FROM ff_signal WHERE partition_key = ? AND execution_id = ? "
                        + "AND waitpoint_id = ? ORDER BY accepted_at_ms, signal_id",
                rs -> map(tx, rs), executionId.partition(), executionId.uuid(), waitpointId);
    }

    public static Optional<StoredSignal> load(Tx tx, ExecutionId executionId, UUID signalId) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_signal WHERE partition_key = ? AND execution_id = ? "
                + "AND signal_id = ?", rs -> map(tx, rs), executionId.partition(), executionId.uuid(), signalId);
    }

    /** The ids of the signals that added a satisfier to the suspension, oldest first. */
    public static List<UUID> satisfierIds(Tx tx, ExecutionId executionId, UUID suspensionId) {
        return tx.query("SELECT signal_id FROM ff_signal WHERE partition_key = ? AND execution_id = ? "
                        + "AND suspension_id = ? AND satisfier = ? ORDER BY accepted_at_ms, signal_id",
                rs -> tx.uuid(rs, "signal_id"), executionId.partition(), executionId.uuid(), suspensionId,
                Boolean.TRUE);
    }

    /** Keeps at most {@code maxlen} non-satisfier signals on a waitpoint, dropping the oldest (spec 04 §2.4 step 8). */
    public static void trimNonSatisfiers(Tx tx, ExecutionId executionId, UUID waitpointId, int maxlen) {
        List<UUID> ids = tx.query("SELECT signal_id FROM ff_signal WHERE partition_key = ? AND execution_id = ? "
                        + "AND waitpoint_id = ? AND COALESCE(satisfier, FALSE) = FALSE ORDER BY accepted_at_ms DESC, signal_id DESC",
                rs -> tx.uuid(rs, "signal_id"), executionId.partition(), executionId.uuid(), waitpointId);
        for (UUID id : ids.subList(Math.min(maxlen, ids.size()), ids.size())) {
            tx.update("DELETE FROM ff_signal WHERE partition_key = ? AND execution_id = ? AND signal_id = ?",
                    executionId.partition(), executionId.uuid(), id);
        }
    }

    private static StoredSignal map(Tx tx, ResultSet rs) throws SQLException {
        StoredSignal s = new StoredSignal();
        s.executionId = new ExecutionId(rs.getInt("partition_key"), tx.uuid(rs, "execution_id"));
        s.signalId = tx.uuid(rs, "signal_id");
        s.waitpointId = tx.uuid(rs, "waitpoint_id");
        s.suspensionId = tx.uuid(rs, "suspension_id");
        s.signalName = rs.getString("signal_name");
        s.signalCategory = rs.getString("signal_category");
        s.sourceType = rs.getString("source_type");
        s.sourceIdentity = rs.getString("source_identity");
        s.payload = rs.getBytes("payload");
        s.payloadEncoding = rs.getString("payload_encoding");
        s.correlationId = rs.getString("correlation_id");
        s.idempotencyKey = rs.getString("idempotency_key");
        s.targetScope = rs.getString("target_scope");
        s.createdAtMs = Tx.nullableLong(rs, "created_at_ms");
        s.acceptedAtMs = rs.getLong("accepted_at_ms");
        s.observedEffect = rs.getString("observed_effect");
        s.matched = rs.getBoolean("matched");
        s.satisfier = rs.getBoolean("satisfier");
        return s;
    }
}
