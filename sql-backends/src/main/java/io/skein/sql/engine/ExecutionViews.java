package io.skein.sql.engine;

import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import io.skein.core.timer.DueTimer;
import io.skein.core.timer.ExecutionView;
import io.skein.core.timer.TimerKind;
import io.skein.core.wire.WireEnum;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kafka mode: reads what a task keeps about its executions in its local stores ({@link ExecutionView}: ready-queue
 * position and pending timers) from the authoritative SQL rows. The timers follow the candidate predicates of the
 * direct-mode scanners (spec 05 §4 rows 1–7), so a timer store fires exactly what the scanners would select.
 */
final class ExecutionViews {

    /** The execution, its current attempt and its current suspension: everything but waitpoints and grants. */
    private static final String CORE = "SELECT e.partition_key, e.execution_id, e.lane_id, e.priority, e.created_at_ms, "
            + "e.public_state, e.lifecycle_phase, e.eligibility_state, e.ownership_state, e.state_version, "
            + "e.delay_until_ms, e.deadline_at_ms, e.last_transition_at_ms, a.lease_expires_at_ms, "
            + "a.attempt_timeout_at_ms, s.state, s.timeout_at_ms, "
            // the soonest grant expiry (its timer expires every due grant of the execution, then re-arms) and
            // whether a pending waitpoint expires (rare: each is a timer of its own, read separately)
            + "(SELECT MIN(g.expires_at_ms) FROM ff_claim_grant g WHERE g.partition_key = e.partition_key "
            + "AND g.execution_id = e.execution_id), "
            + "(SELECT COUNT(*) FROM ff_waitpoint_pending w WHERE w.partition_key = e.partition_key "
            + "AND w.execution_id = e.execution_id AND w.state = 'pending' AND w.expires_at_ms IS NOT NULL) "
            + "FROM ff_exec_core e "
            + "LEFT JOIN ff_attempt a ON a.partition_key = e.partition_key AND a.execution_id = e.execution_id "
            + "AND a.attempt_index = e.attempt_index "
            + "LEFT JOIN ff_suspension_current s ON s.partition_key = e.partition_key "
            + "AND s.execution_id = e.execution_id ";
    private static final String WAITPOINTS = "SELECT partition_key, execution_id, waitpoint_id, expires_at_ms "
            + "FROM ff_waitpoint_pending WHERE state = 'pending' AND expires_at_ms IS NOT NULL ";

    private ExecutionViews() {}

    /** One statement as a rule: a second one only when the execution has a pending waitpoint that expires. */
    static Optional<ExecutionView> one(Tx tx, ExecutionId id) {
        Optional<Row> row = tx.queryOne(CORE + "WHERE e.partition_key = ? AND e.execution_id = ?",
                rs -> Row.read(tx, rs), id.partition(), id.uuid());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        List<DueTimer> waitpoints = new ArrayList<>();
        if (row.get().expiringWaitpoints > 0) {
            tx.query(WAITPOINTS + "AND partition_key = ? AND execution_id = ?", rs -> waitpoint(tx, rs),
                    id.partition(), id.uuid()).forEach(t -> waitpoints.add(t.timer()));
        }
        return Optional.of(row.get().view(waitpoints));
    }

    /** Every execution of {@code partitions} the task keeps ({@link ExecutionView#live}). */
    static List<ExecutionView> all(Tx tx, List<Integer> partitions) {
        if (partitions.isEmpty()) {
            return List.of();
        }
        String in = "(" + String.join(", ", java.util.Collections.nCopies(partitions.size(), "?")) + ")";
        Object[] params = partitions.toArray();
        Map<ExecutionId, List<DueTimer>> extra = new HashMap<>();
        for (Owned t : tx.query(WAITPOINTS + "AND partition_key IN " + in, rs -> waitpoint(tx, rs), params)) {
            extra.computeIfAbsent(t.executionId(), k -> new ArrayList<>()).add(t.timer());
        }
        List<ExecutionView> views = new ArrayList<>();
        for (Row row : tx.query(CORE + "WHERE e.partition_key IN " + in + " AND (e.lifecycle_phase <> 'terminal' "
                + "OR e.execution_id IN (SELECT execution_id FROM ff_claim_grant g WHERE g.partition_key = "
                + "e.partition_key))", rs -> Row.read(tx, rs), params)) {
            ExecutionView v = row.view(extra.getOrDefault(row.id, List.of()));
            if (v.live()) {
                views.add(v);
            }
        }
        return views;
    }

