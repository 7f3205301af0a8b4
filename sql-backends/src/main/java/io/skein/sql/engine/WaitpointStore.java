package io.skein.sql.engine;

import io.skein.engine.state.Waitpoint;
import io.skein.engine.state.WaitpointRef;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes {@code ff_waitpoint_pending} (spec 05 §1.6). */
public final class WaitpointStore {

    private static final String COLUMNS = "partition_key, waitpoint_id, execution_id, attempt_index, suspension_id, "
            + "waitpoint_key, token_kid, token, state, required_signal_names, condition, created_at_ms, "
            + "activated_at_ms, expires_at_ms, closed_at_ms, close_reason, signal_count, matched_signal_count, "
            + "last_signal_at_ms";

    private WaitpointStore() {}

    /** The waitpoint with {@code id} in {@code partition}, whichever execution it belongs to. */
    public static Optional<Waitpoint> load(Tx tx, int partition, WaitpointId id) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_waitpoint_pending WHERE partition_key = ? AND waitpoint_id = ?",
                rs -> map(tx, rs), partition, id.uuid());
    }

    public static boolean exists(Tx tx, int partition, WaitpointId id) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_waitpoint_pending WHERE partition_key = ? AND waitpoint_id = ?",
                partition, id.uuid()) > 0;
    }

    /** Every waitpoint of a suspension, in id order. */
    public static List<Waitpoint> ofSuspension(Tx tx, ExecutionId executionId, UUID suspensionId) {
        return tx.query("SELECT " + COLUMNS + " FROM ff_waitpoint_pending WHERE partition_key = ? AND execution_id = ? "
                        + "AND suspension_id = ? ORDER BY waitpoint_id",
                rs -> map(tx, rs), executionId.partition(), executionId.uuid(), suspensionId);
    }

    /** {@code pending} and {@code active} waitpoints of an execution after {@code after} (exclusive), by id. */
    public static List<Waitpoint> listOpen(Tx tx, ExecutionId executionId, WaitpointId after, int limit) {
        // Waitpoint id order = byte order of the 16-byte uuid, which both stores compare bytewise.
        String sql = "SELECT " + COLUMNS + " FROM ff_waitpoint_pending WHERE partition_key = ? AND execution_id = ? "
                + "AND state IN ('pending', 'active')" + (after == null ? "" : " AND waitpoint_id > ?")
                + " ORDER BY waitpoint_id LIMIT ?";
        return after == null
                ? tx.query(sql, rs -> map(tx, rs), executionId.partition(), executionId.uuid(), limit)
                : tx.query(sql, rs -> map(tx, rs), executionId.partition(), executionId.uuid(), after.uuid(), limit);
    }

    /** How many signals the execution's waitpoints have recorded in all. */
    public static long recordedSignalCount(Tx tx, ExecutionId executionId) {
        return tx.queryLong("SELECT COALESCE(SUM(signal_count), 0) FROM ff_waitpoint_pending "
                + "WHERE partition_key = ? AND execution_id = ?", executionId.partition(), executionId.uuid());
    }

    /** Pending waitpoints whose {@code expires_at} has passed (timer 5 candidates): (partition, id). */
    public static List<WaitpointRef> duePendingExpiries(Tx tx) {
        return tx.query("SELECT partition_key, waitpoint_id FROM ff_waitpoint_pending WHERE state = 'pending' "
                        + "AND expires_at_ms <= ?",
                rs -> new WaitpointRef(rs.getInt("partition_key"), new WaitpointId(tx.uuid(rs, "waitpoint_id"))),
                tx.now());
    }

    public static void insert(Tx tx, Waitpoint w) {
        tx.touched(w.executionId);
        tx.update("INSERT INTO ff_waitpoint_pending (" + COLUMNS + ") VALUES (" + "?, ".repeat(18) + "?)",
                w.executionId.partition(), w.waitpointId, w.executionId.uuid(), w.attemptIndex, w.suspensionId,
                w.waitpointKey, w.tokenKid, w.token, w.state, w.requiredSignalNames, w.condition, w.createdAtMs,
                w.activatedAtMs, w.expiresAtMs, w.closedAtMs, w.closeReason, w.signalCount, w.matchedSignalCount,
                w.lastSignalAtMs);
    }

    /** Writes the mutable columns back (identity, key, token and creation time never change). */
    public static void save(Tx tx, Waitpoint w) {
        tx.touched(w.executionId);
        tx.update("UPDATE ff_waitpoint_pending SET suspension_id = ?, state = ?, required_signal_names = ?, "
                        + "condition = ?, activated_at_ms = ?, expires_at_ms = ?, closed_at_ms = ?, close_reason = ?, "
                        + "signal_count = ?, matched_signal_count = ?, last_signal_at_ms = ? "
                        + "WHERE partition_key = ? AND waitpoint_id = ?",
                w.suspensionId, w.state, w.requiredSignalNames, w.condition, w.activatedAtMs, w.expiresAtMs,
                w.closedAtMs, w.closeReason, w.signalCount, w.matchedSignalCount, w.lastSignalAtMs,
                w.executionId.partition(), w.waitpointId);
    }

    /** Closes every not-yet-closed waitpoint of a suspension with {@code reason}. */
    public static void closeSuspensionWaitpoints(Tx tx, ExecutionId executionId, UUID suspensionId, String reason) {
        tx.touched(executionId);
        tx.update("UPDATE ff_waitpoint_pending SET state = 'closed', closed_at_ms = ?, close_reason = ? "
                        + "WHERE partition_key = ? AND execution_id = ? AND suspension_id = ? AND state <> 'closed'",
                tx.now(), reason, executionId.partition(), executionId.uuid(), suspensionId);
    }

    private static Waitpoint map(Tx tx, ResultSet rs) throws SQLException {
        Waitpoint w = new Waitpoint();
        w.executionId = new ExecutionId(rs.getInt("partition_key"), tx.uuid(rs, "execution_id"));
        w.waitpointId = tx.uuid(rs, "waitpoint_id");
        w.attemptIndex = Tx.nullableInt(rs, "attempt_index");
        w.suspensionId = tx.uuid(rs, "suspension_id");
        w.waitpointKey = rs.getString("waitpoint_key");
        w.tokenKid = rs.getString("token_kid");
        w.token = rs.getString("token");
        w.state = rs.getString("state");
        w.requiredSignalNames = rs.getString("required_signal_names");
        w.condition = rs.getString("condition");
        w.createdAtMs = rs.getLong("created_at_ms");
        w.activatedAtMs = Tx.nullableLong(rs, "activated_at_ms");
        w.expiresAtMs = Tx.nullableLong(rs, "expires_at_ms");
        w.closedAtMs = Tx.nullableLong(rs, "closed_at_ms");
        w.closeReason = rs.getString("close_reason");
        w.signalCount = rs.getInt("signal_count");
        w.matchedSignalCount = rs.getInt("matched_signal_count");
        w.lastSignalAtMs = Tx.nullableLong(rs, "last_signal_at_ms");
        return w;
    }
}
