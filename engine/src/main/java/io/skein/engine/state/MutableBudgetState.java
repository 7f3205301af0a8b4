package io.skein.engine.state;

import io.skein.core.api.ReportUsageResult;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;

/** Writes of budgets: creation, usage, the per-execution ledgers, dedup keys, breach markers and resets. */
public interface MutableBudgetState extends BudgetState {

    /** A new budget with no usage, no breach and reset count 0; {@code nextResetAtMs} null when it does not recur. */
    void insert(int partition, BudgetId budget, BudgetPolicy policy, String scopeType, String scopeId,
                String enforcementMode, Long nextResetAtMs, long now);

    /** Sets the dimension's usage to {@code value}. */
    void setUsage(int partition, BudgetId budget, String dimension, long value, long now);

    /** Lowers the dimension's usage by {@code amount}, never below 0. */
    void subtractUsage(int partition, BudgetId budget, String dimension, long amount, long now);

    /** Adds {@code delta} to the execution's ledger for the dimension. */
    void addToLedger(int partition, BudgetId budget, ExecutionId execution, String dimension, long delta, long now);

    /** Deletes the execution's ledger on the budget. */
    void deleteLedger(int partition, BudgetId budget, ExecutionId execution);

    /** Remembers that the report carrying {@code dedupKey} was applied with {@code outcome}, until the expiry. */
    void rememberDedup(int partition, BudgetId budget, String dedupKey, ReportUsageResult outcome, long now,
                       long expiresAtMs);

    /** Forgets the budget's dedup keys expired at {@code now}. */
    void forgetExpiredDedup(int partition, BudgetId budget, long now);

    /** A refused report: one more hard breach, and the breach markers name this one. */
    void recordHardBreach(int partition, BudgetId budget, String dimension, long now);

    /** An applied report: the budget was updated at {@code now}, and one more soft breach when it made one. */
    void recordReport(int partition, BudgetId budget, boolean softBreach, long now);

    /** The budget changed at {@code now} (its usage or ledgers). */
    void touch(int partition, BudgetId budget, long now);

    /** Sets the breach markers and the hard-breach count as the reconciler computed them. */
    void setBreachMarkers(int partition, BudgetId budget, Long lastBreachAtMs, String lastBreachDim, long breachCount,
                          long now);

    /**
     * A reset: every dimension's usage to 0, one more reset, the breach markers cleared and the next reset at
     * {@code nextResetAtMs} (null: none).
     */
    void reset(int partition, BudgetId budget, Long nextResetAtMs, long now);
}