    /** A timer kept on a row other than the execution's own, with the execution it belongs to. */
    private record Owned(ExecutionId executionId, DueTimer timer) {}

    private static Owned waitpoint(Tx tx, ResultSet rs) throws SQLException {
        return new Owned(new ExecutionId(rs.getInt(1), tx.uuid(rs, 2)),
                new DueTimer(TimerKind.PENDING_WAITPOINT_EXPIRY, rs.getLong(4), tx.uuid(rs, 3).toString()));
    }

    /** One row of {@link #CORE}. */
    private static final class Row {
        ExecutionId id;
        String lane;
        int priority;
        long createdAtMs;
        String publicState;
        String phase;
        String eligibility;
        String ownership;
        long stateVersion;
        Long delayUntil;
        Long deadline;
        Long lastTransition;
        Long leaseExpires;
        Long attemptTimeout;
        String suspensionState;
        Long suspensionTimeout;
        Long soonestGrantExpiry;
        long expiringWaitpoints;

        static Row read(Tx tx, ResultSet rs) throws SQLException {
            Row r = new Row();
            r.id = new ExecutionId(rs.getInt(1), tx.uuid(rs, 2));
            r.lane = rs.getString(3);
            r.priority = rs.getInt(4);
            r.createdAtMs = rs.getLong(5);
            r.publicState = rs.getString(6);
            r.phase = rs.getString(7);
            r.eligibility = rs.getString(8);
            r.ownership = rs.getString(9);
            r.stateVersion = rs.getLong(10);
            r.delayUntil = Tx.nullableLong(rs, 11);
            r.deadline = Tx.nullableLong(rs, 12);
            r.lastTransition = Tx.nullableLong(rs, 13);
            r.leaseExpires = Tx.nullableLong(rs, 14);
            r.attemptTimeout = Tx.nullableLong(rs, 15);
            r.suspensionState = rs.getString(16);
            r.suspensionTimeout = Tx.nullableLong(rs, 17);
            r.soonestGrantExpiry = Tx.nullableLong(rs, 18);
            r.expiringWaitpoints = rs.getLong(19);
            return r;
        }

        ExecutionView view(List<DueTimer> extra) {
            List<DueTimer> timers = new ArrayList<>();
            boolean active = "active".equals(phase);
            if (active && "leased".equals(ownership) && leaseExpires != null) {
                timers.add(new DueTimer(TimerKind.LEASE_EXPIRY, leaseExpires, null));
            }
            if (active && ("lease_expired_reclaimable".equals(ownership) || "lease_revoked".equals(ownership))) {
                timers.add(new DueTimer(TimerKind.RECLAIM, lastTransition == null ? 0 : lastTransition, null));
            }
            if (active && attemptTimeout != null) {
                timers.add(new DueTimer(TimerKind.ATTEMPT_TIMEOUT, attemptTimeout, null));
            }
            if (!"terminal".equals(phase) && deadline != null) {
                timers.add(new DueTimer(TimerKind.EXECUTION_DEADLINE, deadline, null));
            }
            if ("open".equals(suspensionState) && suspensionTimeout != null) {
                timers.add(new DueTimer(TimerKind.SUSPENSION_TIMEOUT, suspensionTimeout, null));
            }
            if ("runnable".equals(phase) && "not_eligible_until_time".equals(eligibility) && delayUntil != null) {
                timers.add(new DueTimer(TimerKind.DELAYED_PROMOTION, delayUntil, null));
            }
            if (soonestGrantExpiry != null) {
                // one timer for the soonest: it expires every due grant of the execution, then the next one arms
                timers.add(new DueTimer(TimerKind.CLAIM_GRANT_EXPIRY, soonestGrantExpiry, null));
            }
            timers.addAll(extra);
            PublicState state = WireEnum.lookup(PublicState.class, publicState);
            if (state == null) {
                state = PublicState.WAITING; // a legacy literal a fixture wrote: its next save rewrites it
            }
            boolean ready = "runnable".equals(phase) && "eligible_now".equals(eligibility) && lane != null;
            return new ExecutionView(id, lane, priority, createdAtMs, state, ready, stateVersion, timers);
        }
    }
}
