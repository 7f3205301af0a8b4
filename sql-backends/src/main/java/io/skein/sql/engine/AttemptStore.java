package io.skein.sql.engine;

import io.skein.engine.state.Attempt;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** Every attempt of the execution, oldest first. */
    public static java.util.List<Attempt> all(Tx tx, ExecutionId id) {
        return tx.query("SELECT " + COLUMNS + " FROM ff_attempt WHERE partition_key = ? AND execution_id = ? "
                + "ORDER BY attempt_index", rs -> map(tx, id, rs), id.partition(), id.uuid());
    }

    /** The highest lease epoch ever issued for the execution (0 when none): the next lease uses this + 1. */
    public static long maxEpoch(Tx tx, ExecutionId id) {
        return tx.queryLong("SELECT COALESCE(MAX(lease_epoch), 0) FROM ff_attempt WHERE partition_key = ? "
                + "AND execution_id = ?", id.partition(), id.uuid());
    }

    /** The columns {@link #save} may write, in the order of {@link #body}. */
    private static final String[] BODY_COLUMNS = java.util.Arrays.stream(COLUMNS.split(","))
            .map(String::trim).skip(3).toArray(String[]::new);

    public static void insert(Tx tx, Attempt a) {
        tx.touched(a.executionId);
        Object[] body = body(a);
        Object[] out = new Object[body.length + 3];
        out[0] = a.executionId.partition();
        out[1] = a.executionId.uuid();
        out[2] = a.attemptIndex;
        System.arraycopy(body, 0, out, 3, body.length);
        tx.updateLater("INSERT INTO ff_attempt (" + COLUMNS + ") VALUES (" + "?, ".repeat(24) + "?)", out);
        tx.image(a, body);
    }

    /**
     * Writes back the columns that changed since the row was loaded or last written, so indexes on untouched
     * columns (worker instance, timeouts) stay out of the unit. Nothing changed: no statement at all.
     */
    public static void save(Tx tx, Attempt a) {
        tx.touched(a.executionId);
        Object[] now = body(a);
        Object[] before = tx.image(a);
        StringBuilder sql = new StringBuilder("UPDATE ff_attempt SET ");
        java.util.List<Object> params = new java.util.ArrayList<>();
        for (int i = 0; i < now.length; i++) {
            if (before == null || !java.util.Objects.deepEquals(before[i], now[i])) {
                sql.append(params.isEmpty() ? "" : ", ").append(BODY_COLUMNS[i]).append(" = ?");
                params.add(now[i]);
            }
        }
        if (params.isEmpty()) {
            return;
        }
        sql.append(" WHERE partition_key = ? AND execution_id = ? AND attempt_index = ?");
        params.add(a.executionId.partition());
        params.add(a.executionId.uuid());
        params.add(a.attemptIndex);
        tx.updateLater(sql.toString(), params.toArray());
        tx.image(a, now);
    }

    /** Every column but the key, in {@link #BODY_COLUMNS} order. */
    private static Object[] body(Attempt a) {
        return body(a, rawFields(a));
    }

    private static Object[] body(Attempt a, String rawFields) {
        return new Object[] {
            a.attemptId, a.leaseId, a.attemptType == null ? null : a.attemptType.wire(), a.lifecycle.wire(),
            a.workerId, a.workerInstanceId, a.leaseEpoch, a.leaseExpiresAtMs, a.leaseAcquiredAtMs, a.leaseRenewedAtMs,
            a.createdAtMs, a.startedAtMs, a.terminalAtMs, a.suspendedAtMs, a.resumedAtMs, a.attemptTimeoutAtMs,
            a.failureReason, a.failureCategory, a.previousAttemptIndex, a.lineageReason, a.replayRequestedBy,
            rawFields
        };
    }

    private static String rawFields(Attempt a) {
        return a.leaseTtlMs == null ? "{}" : "{\"lease_ttl_ms\":" + a.leaseTtlMs + "}";
    }

    private static Attempt map(Tx tx, ExecutionId id, ResultSet rs) throws SQLException {
        return map(tx, id, rs, 0);
    }

    /** {@link #COLUMNS} qualified with {@code alias}, for a join that reads the attempt beside its execution. */
    static String columnsOf(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /**
     * Maps a row of {@link #COLUMNS} that starts after {@code before} other columns (a join); null when the join found
     * no attempt.
     */
    static Attempt mapJoined(Tx tx, ExecutionId id, ResultSet rs, int before) throws SQLException {
        rs.getInt(before + 3);
        return rs.wasNull() ? null : map(tx, id, rs, before);
    }

    private static Attempt map(Tx tx, ExecutionId id, ResultSet rs, int o) throws SQLException {
        Attempt a = new Attempt();
        a.executionId = id;
        a.attemptIndex = rs.getInt(o + 3);
        a.attemptId = tx.uuid(rs, o + 4);
        a.leaseId = tx.uuid(rs, o + 5);
        String type = rs.getString(o + 6);
        a.attemptType = type == null ? null : literal(AttemptType.class, "attempt_type", type);
        a.lifecycle = literal(AttemptLifecycle.class, "lifecycle", rs.getString(o + 7));
        a.workerId = rs.getString(o + 8);
        a.workerInstanceId = rs.getString(o + 9);
        a.leaseEpoch = rs.getLong(o + 10);
        a.leaseExpiresAtMs = Tx.nullableLong(rs, o + 11);
        a.leaseAcquiredAtMs = Tx.nullableLong(rs, o + 12);
        a.leaseRenewedAtMs = Tx.nullableLong(rs, o + 13);
        a.createdAtMs = Tx.nullableLong(rs, o + 14);
        a.startedAtMs = Tx.nullableLong(rs, o + 15);
        a.terminalAtMs = Tx.nullableLong(rs, o + 16);
        a.suspendedAtMs = Tx.nullableLong(rs, o + 17);
        a.resumedAtMs = Tx.nullableLong(rs, o + 18);
        a.attemptTimeoutAtMs = Tx.nullableLong(rs, o + 19);
        a.failureReason = rs.getString(o + 20);
        a.failureCategory = rs.getString(o + 21);
        a.previousAttemptIndex = Tx.nullableInt(rs, o + 22);
        a.lineageReason = rs.getString(o + 23);
        a.replayRequestedBy = rs.getString(o + 24);
        String raw = rs.getString(o + 25);
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
        // the stored raw_fields text: a save rewrites it whenever it differs from what the fields produce
        tx.image(a, body(a, raw));
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
