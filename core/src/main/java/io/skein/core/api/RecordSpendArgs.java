package io.skein.core.api;

import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Arguments of {@code recordSpend} (spec 02 §8, 04 §5.2): deltas by dimension (checked in name order), added to
 * usage and to the (budget, execution) ledger; {@code idempotencyKey} is the dedup key.
 */
public record RecordSpendArgs(BudgetId budgetId, ExecutionId executionId, SortedMap<String, Long> deltas,
                              String idempotencyKey) {

    public RecordSpendArgs {
        Objects.requireNonNull(budgetId, "budgetId");
        Objects.requireNonNull(executionId, "executionId");
        deltas = Collections.unmodifiableSortedMap(new TreeMap<>(deltas == null ? new TreeMap<>() : deltas));
    }

    /** The pairs in check order (dimension name order). */
    public List<UsageDelta> usageDeltas() {
        List<UsageDelta> out = new ArrayList<>();
        deltas.forEach((dimension, delta) -> out.add(new UsageDelta(dimension, delta)));
        return List.copyOf(out);
    }
}
