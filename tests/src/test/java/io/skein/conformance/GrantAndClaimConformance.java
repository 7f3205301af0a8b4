package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.Handle;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.scheduler.ClaimGrantOutcome;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checklist C14: the operator's {@code issueGrantAndClaim}. */
class GrantAndClaimConformance extends OperatorGivens {

    IssueGrantAndClaimArgs grantAndClaim(ExecutionId id) {
        return new IssueGrantAndClaimArgs(id, LANE, 10_000);
    }

    @Test
    void c14_aFreshGrantAndClaimLeasesAttemptZeroToTheOperator() {
        ExecutionId id = created();

        ClaimGrantOutcome out = backend.issueGrantAndClaim(grantAndClaim(id));

        assertEquals(1, out.leaseEpoch());
        assertEquals(0, out.attemptIndex());
        assertEquals("operator", attemptColumn(id, 0, "worker_id"));
        assertEquals(String.valueOf(clock.millis() + 10_000), attemptColumn(id, 0, "lease_expires_at_ms"));
        assertEquals(PublicState.ACTIVE, publicState(id));
        assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM ff_claim_grant"));
    }

    @Test
    void c14_afterADueWorkerDelayTheResumeBranchContinuesTheSameAttempt() {
        // given a worker delay that has come due
        ExecutionId id = created();
        Handle h = claimed();
        backend.delay(h, clock.millis() + 1_000);
        clock.advance(1_000);
        under.runDue();
        String attemptId = attemptColumn(id, 0, "attempt_id");

        // when
        ClaimGrantOutcome out = backend.issueGrantAndClaim(grantAndClaim(id));

        // then
        assertEquals(0, out.attemptIndex());
        assertEquals(2, out.leaseEpoch());
        assertEquals(attemptId, attemptColumn(id, 0, "attempt_id"));
        assertEquals("1", coreColumn(id, "total_attempt_count"));
        assertEquals("started", attemptColumn(id, 0, "lifecycle"));
    }

    @Test
    void c14_aTerminalExecutionIsExecutionNotActive() {
        ExecutionId id = created();
        backend.complete(claimed(), null);

        EngineError.Contention c = expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.issueGrantAndClaim(grantAndClaim(id)));
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, c.kind());
        assertEquals("terminal", c.notActive().lifecyclePhase());
    }

    @Test
    void c14_aRunnableButLeasedExecutionIsLeaseConflict() {
        ExecutionId id = created();
        fx.exec("UPDATE ff_exec_core SET ownership_state = 'leased' WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());

        assertEquals(ContentionKind.LEASE_CONFLICT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.issueGrantAndClaim(grantAndClaim(id))).kind());
    }

    @Test
    void c14_aDelayedExecutionIsExecutionNotLeaseable() {
        ExecutionId id = soloId();
        CreateExecutionArgs a = createArgs(id);
        backend.createExecution(new CreateExecutionArgs(id, a.namespace(), a.laneId(), a.executionKind(),
                a.inputPayload(), a.payloadEncoding(), 0, a.creatorIdentity(), null, Map.of(), null,
                clock.millis() + 5_000, null, a.partitionId(), clock.millis()));

        assertEquals(ContentionKind.EXECUTION_NOT_LEASEABLE, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.issueGrantAndClaim(grantAndClaim(id))).kind());
    }

    @Test
    void c14_anOutstandingGrantIsGrantAlreadyExists() {
        ExecutionId id = created();
        backend.issueClaimGrant(new IssueClaimGrantArgs(id, LANE, WorkerId.of("w"), WorkerInstanceId.of("w-i1"),
                id.partitionKey(), null, null, null, CapabilitySet.EMPTY, 60_000, clock.millis()));

        assertEquals(StateKind.GRANT_ALREADY_EXISTS, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.issueGrantAndClaim(grantAndClaim(id))).kind());
    }
}
