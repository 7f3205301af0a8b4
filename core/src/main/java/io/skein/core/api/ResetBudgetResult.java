package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code resetBudget} (spec 04 §5.5). */
@ExternallyTagged
public sealed interface ResetBudgetResult permits ResetBudgetResult.Reset {

    /** Usage is zero; {@code nextResetAt} is the next scheduled reset, 0 when the budget does not recur. */
    record Reset(long nextResetAt) implements ResetBudgetResult {}
}
