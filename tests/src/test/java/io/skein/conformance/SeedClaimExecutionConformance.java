package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import org.junit.jupiter.api.Test;

/**
 * Seed 002 ({@code sq:typed_claim_execution}): {@code claimExecution} against raw {@code ff_exec_core} and
 * {@code ff_claim_grant} rows staged exactly as the seed does, on partition 0 (spec 06 appendix, C4–C9).
 */
class SeedClaimExecutionConformance extends LifecycleGivens {

    @Test
    void c4_claimHappyPath() {
        ExecutionId id = seedRunnable("default");
        seedGrant(id, "worker-1", clock.millis() + 60_000);

        assertInstanceOf(ClaimExecutionResult.Claimed.class, backend.claimExecution(claimArgs(id, "worker-1")));

        assertEquals("active", core(id, "lifecycle_phase"));
        assertEquals("leased", core(id, "ownership_state"));
        assertEquals(0, grants(id, "claim"), "grant deleted");
    }

    @Test
    void c5_claimRejectsExpiredGrant() {
        ExecutionId id = seedRunnable("default");
        seedGrant(id, "worker-1", clock.millis() - 1_000);
        assertEquals(ContentionKind.CLAIM_GRANT_EXPIRED, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    @Test
    void c6_claimRejectsWrongWorkerGrant() {
        ExecutionId id = seedRunnable("default");
        seedGrant(id, "someone-else", clock.millis() + 60_000);
        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    @Test
    void c7_claimRejectsMissingGrant() {
        ExecutionId id = seedRunnable("default");
        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    @Test
    void c8_claimRejectsNonRunnable() {
        ExecutionId id = seedRunnable("default");
        setCore(id, "lifecycle_phase = 'terminal'");
        seedGrant(id, "worker-1", clock.millis() + 60_000);
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    @Test
    void c9_claimRejectsAlreadyOwned() {
        ExecutionId id = seedRunnable("default");
        setCore(id, "ownership_state = 'leased'");
        seedGrant(id, "worker-1", clock.millis() + 60_000);
        assertEquals(ContentionKind.LEASE_CONFLICT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }
}
