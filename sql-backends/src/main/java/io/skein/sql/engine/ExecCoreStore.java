package io.skein.sql.engine;

import io.skein.engine.state.ExecCore;
import io.skein.engine.state.ExecutionState.WithAttempt;
import io.skein.engine.state.Attempt;

import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.StateVector;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code ff_exec_core}; the only code that writes that table. */
public final class ExecCoreStore {

    public static final String COLUMNS = "partition_key, execution_id, flow_id, lane_id, namespace, execution_kind, "
            + "creator_identity, idempotency_key, required_capabilities, attempt_index, total_attempt_count, "
            + "lifecycle_phase, ownership_state, eligibility_state, public_state, attempt_state, blocking_reason, "
            + "blocking_detail, terminal_outcome, priority, created_at_ms, started_at_ms, terminal_at_ms, "
            + "last_transition_at_ms, last_mutation_at_ms, delay_until_ms, deadline_at_ms, retry_count, replay_count, "
            + "lease_reclaim_count, budget_ids, quota_policy_id, payload, result, payload_encoding, result_encoding, "
            + "policy, tags, progress_pct, progress_message, progress_updated_at_ms, failure_reason, failure_category, "
            + "cancellation_reason, cancelled_by, pending_retry_reason, pending_replay_reason, "
            + "pending_replay_requested_by, pending_previous_attempt_index, current_suspension_id, "
            + "current_waitpoint_id, last_capability_mismatch_at_ms, state_version";

    private static final int COLUMN_COUNT = COLUMNS.split(",").length;
    /** {@link #COLUMNS} of alias {@code e}; with its current attempt's (alias {@code a}) after them. */
    private static final String E_COLUMNS = "e." + COLUMNS.replace(", ", ", e.");
    private static final String JOINED_COLUMNS = E_COLUMNS + ", " + AttemptStore.columnsOf("a");

    /** The columns {@link #save} may write, in the order of {@link #values}' body. */
    private static final String[] BODY_COLUMNS = java.util.Arrays.stream(COLUMNS.split(","))
            .map(String::trim).skip(2).toArray(String[]::new);


    /** The current attempt joined to its execution (alias {@code e}), on a networked store. */
    private static final String CURRENT_JOIN = " LEFT JOIN ff_attempt a ON a.partition_key = e.partition_key "
            + "AND a.execution_id = e.execution_id AND a.attempt_index = e.attempt_index "
            + "AND e.total_attempt_count > 0";

    private ExecCoreStore() {}

