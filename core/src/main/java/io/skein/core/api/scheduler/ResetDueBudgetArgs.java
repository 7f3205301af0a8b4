package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.error.EngineError;
import io.skein.core.id.BudgetId;
import io.skein.core.id.PartitionFamily;
import io.skein.core.id.PartitionKey;

/** Arguments of the {@code resetDueBudget} timer hook (spec 02 §9, 04 §5.5); the partition is a {@code {b:N}} tag. */
public record ResetDueBudgetArgs(PartitionKey partition, BudgetId budgetId, long now) {

    public ResetDueBudgetArgs {
        ArgCheck.present(partition, "partition");
        ArgCheck.present(budgetId, "budget_id");
        if (partition.family() != PartitionFamily.BUDGET) {
            throw EngineError.invalidInput("partition: expected a budget partition {b:N}, got " + partition);
        }
    }
}
