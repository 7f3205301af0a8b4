package io.skein.core.api.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.id.BudgetId;
import io.skein.core.id.QuotaPolicyId;
import java.util.List;

/**
 * The policy frozen on an execution at create (spec 01 §4), with every default applied. Build one with
 * {@link #parse(String)}: malformed JSON, a non-object, wrong types or a non-UUID budget id →
 * {@code Validation(InvalidPolicyJson, "<field>: <reason>")}; a bad capability token →
 * {@code Validation(InvalidCapabilities)}; unknown fields are ignored. The JSON written back (SkeinJson) is the
 * normalised policy and parses to an equal value.
 *
 * <p>Nullable: {@code delayUntil}, {@code maxReclaimCount} (the call argument, then 1000, applies),
 * {@code quotaPolicyId}, {@code fallbackPolicy} (stored, not interpreted).
 */
public record ExecutionPolicy(
        int priority,
        Long delayUntil,
        RetryPolicy retryPolicy,
        TimeoutPolicy timeoutPolicy,
        Integer maxReclaimCount,
        int maxReplayCount,
        SuspensionPolicy suspensionPolicy,
        List<BudgetId> budgetIds,
        QuotaPolicyId quotaPolicyId,
        RoutingRequirements routingRequirements,
        long dedupWindowMs,
        StreamPolicy streamPolicy,
        int maxSignalsPerExecution,
        JsonNode fallbackPolicy) {

    public static final int DEFAULT_MAX_REPLAY_COUNT = 10;
    public static final long DEFAULT_DEDUP_WINDOW_MS = 86_400_000L;
    public static final int DEFAULT_MAX_SIGNALS_PER_EXECUTION = 10_000;

    private static final ExecutionPolicy DEFAULTS = new ExecutionPolicy(0, null, RetryPolicy.DEFAULT,
            TimeoutPolicy.NONE, null, DEFAULT_MAX_REPLAY_COUNT, SuspensionPolicy.DEFAULT, List.of(), null,
            RoutingRequirements.NONE, DEFAULT_DEDUP_WINDOW_MS, StreamPolicy.DEFAULT,
            DEFAULT_MAX_SIGNALS_PER_EXECUTION, null);

    public ExecutionPolicy {
        retryPolicy = retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
        timeoutPolicy = timeoutPolicy == null ? TimeoutPolicy.NONE : timeoutPolicy;
        suspensionPolicy = suspensionPolicy == null ? SuspensionPolicy.DEFAULT : suspensionPolicy;
        budgetIds = budgetIds == null ? List.of() : List.copyOf(budgetIds);
        routingRequirements = routingRequirements == null ? RoutingRequirements.NONE : routingRequirements;
        streamPolicy = streamPolicy == null ? StreamPolicy.DEFAULT : streamPolicy;
        fallbackPolicy = fallbackPolicy == null || fallbackPolicy.isNull() ? null : fallbackPolicy.deepCopy();
    }

    /** The policy of an execution created without one. */
    public static ExecutionPolicy defaults() {
        return DEFAULTS;
    }

    /** Parses and validates a policy document (spec 01 §4). */
    public static ExecutionPolicy parse(String json) {
        return PolicyParser.parse(json);
    }

    /** Parses and validates an already-read JSON value; this is also how SkeinJson reads a policy. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ExecutionPolicy parse(JsonNode node) {
        return PolicyParser.parse(node);
    }

    @Override
    public JsonNode fallbackPolicy() {
        return fallbackPolicy == null ? null : fallbackPolicy.deepCopy();
    }
}
