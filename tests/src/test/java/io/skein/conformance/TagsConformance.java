package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tags and the namespace lookup of spec 02 §5 (T2) on every backend: key first, NotFound on set, empty on get. */
class TagsConformance extends FlowConformance {

    @Test
    void anExecutionTagIsSetReadBackReplacedAndShownInTheSnapshot() {
        ExecutionId id = created();

        backend.setExecutionTag(id, "app.owner", "ann");
        assertEquals(Optional.of("ann"), backend.getExecutionTag(id, "app.owner"));
        backend.setExecutionTag(id, "app.owner", "bob");
        backend.setExecutionTag(id, "app.team", "core");

        assertEquals(Optional.of("bob"), backend.getExecutionTag(id, "app.owner"));
        assertEquals(Map.of("app.owner", "bob", "app.team", "core"),
                backend.describeExecution(id).orElseThrow().tags());
    }

    @Test
    void aMissingTagOrExecutionReadsEmpty() {
        ExecutionId id = created();

        assertEquals(Optional.empty(), backend.getExecutionTag(id, "app.none"));
        assertEquals(Optional.empty(), backend.getExecutionTag(soloId(), "app.owner"));
        assertEquals(Optional.empty(), backend.getExecutionNamespace(soloId()));
        assertEquals(Optional.of(NAMESPACE), backend.getExecutionNamespace(id));
        assertEquals(Optional.empty(), backend.getFlowTag(FlowId.random(), "app.owner"));
    }

    @Test
    void aBadKeyIsInvalidBeforeAnyStorageAccessAndChangesNothing() {
        ExecutionId id = created();
        FlowId flow = flow();
        ExecutionId missing = soloId();

        for (String bad : new String[] {"", "owner", "App.owner", "app.Owner", "app.own-er", "k".repeat(126) + ".x12"}) {
            EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.setExecutionTag(id, bad, "v"));
            assertEquals(ValidationKind.INVALID_TAG_KEY, v.kind(), bad);
            // checked before the lookup: a missing entity with a bad key is still the key's error
            assertEquals(ValidationKind.INVALID_TAG_KEY, expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.setExecutionTag(missing, bad, "v")).kind());
            assertEquals(ValidationKind.INVALID_TAG_KEY, expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.setFlowTag(flow, bad, "v")).kind());
            assertEquals(ValidationKind.INVALID_TAG_KEY, expectError(EngineError.Validation.class,
                    () -> backend.getExecutionTag(missing, bad)).kind());
            assertEquals(ValidationKind.INVALID_TAG_KEY, expectError(EngineError.Validation.class,
                    () -> backend.getFlowTag(flow, bad)).kind());
        }
    }

    @Test
    void aSetOnAMissingEntityIsNotFoundAndChangesNothing() {
        assertEquals("execution", expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.setExecutionTag(soloId(), "app.owner", "ann")).entity());
        assertEquals("flow", expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.setFlowTag(FlowId.random(), "app.owner", "ann")).entity());
    }

    @Test
    void anOverlongValueOrASixtyFifthTagIsRefusedAndChangesNothing() {
        ExecutionId id = created();
        for (int i = 0; i < 64; i++) {
            backend.setExecutionTag(id, "app.t" + i, "v");
        }

        expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.setExecutionTag(id, "app.t0", "x".repeat(4097)));
        expectRejectedUnchanged(EngineError.Validation.class, () -> backend.setExecutionTag(id, "app.t64", "v"));
        backend.setExecutionTag(id, "app.t63", "x".repeat(4096));

        assertEquals(64, backend.describeExecution(id).orElseThrow().tags().size());
    }

    @Test
    void aFlowTagIsSetAndReadBackOnItsFlowOnly() {
        FlowId flow = flow();
        FlowId other = flow();

        backend.setFlowTag(flow, "app.stage", "build");
        backend.setFlowTag(flow, "app.stage", "test");

        assertEquals(Optional.of("test"), backend.getFlowTag(flow, "app.stage"));
        assertEquals(Optional.empty(), backend.getFlowTag(other, "app.stage"));
        assertEquals(Optional.empty(), backend.getFlowTag(flow, "app.other"));
    }

    @Test
    void theNamespaceIsTheOneTheExecutionWasCreatedIn() {
        ExecutionId id = soloId();
        backend.createExecution(new io.skein.core.api.execution.CreateExecutionArgs(id, Namespace.of("tenant-a"),
                LANE, "test.kind", new byte[0], null, 0, "conformance", null, Map.of(), null, null, null,
                id.partition(), clock.millis()));

        assertEquals(Optional.of(Namespace.of("tenant-a")), backend.getExecutionNamespace(id));
    }
}
