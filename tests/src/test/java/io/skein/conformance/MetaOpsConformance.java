package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.BackendIdentity;
import io.skein.core.api.Capabilities;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.PrepareOutcome;
import io.skein.core.api.Supports;
import io.skein.core.id.ExecutionId;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checklist A7 (capabilities) and A8 (meta ops) on every backend; seed 004's label and shutdown smoke tests. */
class MetaOpsConformance extends Conformance {

    @Test
    void a7_capabilitiesNameTheFamilyTheStageAndEverySurfaceButInstanceTags() throws Exception {
        Capabilities caps = backend.capabilities();

        assertEquals(backend.backendLabel(), caps.identity().family());
        assertTrue(Set.of("postgres", "sqlite", "kafka").contains(caps.identity().family()));
        assertEquals(BackendIdentity.STAGE_E_SHIPPED, caps.identity().rfc017Stage());
        assertEquals("E-shipped", caps.identity().rfc017Stage());
        for (RecordComponent flag : Supports.class.getRecordComponents()) {
            boolean value = (boolean) flag.getAccessor().invoke(caps.supports());
            assertEquals(!flag.getName().equals("subscribeInstanceTags"), value, flag.getName());
        }
    }

    @Test
    void a8_theLabelIsStableAndUsableThroughTheInterface() {
        EngineBackend erased = backend;
        String label = erased.backendLabel();
        created();
        claimed();
        assertEquals(label, erased.backendLabel());
        assertEquals(label, backend.capabilities().identity().family());
    }

    @Test
    void a8_prepareOnAPreparedBackendIsANoOp() {
        backend.prepare();
        assertInstanceOf(PrepareOutcome.NoOp.class, backend.prepare());
    }

    @Test
    void a8_shutdownPrepareOnAnIdleBackendReturnsWithinASecondAndLaterCallsAreUnavailable() {
        ExecutionId id = created();

        long started = System.nanoTime();
        backend.shutdownPrepare(Duration.ofSeconds(5));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs < 1_000, "took " + tookMs + " ms");
        for (Runnable call : List.<Runnable>of(
                () -> backend.describeExecution(id),
                () -> backend.createExecution(createArgs(soloId())),
                () -> backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("worker-1")),
                () -> backend.ping(),
                under::runDue)) {
            expectError(io.skein.core.error.EngineError.Unavailable.class, call::run);
        }
        backend.shutdownPrepare(Duration.ofSeconds(5));
    }
}
