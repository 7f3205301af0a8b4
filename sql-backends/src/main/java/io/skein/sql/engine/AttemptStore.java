package io.skein.sql.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptType;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.WireEnum;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reads and writes {@code ff_attempt}; the only code that writes that table. */
public final class AttemptStore {

    private static final String COLUMNS = "partition_key, execution_id, attempt_index, attempt_id, lease_id, "
            + "attempt_type, lifecycle, worker_id, worker_instance_id, lease_epoch, lease_expires_at_ms, "
            + "lease_acquired_at_ms, lease_renewed_at_ms, created_at_ms, started_at_ms, terminal_at_ms, "
            + "suspended_at_ms, resumed_at_ms, attempt_timeout_at_ms, failure_reason, failure_category, "
            + "previous_attempt_index, lineage_reason, replay_requested_by, raw_fields";

    private AttemptStore() {}

    public static Optional<Attempt> load(Tx tx, ExecutionId id, int attemptIndex) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_attempt WHERE partition_key = ? AND execution_id = ? "
                + "AND attempt_index = ?", rs -> map(tx, id, rs), id.partition(), id.uuid(), attemptIndex);
    }

    /** The highest lease epoch ever issued for the execution (0 when none): the next lease uses this + 1. */
    public static long maxEpoch(Tx tx, ExecutionId id) {
        return tx.queryLong("SELECT COALESCE(MAX(lease_epoch), 0) FROM ff_attempt WHERE partition_key = ? "
                + "AND execution_id = ?", id.partition(), id.uuid());
    }

    public static void insert(Tx tx, Attempt a) {
        tx.update("INSERT INTO ff_attempt (" + COLUMNS + ") VALUES (" + "?, ".repeat(24) + "?)", values(a, true));
    }

    public static void save(Tx tx, Attempt a) {
        Object[] v = values(a, false);
        tx.update("UPDATE ff_attempt SET attempt_id = ?, lease_id = ?, attempt_type = ?, lifecycle = ?, worker_id = ?, "
                + "worker_instance_id = ?, lease_epoch = ?, lease_expires_at_ms = ?, lease_acquired_at_ms = ?, "
                + "lease_renewed_at_ms = ?, created_at_ms = ?, started_at_ms = ?, terminal_at_ms = ?, "
                + "suspended_at_ms = ?, resumed_at_ms = ?, attempt_timeout_at_ms = ?, failure_reason = ?, "
                + "failure_category = ?, previous_attempt_index = ?, lineage_reason = ?, replay_requested_by = ?, "
                + "raw_fields = ? WHERE partition_key = ? AND execution_id = ? AND attempt_index = ?", v);
    }

    private static Object[] values(Attempt a, boolean insert) {
        ObjectNode raw = SkeinJson.lenient().createObjectNode();
        if (a.leaseTtlMs != null) {
            raw.put("lease_ttl_ms", a.leaseTtlMs);
        }
        Object[] body = {
            a.attemptId, a.leaseId, a.attemptType == null ? null : a.attemptType.wire(), a.lifecycle.wire(),
            a.workerId, a.workerInstanceId, a.leaseEpoch, a.leaseExpiresAtMs, a.leaseAcquiredAtMs, a.leaseRenewedAtMs,
            a.createdAtMs, a.startedAtMs, a.terminalAtMs, a.suspendedAtMs, a.resumedAtMs, a.attemptTimeoutAtMs,
            a.failureReason, a.failureCategory, a.previousAttemptIndex, a.lineageReason, a.replayRequestedBy,
            raw.toString()
        };
        Object[] out = new Object[body.length + 3];
        if (insert) {
            out[0] = a.executionId.partition();
            out[1] = a.executionId.uuid();
            out[2] = a.attemptIndex;
            System.arraycopy(body, 0, out, 3, body.length);
        } else {
            System.arraycopy(body, 0, out, 0, body.length);
            out[body.length] = a.executionId.partition();
            out[body.length + 1] = a.executionId.uuid();
            out[body.length + 2] = a.attemptIndex;
        }
        return out;
    }

    private static Attempt map(Tx tx, ExecutionId id, ResultSet rs) throws SQLException {
        Attempt a = new Attempt();
        a.executionId = id;
        a.attemptIndex = rs.getInt("attempt_index");
        a.attemptId = tx.uuid(rs, "attempt_id");
        a.leaseId = tx.uuid(rs, "lease_id");
        String type = rs.getString("attempt_type");
        a.attemptType = type == null ? null : literal(AttemptType.class, "attempt_type", type);
        a.lifecycle = literal(AttemptLifecycle.class, "lifecycle", rs.getString("lifecycle"));
        a.workerId = rs.getString("worker_id");
        a.workerInstanceId = rs.getString("worker_instance_id");
        a.leaseEpoch = rs.getLong("lease_epoch");
        a.leaseExpiresAtMs = Tx.nullableLong(rs, "lease_expires_at_ms");
        a.leaseAcquiredAtMs = Tx.nullableLong(rs, "lease_acquired_at_ms");
        a.leaseRenewedAtMs = Tx.nullableLong(rs, "lease_renewed_at_ms");
        a.createdAtMs = Tx.nullableLong(rs, "created_at_ms");
        a.startedAtMs = Tx.nullableLong(rs, "started_at_ms");
        a.terminalAtMs = Tx.nullableLong(rs, "terminal_at_ms");
        a.suspendedAtMs = Tx.nullableLong(rs, "suspended_at_ms");
        a.resumedAtMs = Tx.nullableLong(rs, "resumed_at_ms");
        a.attemptTimeoutAtMs = Tx.nullableLong(rs, "attempt_timeout_at_ms");
        a.failureReason = rs.getString("failure_reason");
        a.failureCategory = rs.getString("failure_category");
        a.previousAttemptIndex = Tx.nullableInt(rs, "previous_attempt_index");
        a.lineageReason = rs.getString("lineage_reason");
        a.replayRequestedBy = rs.getString("replay_requested_by");
        String raw = rs.getString("raw_fields");
        if (raw != null && !raw.isEmpty()) {
            try {
                JsonNode n = SkeinJson.lenient().readTree(raw);
                if (n.hasNonNull("lease_ttl_ms")) {
                    a.leaseTtlMs = n.get("lease_ttl_ms").asLong();
                }
            } catch (java.io.IOException e) {
                throw EngineError.validation(ValidationKind.CORRUPTION, "ff_attempt.raw_fields: not JSON");
            }
        }
        return a;
    }

    private static <E extends Enum<E> & WireEnum> E literal(Class<E> type, String column, String value) {
        E e = WireEnum.lookup(type, value);
        if (e == null) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "ff_attempt." + column + ": unknown literal '" + value + "'");
        }
        return e;
    }
}
