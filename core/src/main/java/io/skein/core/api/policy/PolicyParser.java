package io.skein.core.api.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.CapabilitySet;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.wire.SkeinJson;
import java.util.ArrayList;
import java.util.List;

/** Reads ExecutionPolicy JSON field by field so every rejection names the field and why (spec 01 §4, D13). */
final class PolicyParser {

    private PolicyParser() {}

    static ExecutionPolicy parse(String json) {
        return parse(readTree(json, "policy"));
    }

    static RetryPolicy parseRetryPolicy(String json) {
        JsonNode node = readTree(json, "retry_policy");
        if (!node.isObject()) {
            throw invalid("retry_policy", "not a JSON object");
        }
        return retryPolicy(node);
    }

    static ExecutionPolicy parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw invalid("policy", "not a JSON object");
        }
        Integer priority = intField(root, "priority", "priority", Integer.MIN_VALUE);
        Long delayUntil = longField(root, "delay_until", "delay_until", 0);
        JsonNode retryNode = object(root, "retry_policy", "retry_policy");
        RetryPolicy retry = retryNode == null ? RetryPolicy.DEFAULT : retryPolicy(retryNode);
        JsonNode timeoutNode = object(root, "timeout_policy", "timeout_policy");
        TimeoutPolicy timeout = timeoutNode == null ? TimeoutPolicy.NONE : new TimeoutPolicy(
                longField(timeoutNode, "attempt_timeout_ms", "timeout_policy.attempt_timeout_ms", 1),
                longField(timeoutNode, "execution_deadline_ms", "timeout_policy.execution_deadline_ms", 1));
        Integer maxReclaim = intField(root, "max_reclaim_count", "max_reclaim_count", 0);
        Integer maxReplay = intField(root, "max_replay_count", "max_replay_count", 0);
        JsonNode suspensionNode = object(root, "suspension_policy", "suspension_policy");
        SuspensionPolicy suspension = suspensionNode == null ? SuspensionPolicy.DEFAULT : new SuspensionPolicy(
                longField(suspensionNode, "default_timeout_ms", "suspension_policy.default_timeout_ms", 0),
                text(suspensionNode, "timeout_behavior", "suspension_policy.timeout_behavior"));
        List<BudgetId> budgetIds = budgetIds(root);
        String quotaText = text(root, "quota_policy_id", "quota_policy_id");
        QuotaPolicyId quota = quotaText == null ? null : uuid(() -> QuotaPolicyId.parse(quotaText), "quota_policy_id");
        JsonNode routingNode = object(root, "routing_requirements", "routing_requirements");
        RoutingRequirements routing = routingNode == null ? RoutingRequirements.NONE : new RoutingRequirements(
                CapabilitySet.required(strings(routingNode, "required_capabilities",
                        "routing_requirements.required_capabilities")),
                text(routingNode, "preferred_locality", "routing_requirements.preferred_locality"),
                text(routingNode, "isolation_level", "routing_requirements.isolation_level"));
        Long dedup = longField(root, "dedup_window_ms", "dedup_window_ms", 0);
        JsonNode streamNode = object(root, "stream_policy", "stream_policy");
        StreamPolicy stream = streamNode == null ? StreamPolicy.DEFAULT : new StreamPolicy(
                text(streamNode, "durability_mode", "stream_policy.durability_mode"),
                orElse(intField(streamNode, "retention_maxlen", "stream_policy.retention_maxlen", 1),
                        StreamPolicy.DEFAULT_RETENTION_MAXLEN),
                longField(streamNode, "retention_ttl_ms", "stream_policy.retention_ttl_ms", 0));
        Integer maxSignals = intField(root, "max_signals_per_execution", "max_signals_per_execution", 0);
        JsonNode fallback = root.get("fallback_policy");
        return new ExecutionPolicy(
                orElse(priority, 0),
                delayUntil,
                retry,
                timeout,
                maxReclaim,
                orElse(maxReplay, ExecutionPolicy.DEFAULT_MAX_REPLAY_COUNT),
                suspension,
                budgetIds,
                quota,
                routing,
                dedup == null ? ExecutionPolicy.DEFAULT_DEDUP_WINDOW_MS : dedup,
                stream,
                orElse(maxSignals, ExecutionPolicy.DEFAULT_MAX_SIGNALS_PER_EXECUTION),
                fallback);
    }

    private static RetryPolicy retryPolicy(JsonNode node) {
        Integer maxRetries = intField(node, "max_retries", "retry_policy.max_retries", 0);
        JsonNode backoffNode = object(node, "backoff", "retry_policy.backoff");
        BackoffPolicy backoff = backoffNode == null ? BackoffPolicy.DEFAULT : backoff(backoffNode);
        return new RetryPolicy(orElse(maxRetries, RetryPolicy.DEFAULT.maxRetries()), backoff,
                strings(node, "retryable_categories", "retry_policy.retryable_categories"));
    }

    private static BackoffPolicy backoff(JsonNode node) {
        String type = text(node, "type", "retry_policy.backoff.type");
        Boolean jitter = bool(node, "jitter", "retry_policy.backoff.jitter");
        boolean withJitter = jitter != null && jitter;
        if ("exponential".equals(type)) {
            BackoffPolicy.Exponential d = BackoffPolicy.DEFAULT;
            Long initial = longField(node, "initial_delay_ms", "retry_policy.backoff.initial_delay_ms", 0);
            Long max = longField(node, "max_delay_ms", "retry_policy.backoff.max_delay_ms", 0);
            Double multiplier = number(node, "multiplier", "retry_policy.backoff.multiplier");
            return new BackoffPolicy.Exponential(initial == null ? d.initialDelayMs() : initial,
                    multiplier == null ? d.multiplier() : multiplier, max == null ? d.maxDelayMs() : max,
                    withJitter);
        }
        if ("fixed".equals(type)) {
            Long delay = longField(node, "delay_ms", "retry_policy.backoff.delay_ms", 0);
            return new BackoffPolicy.Fixed(delay == null ? 1000 : delay, withJitter);
        }
        throw invalid("retry_policy.backoff.type", "expected \"exponential\" or \"fixed\"");
    }

    private static List<BudgetId> budgetIds(JsonNode root) {
        List<String> texts = strings(root, "budget_ids", "budget_ids");
        List<BudgetId> ids = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            ids.add(uuid(() -> BudgetId.parse(t), "budget_ids[" + i + "]"));
        }
        return ids;
    }

    // ------------------------------------------------------------------------------------------------
    // Field readers: an absent field or JSON null is null; anything of the wrong shape is InvalidPolicyJson.

    private static JsonNode readTree(String json, String what) {
        if (json == null || json.isBlank()) {
            throw invalid(what, "empty document");
        }
        try {
            JsonNode node = SkeinJson.lenient().readTree(json);
            if (node == null || node.isMissingNode()) {
                throw invalid(what, "empty document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid(what, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode present(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static JsonNode object(JsonNode node, String name, String path) {
        JsonNode v = present(node, name);
        if (v != null && !v.isObject()) {
            throw invalid(path, "not a JSON object");
        }
        return v;
    }

    private static Integer intField(JsonNode node, String name, String path, int min) {
        JsonNode v = present(node, name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw invalid(path, "expected an integer");
        }
        if (v.intValue() < min) {
            throw invalid(path, "must be >= " + min);
        }
        return v.intValue();
    }

    private static Long longField(JsonNode node, String name, String path, long min) {
        JsonNode v = present(node, name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(path, "expected an integer");
        }
        if (v.longValue() < min) {
            throw invalid(path, "must be >= " + min);
        }
        return v.longValue();
    }

    private static Double number(JsonNode node, String name, String path) {
        JsonNode v = present(node, name);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw invalid(path, "expected a number");
        }
        return v.doubleValue();
    }

    private static Boolean bool(JsonNode node, String name, String path) {
        JsonNode v = present(node, name);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw invalid(path, "expected true or false");
        }
        return v.booleanValue();
    }

    private static String text(JsonNode node, String name, String path) {
        JsonNode v = present(node, name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(path, "expected a string");
        }
        return v.textValue();
    }

    private static List<String> strings(JsonNode node, String name, String path) {
        JsonNode v = present(node, name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalid(path, "expected an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw invalid(path, "expected an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static <T> T uuid(java.util.function.Supplier<T> parse, String path) {
        try {
            return parse.get();
        } catch (EngineException e) {
            throw invalid(path, "not a UUID");
        }
    }

    private static int orElse(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static EngineException invalid(String path, String reason) {
        return EngineError.validation(ValidationKind.INVALID_POLICY_JSON, path + ": " + reason);
    }
}
