package io.skein.core.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Result of {@code readBudgetUsageAndLimits} (spec 02 §8): limits keyed {@code "hard:<dim>"} / {@code "soft:<dim>"}
 * as stored strings, usage per dimension; both empty when unconfigured.
 */
public record BudgetUsageAndLimits(Map<String, String> limits, Map<String, Long> usage) {

    public BudgetUsageAndLimits {
        limits = Collections.unmodifiableMap(new TreeMap<>(limits == null ? Map.of() : limits));
        usage = Collections.unmodifiableMap(new TreeMap<>(usage == null ? Map.of() : usage));
    }
}
