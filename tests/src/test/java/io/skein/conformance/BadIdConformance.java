package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.EdgeDirection;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.id.WaitpointId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Checklist M2 at the operation level: a malformed flow, waitpoint, edge, budget or quota-policy id is a typed
 * {@code Validation} whose detail names the field, and an operation handed such an id (or none) writes nothing.
 * (The HTTP paths and bodies are the HTTP checklist's part.)
 */
class BadIdConformance extends Conformance {

    private static final String UUID_TEXT = "6f1c1f2e-8a1b-4c39-9b0e-2d5f7e6a1b2c";

    /** Texts that are not a canonical 8-4-4-4-12 UUID. */
    private static final List<String> MALFORMED = List.of(
            "abc",
            "",
            UUID_TEXT.replace("-", ""),
            "{" + UUID_TEXT + "}",
            UUID_TEXT + " ",
            " " + UUID_TEXT,
            UUID_TEXT.substring(0, 35) + "g",
            UUID_TEXT.replace('-', '_'),
            "{fp:0}:" + UUID_TEXT);

    @Test
    void m2_malformedIdsAreInvalidInputNamingTheirField() {
        Map<String, Function<String, ?>> parsers = new LinkedHashMap<>();
        parsers.put("flow_id", FlowId::parse);
        parsers.put("waitpoint_id", WaitpointId::parse);
        parsers.put("edge_id", EdgeId::parse);
        parsers.put("budget_id", BudgetId::parse);
        parsers.put("quota_policy_id", QuotaPolicyId::parse);

        parsers.forEach((field, parse) -> {
            for (String text : MALFORMED) {
                EngineError.Validation err = expectError(EngineError.Validation.class, () -> parse.apply(text));
                assertEquals(ValidationKind.INVALID_INPUT, err.kind(), field + " '" + text + "'");
                assertTrue(err.detail().startsWith(field + ": "), "detail names " + field + ": " + err.detail());
            }
            EngineError.Validation missing = expectError(EngineError.Validation.class, () -> parse.apply(null));
            assertTrue(missing.detail().startsWith(field + ": "), missing.detail());
            // and the canonical form, in any case, is accepted
            assertEquals(UUID_TEXT, parse.apply(UUID_TEXT.toUpperCase()).toString());
        });
    }

    @Test
    void m2_malformedBudgetAndQuotaIdsInACreatePolicyAreRejectedBeforeAnyWrite() {
        // given: policy documents whose budget or quota id is malformed
        EngineError.Validation budget = expectError(EngineError.Validation.class,
                () -> ExecutionPolicy.parse("{\"budget_ids\":[\"" + UUID_TEXT + "\",\"not-a-uuid\"]}"));
        EngineError.Validation quota = expectError(EngineError.Validation.class,
                () -> ExecutionPolicy.parse("{\"quota_policy_id\":\"" + UUID_TEXT + "x\"}"));

        // then: the policy error names the offending field and its position
        assertEquals(ValidationKind.INVALID_POLICY_JSON, budget.kind());
        assertTrue(budget.detail().contains("budget_ids[1]"), budget.detail());
        assertEquals(ValidationKind.INVALID_POLICY_JSON, quota.kind());
        assertTrue(quota.detail().contains("quota_policy_id"), quota.detail());
    }

    @Test
    void m2_operationsGivenNoFlowEdgeWaitpointBudgetOrQuotaIdAreRejectedNamingTheField() {
        // given: some state, so "nothing changed" is a real comparison
        ExecutionId id = created();
        FlowId flow = FlowId.random();

        // when / then
        assertNamesField("flow_id", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.describeFlow(null)));
        assertNamesField("flow_id", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.listEdges(null, new EdgeDirection.Outgoing(id))));
        assertNamesField("edge_id", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.describeEdge(flow, null)));
        assertNamesField("waitpoint_id", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.readWaitpointToken(id.partitionKey(), null)));
        assertNamesField("budget_id", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.getBudgetStatus(null)));
        assertNamesField("budget_id", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.readBudgetUsageAndLimits(null)));
        assertNamesField("quota_policy_id", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.readQuotaPolicyLimits(null)));
        assertNamesField("quota_policy_id", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.checkAdmission(null, "requests",
                        new CheckAdmissionArgs(id, clock.millis(), 60, 10, 0, null))));
    }

    private static void assertNamesField(String field, EngineError.Validation err) {
        assertEquals(ValidationKind.INVALID_INPUT, err.kind(), err.detail());
        assertTrue(err.detail().contains(field), "detail names " + field + ": " + err.detail());
    }
}
