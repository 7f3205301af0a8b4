package io.skein.core.api;

import io.skein.core.id.BudgetId;
import java.util.Objects;

/** Arguments of {@code resetBudget} (spec 02 §8). */
public record ResetBudgetArgs(BudgetId budgetId, long now) {

    public ResetBudgetArgs {
        Objects.requireNonNull(budgetId, "budgetId");
    }
}
