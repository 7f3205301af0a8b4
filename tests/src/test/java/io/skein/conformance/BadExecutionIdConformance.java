package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Checklist M1 at the operation level: a malformed execution id is a typed {@code Validation(InvalidInput)} before
 * any operation is reached, and create refuses a partition outside the deployment or differing from
 * {@code partition_id} without writing anything. (The HTTP routes' 400s are the HTTP checklist's part.)
 */
class BadExecutionIdConformance extends Conformance {

    private static final String UUID_TEXT = "6f1c1f2e-8a1b-4c39-9b0e-2d5f7e6a1b2c";

    @Test
    void m1_malformedExecutionIdsAreInvalidInputNamingTheField() {
        List<String> malformed = List.of(
                "abc",
                UUID_TEXT,
                "{fp:x}:" + UUID_TEXT,
                "{fp:70000}:" + UUID_TEXT,
                "{fp:1}" + UUID_TEXT,
                "{fp:1}:not-a-uuid",
                "{fp:1}:" + UUID_TEXT + " ",
                " {fp:1}:" + UUID_TEXT,
                "{fp:01}:" + UUID_TEXT,
                "{fp:+1}:" + UUID_TEXT,
                "{fp:-1}:" + UUID_TEXT,
                "{fp:}:" + UUID_TEXT,
                "{fp:1}:" + UUID_TEXT + "0",
                "");

        for (String text : malformed) {
            EngineError.Validation err = expectError(EngineError.Validation.class, () -> ExecutionId.parse(text));
            assertEquals(ValidationKind.INVALID_INPUT, err.kind(), "kind for '" + text + "'");
            assertTrue(err.detail().startsWith("execution_id: "), "detail names the field: " + err.detail());
        }
        assertEquals(ValidationKind.INVALID_INPUT,
                expectError(EngineError.Validation.class, () -> ExecutionId.parse(null)).kind());
    }

    @Test
    void m1_wellFormedIdsParseInAnyCaseAndPrintLowercase() {
        // given / when
        ExecutionId upper = ExecutionId.parse("{fp:65535}:" + UUID_TEXT.toUpperCase());

        // then: the boundary partition is accepted and the canonical form is lowercase
        assertEquals(65_535, upper.partition());
        assertEquals("{fp:65535}:" + UUID_TEXT, upper.toString());
        assertEquals(upper, ExecutionId.parse(upper.toString()));
    }

    @Test
    void m1_createRefusesAPartitionAtOrBeyondTheFlowPartitionCount() {
        // given: an id whose partition is the first one outside the deployment
        int outside = PartitionConfig.DEFAULT.flowPartitions();
        ExecutionId id = ExecutionId.of(outside, UUID.randomUUID());

        // when / then
        EngineError.Validation err = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.createExecution(createArgs(id)));
        assertEquals(ValidationKind.INVALID_INPUT, err.kind());
        assertTrue(err.detail().startsWith("execution_id: "), err.detail());
        assertTrue(backend.readExecutionState(id).isEmpty());

        ExecutionId farOutside = ExecutionId.of(65_535, UUID.randomUUID());
        assertEquals(ValidationKind.INVALID_INPUT, expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.createExecution(createArgs(farOutside))).kind());
    }

    @Test
    void m1_createRefusesAnIdWhosePartitionDiffersFromPartitionId() {
        // given: an id on partition 5 announced as partition 6
        ExecutionId id = idOnPartition(5);
        CreateExecutionArgs a = createArgs(id);
        CreateExecutionArgs mismatched = new CreateExecutionArgs(a.executionId(), a.namespace(), a.laneId(),
                a.executionKind(), a.inputPayload(), a.payloadEncoding(), a.priority(), a.creatorIdentity(), null,
                a.tags(), null, null, null, 6, a.now());

        // when / then
        EngineError.Validation err = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.createExecution(mismatched));
        assertEquals(ValidationKind.INVALID_INPUT, err.kind());
        assertTrue(err.detail().contains("partition"), err.detail());
        assertTrue(backend.readExecutionState(id).isEmpty());

        // and the same id with a matching partition_id is created
        assertInstanceOf(CreateExecutionResult.Created.class, backend.createExecution(a));
    }
}
