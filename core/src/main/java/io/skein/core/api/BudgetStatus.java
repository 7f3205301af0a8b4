package io.skein.core.api;

import io.skein.core.id.BudgetId;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Result of {@code getBudgetStatus} (spec 02 §8): usage and limits per dimension (sorted), breach counters, and the
 * nullable {@code lastBreachAt}, {@code lastBreachDim}, {@code nextResetAt}, {@code createdAt}.
 */
public record BudgetStatus(BudgetId budgetId, String scopeType, String scopeId, String enforcementMode,
                           Map<String, Long> usage, Map<String, Long> hardLimits, Map<String, Long> softLimits,
                           long breachCount, long softBreachCount, Long lastBreachAt, String lastBreachDim,
                           Long nextResetAt, Long createdAt) {

    public BudgetStatus {
        usage = sorted(usage);
        hardLimits = sorted(hardLimits);
        softLimits = sorted(softLimits);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map == null ? Map.of() : map));
    }
}
