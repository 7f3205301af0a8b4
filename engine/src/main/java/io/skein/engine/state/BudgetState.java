package io.skein.engine.state;

import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import java.util.Map;
import java.util.Optional;

/**
 * Budgets (spec 04 §5.1–§5.5), read-only. A budget's rows live in its budget partition {@code {b:N}}, which every
 * call names with the budget's id.
 */
public interface BudgetState {

    boolean exists(int partition, BudgetId budget);

    /**
     * The budget's policy. In a unit that may write, the budget is locked first (a row lock on PostgreSQL), so the
     * decisions on one budget serialise and each reads the usage the previous one wrote: no lost update.
     */
    Optional<BudgetPolicy> policy(int partition, BudgetId budget);

    /** The budget's scope, breach counters and markers and reset schedule. */
    Optional<BudgetCounters> counters(int partition, BudgetId budget);

    /** Usage of each dimension that has any, by name; a dimension missing here has usage 0. */
    Map<String, Long> usage(int partition, BudgetId budget);

    /** Whether a report carrying {@code dedupKey} was applied and the key is still remembered at {@code now}. */
    boolean dedupApplied(int partition, BudgetId budget, String dedupKey, long now);

    /** The execution's spend ledger on the budget: its applied deltas summed per dimension, by dimension name. */
    Map<String, Long> ledger(int partition, BudgetId budget, ExecutionId execution);
}
