package io.skein.sql.engine;

import io.skein.core.id.ExecutionId;
import java.util.List;

/**
 * The direct-mode timer scanner's index lookups (spec 05 §4): which executions a clock-driven timer may act on now.
 * Each is a superset read; the engine's timer decision re-checks the row it loads, so a stale candidate is a no-op.
 */
final class DueScans {

    private DueScans() {}

    static List<ExecutionId> dueLeaseExpiries(Tx tx) {
        return ids(tx, "SELECT e.partition_key, e.execution_id FROM ff_exec_core e JOIN ff_attempt a "
                + "ON a.partition_key = e.partition_key AND a.execution_id = e.execution_id "
                + "AND a.attempt_index = e.attempt_index WHERE e.lifecycle_phase = 'active' "
                + "AND e.ownership_state = 'leased' AND a.lease_expires_at_ms <= ?", tx.now());
    }

    static List<ExecutionId> reclaimable(Tx tx) {
        return ids(tx, "SELECT partition_key, execution_id FROM ff_exec_core WHERE lifecycle_phase = 'active' "
                + "AND ownership_state IN ('lease_expired_reclaimable', 'lease_revoked')");
    }

    static List<ExecutionId> dueAttemptTimeouts(Tx tx) {
        return ids(tx, "SELECT e.partition_key, e.execution_id FROM ff_exec_core e JOIN ff_attempt a "
                + "ON a.partition_key = e.partition_key AND a.execution_id = e.execution_id "
                + "AND a.attempt_index = e.attempt_index WHERE e.lifecycle_phase = 'active' "
                + "AND a.attempt_timeout_at_ms <= ?", tx.now());
    }

    static List<ExecutionId> dueDeadlines(Tx tx) {
        return ids(tx, "SELECT partition_key, execution_id FROM ff_exec_core WHERE lifecycle_phase <> 'terminal' "
                + "AND deadline_at_ms <= ?", tx.now());
    }

    static List<ExecutionId> dueDelays(Tx tx) {
        return ids(tx, "SELECT partition_key, execution_id FROM ff_exec_core WHERE lifecycle_phase = 'runnable' "
                + "AND eligibility_state = 'not_eligible_until_time' AND delay_until_ms <= ?", tx.now());
    }

    private static List<ExecutionId> ids(Tx tx, String sql, Object... params) {
        return tx.query(sql, rs -> new ExecutionId(rs.getInt("partition_key"), tx.uuid(rs, "execution_id")), params);
    }

}
