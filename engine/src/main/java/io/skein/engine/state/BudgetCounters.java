package io.skein.engine.state;

/**
 * A budget's scope, breach counters and markers and its reset schedule (spec 04 §5.1–§5.5): everything of the
 * budget row but its policy. {@code lastBreachAtMs} / {@code lastBreachDim} name the last hard breach;
 * {@code nextResetAtMs} is null when the budget does not recur.
 */
public record BudgetCounters(String scopeType, String scopeId, String enforcementMode, long breachCount,
                             long softBreachCount, Long lastBreachAtMs, String lastBreachDim, Long nextResetAtMs,
                             Long createdAtMs) {}