    public static Optional<ExecCore> load(Tx tx, ExecutionId id) {
        // A write unit locks the row it loads, so units on one execution serialise (PostgreSQL; SQLite has one writer).
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_exec_core WHERE partition_key = ? AND execution_id = ?"
                + tx.forUpdate(), rs -> map(tx, rs), id.partition(), id.uuid());
    }

    /**
     * The execution (locked as {@link #load} does) and its current attempt: what {@link #load} and then
     * {@code AttemptStore.load} of its {@code attempt_index} would return.
     */
    public static Optional<WithAttempt> loadWithCurrent(Tx tx, ExecutionId id) {
        List<WithAttempt> rows = queryWithCurrent(tx, "WHERE e.partition_key = ? AND e.execution_id = ?"
                + tx.forUpdateOf("e", false), id.partition(), id.uuid());
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** {@link #loadWithCurrent}, or throws {@code NotFound(execution)}. */
    public static WithAttempt requireWithCurrent(Tx tx, ExecutionId id) {
        return loadWithCurrent(tx, id).orElseThrow(() -> EngineError.notFound("execution"));
    }

    /**
     * Executions (alias {@code e}; {@code rest} is what follows the FROM clause) with their current attempts. A
     * networked store joins the attempt (one round trip); SQLite reads each current attempt by its key afterwards.
     */
    public static List<WithAttempt> queryWithCurrent(Tx tx, String rest, Object... params) {
        boolean join = tx.dialect().networked();
        List<WithAttempt> rows = tx.query("SELECT " + (join ? JOINED_COLUMNS : E_COLUMNS) + " FROM ff_exec_core e"
                + (join ? CURRENT_JOIN : "") + " " + rest, rs -> {
                    ExecCore e = map(tx, rs);
                    return new WithAttempt(e, join ? AttemptStore.mapJoined(tx, e.executionId, rs, COLUMN_COUNT)
                            : null);
                }, params);
        if (join) {
            return rows;
        }
        return rows.stream().map(r -> r.execution().totalAttemptCount == 0 ? r : new WithAttempt(r.execution(),
                AttemptStore.load(tx, r.execution().executionId, r.execution().attemptIndex).orElse(null))).toList();
    }

    /** Loads or throws {@code NotFound(execution)}. */
    public static ExecCore require(Tx tx, ExecutionId id) {
        return load(tx, id).orElseThrow(() -> EngineError.notFound("execution"));
    }

    public static boolean exists(Tx tx, ExecutionId id) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_exec_core WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid()) > 0;
    }

    public static void insert(Tx tx, ExecCore e) {
        tx.touched(e.executionId);
        e.lastMutationAtMs = tx.now();
        tx.updateLater("INSERT INTO ff_exec_core (" + COLUMNS + ") VALUES (" + "?, ".repeat(52) + "?)", values(e, true));
        tx.image(e, body(e));
    }

    /**
     * Writes back the columns that changed since the row was loaded and bumps {@code state_version}. Writing only
     * what changed keeps untouched indexes out of the unit (every save used to rewrite all of them).
     */
    public static void save(Tx tx, ExecCore e) {
        tx.touched(e.executionId);
        e.lastMutationAtMs = tx.now();
        e.stateVersion++;
        Object[] now = body(e);
        Object[] before = tx.image(e);
        StringBuilder sql = new StringBuilder("UPDATE ff_exec_core SET ");
        java.util.List<Object> params = new java.util.ArrayList<>();
        for (int i = 0; i < now.length; i++) {
            if (before == null || !java.util.Objects.deepEquals(before[i], now[i])) {
                sql.append(params.isEmpty() ? "" : ", ").append(BODY_COLUMNS[i]).append(" = ?");
                params.add(now[i]);
            }
        }
        sql.append(" WHERE partition_key = ? AND execution_id = ?");
        params.add(e.executionId.partition());
        params.add(e.executionId.uuid());
        tx.updateLater(sql.toString(), params.toArray());
        tx.image(e, now);
    }

    private static Object[] values(ExecCore e, boolean insert) {
        Object[] body = body(e);
        Object[] out = new Object[body.length + 2];
        if (insert) {
            out[0] = e.executionId.partition();
            out[1] = e.executionId.uuid();
            System.arraycopy(body, 0, out, 2, body.length);
        } else {
            System.arraycopy(body, 0, out, 0, body.length);
            out[body.length] = e.executionId.partition();
            out[body.length + 1] = e.executionId.uuid();
        }
        return out;
    }

    /** Every column but the key, in {@link #BODY_COLUMNS} order. */
    private static Object[] body(ExecCore e) {
        return body(e, e.state.publicState().wire());
    }

    private static Object[] body(ExecCore e, String publicState) {
        StateVector s = e.state;
        return new Object[] {
            e.flowId, e.laneId, e.namespace, e.executionKind, e.creatorIdentity, e.idempotencyKey,
            e.requiredCapabilities, e.attemptIndex, e.totalAttemptCount, s.lifecyclePhase().wire(),
            s.ownershipState().wire(), s.eligibilityState().wire(), publicState, s.attemptState().wire(),
            s.blockingReason().wire(), e.blockingDetail, s.terminalOutcome().wire(), e.priority, e.createdAtMs,
            e.startedAtMs, e.terminalAtMs, e.lastTransitionAtMs, e.lastMutationAtMs, e.delayUntilMs, e.deadlineAtMs,
            e.retryCount, e.replayCount, e.leaseReclaimCount, e.budgetIds, e.quotaPolicyId, e.payload, e.result,
            e.payloadEncoding, e.resultEncoding, e.policy, e.tags, e.progressPct, e.progressMessage,
            e.progressUpdatedAtMs, e.failureReason, e.failureCategory, e.cancellationReason, e.cancelledBy,
            e.pendingRetryReason, e.pendingReplayReason, e.pendingReplayRequestedBy, e.pendingPreviousAttemptIndex,
            e.currentSuspensionId, e.currentWaitpointId, e.lastCapabilityMismatchAtMs, e.stateVersion
        };
    }

    /** Maps a row of {@link #COLUMNS} by position: one lookup-free read per column (loads run on every unit). */
    static ExecCore map(Tx tx, ResultSet rs) throws SQLException {
        ExecCore e = new ExecCore();
        e.executionId = new ExecutionId(rs.getInt(1), tx.uuid(rs, 2));
        e.flowId = tx.uuid(rs, 3);
        e.laneId = rs.getString(4);
        e.namespace = orDefault(rs.getString(5), "default");
        e.executionKind = rs.getString(6);
        e.creatorIdentity = rs.getString(7);
        e.idempotencyKey = rs.getString(8);
        e.requiredCapabilities = orDefault(rs.getString(9), "[]");
        e.attemptIndex = rs.getInt(10);
        e.totalAttemptCount = rs.getInt(11);
        e.state = StateVector.read(rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getString(17), rs.getString(19),
                rs.getString(16));
        e.blockingDetail = rs.getString(18);
        e.priority = rs.getInt(20);
        e.createdAtMs = rs.getLong(21);
        e.startedAtMs = Tx.nullableLong(rs, 22);
        e.terminalAtMs = Tx.nullableLong(rs, 23);
        e.lastTransitionAtMs = Tx.nullableLong(rs, 24);
        e.lastMutationAtMs = Tx.nullableLong(rs, 25);
        e.delayUntilMs = Tx.nullableLong(rs, 26);
        e.deadlineAtMs = Tx.nullableLong(rs, 27);
        e.retryCount = rs.getInt(28);
        e.replayCount = rs.getInt(29);
        e.leaseReclaimCount = rs.getInt(30);
        e.budgetIds = orDefault(rs.getString(31), "[]");
        e.quotaPolicyId = rs.getString(32);
        e.payload = rs.getBytes(33);
        e.result = rs.getBytes(34);
        e.payloadEncoding = rs.getString(35);
        e.resultEncoding = rs.getString(36);
        e.policy = rs.getString(37);
        e.tags = orDefault(rs.getString(38), "{}");
        e.progressPct = Tx.nullableInt(rs, 39);
        e.progressMessage = rs.getString(40);
        e.progressUpdatedAtMs = Tx.nullableLong(rs, 41);
        e.failureReason = rs.getString(42);
        e.failureCategory = rs.getString(43);
        e.cancellationReason = rs.getString(44);
        e.cancelledBy = rs.getString(45);
        e.pendingRetryReason = rs.getString(46);
        e.pendingReplayReason = rs.getString(47);
        e.pendingReplayRequestedBy = rs.getString(48);
        e.pendingPreviousAttemptIndex = Tx.nullableInt(rs, 49);
        e.currentSuspensionId = tx.uuid(rs, 50);
        e.currentWaitpointId = tx.uuid(rs, 51);
        e.lastCapabilityMismatchAtMs = Tx.nullableLong(rs, 52);
        e.stateVersion = rs.getLong(53);
        // the stored public_state text (a legacy literal, or anything a fixture wrote): a save rewrites it whenever
        // it differs from the derivation, and a vector that does not derive can still be read and gated on
        tx.image(e, body(e, rs.getString(15)));
        return e;
    }

    /** Execution ids of a partition in UUID order after {@code cursor} (exclusive), at most {@code limit}. */
    public static List<ExecutionId> listIds(Tx tx, int partition, java.util.UUID cursor, int limit) {
        // UUID order = byte order of the 16-byte form, which SQLite compares with memcmp.
        if (cursor == null) {
            return tx.query("SELECT execution_id FROM ff_exec_core WHERE partition_key = ? ORDER BY execution_id LIMIT ?",
                    rs -> new ExecutionId(partition, tx.uuid(rs, "execution_id")), partition, limit);
        }
        return tx.query("SELECT execution_id FROM ff_exec_core WHERE partition_key = ? AND execution_id > ? "
                        + "ORDER BY execution_id LIMIT ?",
                rs -> new ExecutionId(partition, tx.uuid(rs, "execution_id")), partition, cursor, limit);
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }
}
