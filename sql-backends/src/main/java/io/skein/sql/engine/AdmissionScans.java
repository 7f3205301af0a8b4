package io.skein.sql.engine;

import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.state.BlockingReason;
import io.skein.core.wire.WireEnum;
import io.skein.engine.processing.AdmissionBlockHandlers.Blocked;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The direct-mode timer scanner's lookups for budgets, quotas and admission blocks (spec 05 §4, timers 8, 9 and 13):
 * which budgets, policies and parked executions a timer pass looks at. Each item's decision re-checks what it loads,
 * so a stale candidate is a no-op.
 */
final class AdmissionScans {

    /** Budgets reset per partition per pass of the reset timer (spec 05 §4, timer 9). */
    static final int RESETS_PER_PARTITION = 20;

    private AdmissionScans() {}

    /** Timer 9 selection: due budgets, at most {@value #RESETS_PER_PARTITION} per partition, earliest first. */
    static List<BudgetId> dueBudgetResets(Tx tx) {
        Map<Integer, Integer> perPartition = new TreeMap<>();
        List<BudgetId> out = new ArrayList<>();
        tx.query("SELECT partition_key, budget_id FROM ff_budget_policy WHERE next_reset_at_ms IS NOT NULL "
                        + "AND next_reset_at_ms <= ? ORDER BY partition_key, next_reset_at_ms, budget_id",
                rs -> {
                    int p = rs.getInt(1);
                    if (perPartition.merge(p, 1, Integer::sum) <= RESETS_PER_PARTITION) {
                        out.add(BudgetId.parse(rs.getString(2)));
                    }
                    return null;
                }, tx.now());
        return out;
    }

    /** Timer 13 selection: every budget, or those of one budget partition when {@code partition} is given. */
    static List<BudgetId> budgets(Tx tx, Integer partition) {
        return ids(tx, "ff_budget_policy", "budget_id", BudgetId::parse, partition);
    }

    /** Timer 13 selection: every policy, or those of one quota partition when {@code partition} is given. */
    static List<QuotaPolicyId> quotaPolicies(Tx tx, Integer partition) {
        return ids(tx, "ff_quota_policy", "quota_policy_id", QuotaPolicyId::parse, partition);
    }

    /** The ids in {@code column} of {@code table}, of one partition when given, in partition then id order. */
    private static <T> List<T> ids(Tx tx, String table, String column, Function<String, T> parse, Integer partition) {
        String select = "SELECT " + column + " FROM " + table;
        if (partition == null) {
            return tx.query(select + " ORDER BY partition_key, " + column, rs -> parse.apply(rs.getString(1)));
        }
        return tx.query(select + " WHERE partition_key = ? ORDER BY " + column, rs -> parse.apply(rs.getString(1)),
                partition);
    }

    /**
     * Timer 8 selection: executions parked for budget, quota or a capable worker. Operator and policy pauses are
     * lifted only by an explicit {@code unblockExecution}: a pass lifting them every few seconds would make the pause
     * meaningless.
     */
    static List<Blocked> unblockCandidates(Tx tx) {
        return tx.query("SELECT partition_key, execution_id, blocking_reason FROM ff_exec_core "
                        + "WHERE lifecycle_phase = 'runnable' "
                        + "AND eligibility_state IN ('blocked_by_budget', 'blocked_by_quota', 'blocked_by_route') "
                        + "AND blocking_reason <> 'paused_by_flow_cancel'",
                rs -> new Blocked(new ExecutionId(rs.getInt("partition_key"), tx.uuid(rs, "execution_id")),
                        WireEnum.lookup(BlockingReason.class, rs.getString("blocking_reason"))))
                .stream().filter(b -> b.reason() != null).toList();
    }
}
