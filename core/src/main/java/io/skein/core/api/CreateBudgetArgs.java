package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.id.BudgetId;
import java.util.List;
import java.util.Objects;

/**
 * Arguments of {@code createBudget} (spec 02 §8, 04 §5.1). {@code dimensions}, {@code hardLimits} and
 * {@code softLimits} are parallel lists of equal length (else {@code InvalidInput}); a limit of 0 means none. Scope
 * and modes are descriptive strings.
 */
public record CreateBudgetArgs(BudgetId budgetId, String scopeType, String scopeId, String enforcementMode,
                               String onHardLimit, String onSoftLimit, long resetIntervalMs, List<String> dimensions,
                               List<Long> hardLimits, List<Long> softLimits, long now) {

    public CreateBudgetArgs {
        Objects.requireNonNull(budgetId, "budgetId");
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        hardLimits = hardLimits == null ? List.of() : List.copyOf(hardLimits);
        softLimits = softLimits == null ? List.of() : List.copyOf(softLimits);
        if (hardLimits.size() != dimensions.size()) {
            throw EngineError.invalidInput("hard_limits: length differs from dimensions");
        }
        if (softLimits.size() != dimensions.size()) {
            throw EngineError.invalidInput("soft_limits: length differs from dimensions");
        }
        if (resetIntervalMs < 0) {
            throw EngineError.invalidInput("reset_interval_ms: must be >= 0");
        }
    }
}
