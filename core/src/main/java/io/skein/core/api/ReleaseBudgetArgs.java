package io.skein.core.api;

import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import java.util.Objects;

/** Arguments of {@code releaseBudget} (spec 02 §8): subtract and delete one execution's spend ledger. */
public record ReleaseBudgetArgs(BudgetId budgetId, ExecutionId executionId) {

    public ReleaseBudgetArgs {
        Objects.requireNonNull(budgetId, "budgetId");
        Objects.requireNonNull(executionId, "executionId");
    }
}
