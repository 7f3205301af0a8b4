package io.skein.sql.engine.handler;

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
import io.skein.sql.engine.Attempt;
import io.skein.sql.engine.AttemptStore;
import io.skein.sql.engine.Claims;
import io.skein.sql.engine.ExecCore;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.sql.engine.Grant;
import io.skein.sql.engine.GrantStore;
import io.skein.sql.engine.Policies;
import io.skein.sql.engine.Tx;

/**
 * {@code claimExecution} (spec 02 §9): a fresh claim that consumes the execution's {@code claim} grant. Gates in
 * the order of spec 01 §8; a rejected claim leaves the grant in place.
 */
public final class ClaimExecutionHandler {

    private volatile SchedulerHandlers.Admission admission = SchedulerHandlers.Admission.ALWAYS;

    public void setAdmission(SchedulerHandlers.Admission admission) {
        this.admission = admission;
    }

    public ClaimExecutionResult apply(Tx tx, ClaimExecutionArgs args) {
        ExecCoreStore.WithAttempt loaded = ExecCoreStore.requireWithCurrent(tx, args.executionId());
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        Claims.checkFreshClaimable(e, current);
        Grant grant = Grants.requireUsable(tx, e.executionId, "claim", args.workerId().value(), args.grantKey());
        if (grant.isLaneGrant() && !admission.admitAtLaneClaim(tx, e)) {
            // Kafka mode admits quota when a lane grant is used (05 §7): the refusal parks the execution and stays
            throw EngineException.afterEffects(new EngineError.Contention(ContentionKind.EXECUTION_NOT_ELIGIBLE,
                    "admission refused the claim: " + e.blockingDetail, null));
        }
        GrantStore.delete(tx, grant);
        if (args.executionDeadlineAt() != null) {
            e.deadlineAtMs = args.executionDeadlineAt();
        }
        Claims.Lease lease = Claims.openAttempt(tx, e, current, Claims.freshType(e), args.workerId().value(),
                args.workerInstanceId().value(), args.leaseId().uuid(), args.attemptId().uuid(), args.leaseTtlMs(),
                args.attemptTimeoutMs(), HandleKind.FRESH);
        return new ClaimExecutionResult.Claimed(claimed(e, lease));
    }

    static Attempt current(Tx tx, ExecCore e) {
        return e.totalAttemptCount == 0 ? null : AttemptStore.load(tx, e.executionId, e.attemptIndex).orElse(null);
    }

    static ClaimedExecution claimed(ExecCore e, Claims.Lease lease) {
        Attempt a = lease.attempt();
        return new ClaimedExecution(e.executionId, new LeaseId(a.leaseId), a.leaseEpoch, a.attemptIndex,
                new AttemptId(a.attemptId), lease.attemptType(), a.leaseExpiresAtMs, lease.handle(), input(e));
    }

    /** What the worker needs to run the execution, so it never reads the database after a claim. */
    static ClaimedInput input(ExecCore e) {
        return new ClaimedInput(e.executionKind == null ? "" : e.executionKind,
                e.payload == null ? new byte[0] : e.payload, e.payloadEncoding, ExecutionReads.tags(e),
                Policies.of(e));
    }
}
