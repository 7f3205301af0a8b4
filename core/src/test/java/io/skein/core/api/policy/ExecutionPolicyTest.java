package io.skein.core.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.skein.core.api.CapabilitySet;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.wire.SkeinJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutionPolicyTest {

    private static final String BUDGET = "2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f";
    private static final String QUOTA = "9a0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f";

    @Test
    void anEmptyObjectGetsEveryDefaultOfTheSpecTable() {
        ExecutionPolicy p = ExecutionPolicy.parse("{}");

        assertEquals(ExecutionPolicy.defaults(), p);
        assertEquals(0, p.priority());
        assertNull(p.delayUntil());
        assertEquals(3, p.retryPolicy().maxRetries());
        assertEquals(new BackoffPolicy.Exponential(1000, 2.0, 60_000, false), p.retryPolicy().backoff());
        assertEquals(TimeoutPolicy.NONE, p.timeoutPolicy());
        assertNull(p.maxReclaimCount());
        assertEquals(10, p.maxReplayCount());
        assertEquals(new SuspensionPolicy(null, "fail"), p.suspensionPolicy());
        assertEquals(List.of(), p.budgetIds());
        assertNull(p.quotaPolicyId());
        assertTrue(p.routingRequirements().requiredCapabilities().isEmpty());
        assertEquals(86_400_000L, p.dedupWindowMs());
        assertEquals(new StreamPolicy("buffered", 10_000, null), p.streamPolicy());
        assertEquals(10_000, p.maxSignalsPerExecution());
    }

    @Test
    void aFullDocumentIsReadFieldByFieldAndUnknownFieldsAreIgnored() {
        ExecutionPolicy p = ExecutionPolicy.parse("""
                {"priority": 50, "delay_until": 1700000000000,
                 "retry_policy": {"max_retries": 5, "backoff": {"type": "fixed", "delay_ms": 250},
                                  "retryable_categories": ["io"]},
                 "timeout_policy": {"attempt_timeout_ms": 30000, "execution_deadline_ms": 600000},
                 "max_reclaim_count": 7, "max_replay_count": 2,
                 "suspension_policy": {"default_timeout_ms": 5000, "timeout_behavior": "escalate"},
                 "budget_ids": ["%s"], "quota_policy_id": "%s",
                 "routing_requirements": {"required_capabilities": ["gpu", "arm64"], "preferred_locality": "eu"},
                 "dedup_window_ms": 1000,
                 "stream_policy": {"durability_mode": "durable", "retention_maxlen": 3, "retention_ttl_ms": 60000},
                 "max_signals_per_execution": 20,
                 "fallback_policy": {"kind": "other"},
                 "something_new": {"nested": true}}
                """.formatted(BUDGET, QUOTA));

        assertEquals(50, p.priority());
        assertEquals(1_700_000_000_000L, p.delayUntil());
        assertEquals(new RetryPolicy(5, new BackoffPolicy.Fixed(250, false), List.of("io")), p.retryPolicy());
        assertEquals(new TimeoutPolicy(30_000L, 600_000L), p.timeoutPolicy());
        assertEquals(7, p.maxReclaimCount());
        assertEquals(2, p.maxReplayCount());
        assertEquals(new SuspensionPolicy(5000L, "escalate"), p.suspensionPolicy());
        assertEquals(List.of(BudgetId.parse(BUDGET)), p.budgetIds());
        assertEquals(QuotaPolicyId.parse(QUOTA), p.quotaPolicyId());
        assertEquals(CapabilitySet.required(List.of("arm64", "gpu")), p.routingRequirements().requiredCapabilities());
        assertEquals("eu", p.routingRequirements().preferredLocality());
        assertEquals(1000, p.dedupWindowMs());
        assertEquals(new StreamPolicy("durable", 3, 60_000L), p.streamPolicy());
        assertEquals(20, p.maxSignalsPerExecution());
        assertEquals("other", p.fallbackPolicy().get("kind").asText());
    }

    @Test
    void aPartialExponentialBackoffKeepsTheDefaultsOfTheFieldsItOmits() {
        ExecutionPolicy p = ExecutionPolicy.parse(
                "{\"retry_policy\":{\"backoff\":{\"type\":\"exponential\",\"max_delay_ms\":5000,\"jitter\":true}}}");

        assertEquals(3, p.retryPolicy().maxRetries());
        assertEquals(new BackoffPolicy.Exponential(1000, 2.0, 5000, true), p.retryPolicy().backoff());
    }

    @Test
    void explicitNullsMeanAbsent() {
        assertEquals(ExecutionPolicy.defaults(),
                ExecutionPolicy.parse("{\"retry_policy\":null,\"budget_ids\":null,\"priority\":null}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                                          | policy: malformed JSON",
            "[1,2]                                                              | policy: not a JSON object",
            "42                                                                 | policy: not a JSON object",
            "{\"priority\":\"high\"}                                            | priority: expected an integer",
            "{\"priority\":1.5}                                                 | priority: expected an integer",
            "{\"max_replay_count\":-1}                                          | max_replay_count: must be >= 0",
            "{\"retry_policy\":3}                                               | retry_policy: not a JSON object",
            "{\"retry_policy\":{\"max_retries\":\"3\"}}                         | retry_policy.max_retries: expected an integer",
            "{\"retry_policy\":{\"backoff\":{\"type\":\"linear\"}}}             | retry_policy.backoff.type: expected",
            "{\"retry_policy\":{\"backoff\":{\"delay_ms\":5}}}                  | retry_policy.backoff.type: expected",
            "{\"retry_policy\":{\"backoff\":{\"type\":\"exponential\",\"multiplier\":\"x\"}}} | retry_policy.backoff.multiplier: expected a number",
            "{\"retry_policy\":{\"backoff\":{\"type\":\"fixed\",\"jitter\":1}}} | retry_policy.backoff.jitter: expected true or false",
            "{\"suspension_policy\":{\"timeout_behavior\":\"explode\"}}         | suspension_policy.timeout_behavior: unknown value",
            "{\"routing_requirements\":[\"gpu\"]}                               | routing_requirements: not a JSON object",
            "{\"routing_requirements\":{\"required_capabilities\":\"gpu\"}}     | routing_requirements.required_capabilities: expected an array",
            "{\"budget_ids\":[\"not-a-uuid\"]}                                  | budget_ids[0]: not a UUID",
            "{\"budget_ids\":\"" + BUDGET + "\"}                                | budget_ids: expected an array",
            "{\"quota_policy_id\":\"q1\"}                                       | quota_policy_id: not a UUID",
            "{\"dedup_window_ms\":true}                                         | dedup_window_ms: expected an integer",
            "{\"stream_policy\":{\"retention_maxlen\":0}}                       | stream_policy.retention_maxlen: must be >= 1"})
    void malformedPoliciesAreInvalidPolicyJsonNamingTheField(String json, String expectedDetailPrefix) {
        EngineException e = assertThrows(EngineException.class, () -> ExecutionPolicy.parse(json.strip()));

        EngineError.Validation v = (EngineError.Validation) e.error();
        assertEquals(ValidationKind.INVALID_POLICY_JSON, v.kind());
        assertTrue(v.detail().startsWith(expectedDetailPrefix.strip()), v.detail());
    }

    @Test
    void anEmptyDocumentIsRejected() {
        EngineException e = assertThrows(EngineException.class, () -> ExecutionPolicy.parse("  "));
        assertEquals(ValidationKind.INVALID_POLICY_JSON, ((EngineError.Validation) e.error()).kind());
    }

    @Test
    void aBadCapabilityTokenIsInvalidCapabilitiesNotInvalidPolicyJson() {
        EngineException e = assertThrows(EngineException.class, () -> ExecutionPolicy.parse(
                "{\"routing_requirements\":{\"required_capabilities\":[\"gpu,arm\"]}}"));

        assertEquals(new EngineError.Validation(ValidationKind.INVALID_CAPABILITIES, "required:token contains ','"),
                e.error());
    }

    @Test
    void theNormalisedJsonParsesBackToAnEqualPolicy() throws Exception {
        ExecutionPolicy p = ExecutionPolicy.parse("""
                {"priority": 3, "retry_policy": {"max_retries": 1, "backoff": {"type": "exponential",
                 "initial_delay_ms": 10, "multiplier": 1.5, "max_delay_ms": 100, "jitter": true}},
                 "routing_requirements": {"required_capabilities": ["b", "a"]}, "budget_ids": ["%s"],
                 "fallback_policy": [1, "x"]}
                """.formatted(BUDGET));

        String json = SkeinJson.strict().writeValueAsString(p);

        assertEquals(p, SkeinJson.strict().readValue(json, ExecutionPolicy.class));
        assertEquals(p, ExecutionPolicy.parse(json));
        assertTrue(json.contains("\"backoff\":{\"type\":\"exponential\""), json);
        assertTrue(json.contains("\"required_capabilities\":[\"a\",\"b\"]"), json);
    }

    @Test
    void readingAPolicyThroughJacksonReportsTheTypedErrorAsTheCause() {
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> SkeinJson.strict().readValue("{\"max_replay_count\":\"x\"}", ExecutionPolicy.class));

        EngineException cause = (EngineException) e.getCause();
        assertEquals(ValidationKind.INVALID_POLICY_JSON, ((EngineError.Validation) cause.error()).kind());
    }

    @Test
    void aRetryPolicyOverrideParsesOnItsOwn() {
        assertEquals(new RetryPolicy(0, BackoffPolicy.DEFAULT, List.of()), RetryPolicy.parse("{\"max_retries\":0}"));
        EngineException e = assertThrows(EngineException.class, () -> RetryPolicy.parse("[]"));
        assertEquals(ValidationKind.INVALID_POLICY_JSON, ((EngineError.Validation) e.error()).kind());
    }
}
