package io.skein.engine.state;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a budget was created with (spec 04 §5.1), fixed for its life: the dimensions in create order, the hard and
 * soft limit of each (0 = none), the reset interval (0 = not recurring) and the descriptive breach actions.
 */
public record BudgetPolicy(List<String> dimensions, Map<String, Long> hardLimits, Map<String, Long> softLimits,
                           long resetIntervalMs, String onHardLimit, String onSoftLimit) {

    public BudgetPolicy {
        dimensions = List.copyOf(dimensions);
        hardLimits = Collections.unmodifiableSortedMap(new TreeMap<>(hardLimits));
        softLimits = Collections.unmodifiableSortedMap(new TreeMap<>(softLimits));
    }

    /** The dimension's hard limit; 0 when it has none or is not configured. */
    public long hardLimit(String dimension) {
        return hardLimits.getOrDefault(dimension, 0L);
    }

    /** The dimension's soft limit; 0 when it has none or is not configured. */
    public long softLimit(String dimension) {
        return softLimits.getOrDefault(dimension, 0L);
    }
}
