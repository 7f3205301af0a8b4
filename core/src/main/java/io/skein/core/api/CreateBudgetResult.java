package io.skein.core.api;

import io.skein.core.id.BudgetId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code createBudget} (spec 02 §8); an existing budget is never overwritten. */
@ExternallyTagged
public sealed interface CreateBudgetResult permits CreateBudgetResult.Created, CreateBudgetResult.AlreadySatisfied {

    record Created(BudgetId budgetId) implements CreateBudgetResult {}

    record AlreadySatisfied(BudgetId budgetId) implements CreateBudgetResult {}
}
