package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.engine.state.ExecutionState;

import io.skein.core.error.EngineException;
import io.skein.core.error.EngineError;
import io.skein.core.error.ContentionKind;

import io.skein.core.api.HandleKind;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimedExecution;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.id.AttemptId;
import io.skein.core.id.LeaseId;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Grant;

/**
 * {@code claimExecution} (spec 02 §9): a fresh claim that consumes the execution's {@code claim} grant. Gates in
 * the order of spec 01 §8; a rejected claim leaves the grant in place.
 */
public final class ClaimExecutionHandler {

    private volatile SchedulerHandlers.Admission admission = SchedulerHandlers.Admission.ALWAYS;

    public void setAdmission(SchedulerHandlers.Admission admission) {
        this.admission = admission;
    }

    public ClaimExecutionResult apply(EngineUnit unit, ClaimExecutionArgs args) {
        ExecutionState.WithAttempt loaded = unit.executions().requireWithCurrent(args.executionId());
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        Claims.checkFreshClaimable(e, current);
        Grant grant = Grants.requireUsable(unit, e.executionId, "claim", args.workerId().value(), args.grantKey());
        if (grant.isLaneGrant() && !admission.admitAtLaneClaim(unit, e)) {
            // Kafka mode admits quota when a lane grant is used (05 §7): the refusal parks the execution and stays
            throw EngineException.afterEffects(new EngineError.Contention(ContentionKind.EXECUTION_NOT_ELIGIBLE,
                    "admission refused the claim: " + e.blockingDetail, null));
        }
        unit.grants().delete(grant);
        if (args.executionDeadlineAt() != null) {
            e.deadlineAtMs = args.executionDeadlineAt();
        }
        Claims.Lease lease = Claims.openAttempt(unit, e, current, Claims.freshType(e), args.workerId().value(),
                args.workerInstanceId().value(), args.leaseId().uuid(), args.attemptId().uuid(), args.leaseTtlMs(),
                args.attemptTimeoutMs(), HandleKind.FRESH);
        return new ClaimExecutionResult.Claimed(claimed(e, lease));
    }

    static ClaimedExecution claimed(ExecCore e, Claims.Lease lease) {
        Attempt a = lease.attempt();
        return new ClaimedExecution(e.executionId, new LeaseId(a.leaseId), a.leaseEpoch, a.attemptIndex,
                new AttemptId(a.attemptId), lease.attemptType(), a.leaseExpiresAtMs, lease.handle(), input(e));
    }

    /** What the worker needs to run the execution, so it never reads the database after a claim. */
    static ClaimedInput input(ExecCore e) {
        return new ClaimedInput(e.executionKind == null ? "" : e.executionKind,
                e.payload == null ? new byte[0] : e.payload, e.payloadEncoding, e.tagMap(),
                Policies.of(e));
    }
}
