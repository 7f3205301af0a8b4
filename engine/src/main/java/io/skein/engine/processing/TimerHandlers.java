package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.core.api.FailureClass;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import java.util.List;

/**
 * The execution timers of spec 05 §4 (1 lease expiry + re-queue, 2 attempt timeout, 3 execution deadline,
 * 6 delayed promotion, 7 grant expiry). Each item is its own unit that re-checks its predicate (and the armed
 * {@code state_version} when the caller passes one): a late timer acts once, a repeated or stale one does nothing
 * (D3).
 */
public final class TimerHandlers {

    /** Reclaim cap when neither the policy nor the call names one (spec 01 §11). */
    public static final int DEFAULT_RECLAIM_CAP = 1000;

    private final Lifecycle lifecycle;
    private final AttemptHandlers attempts;

    public TimerHandlers(Lifecycle lifecycle, AttemptHandlers attempts) {
        this.lifecycle = lifecycle;
        this.attempts = attempts;
    }

    // ------------------------------------------------------------------------------------ items (one unit each)

    /** Timer 1, mark: a due lease is fenced and its attempt interrupted (spec 01 §8 "lease expiry mark"). */
    public void markLeaseExpiredIfDue(EngineUnit unit, ExecutionId id, Long expectedVersion) {
        ExecCore e = unit.executions().load(id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.lifecyclePhase() != LifecyclePhase.ACTIVE
                || e.state.ownershipState() != OwnershipState.LEASED) {
            return;
        }
        Attempt a = unit.executions().currentAttempt(e);
        if (a == null || a.leaseExpiresAtMs == null || a.leaseExpiresAtMs > unit.now()) {
            return;
        }
        interruptForReclaim(unit, e, a, "lease_expired", "expired", OwnershipState.LEASE_EXPIRED_RECLAIMABLE);
        unit.countLeaseExpiry();
    }

    /** The attempt ends {@code interrupted_reclaimed}: shared by lease expiry and revocation. */
    public static void interruptForReclaim(EngineUnit unit, ExecCore e, Attempt a, String reason, String leaseEventType,
                                           OwnershipState ownership) {
        a.failureReason = reason;
        Lifecycle.endAttempt(unit, a, AttemptLifecycle.INTERRUPTED_RECLAIMED);
        a.leaseExpiresAtMs = null;
        a.attemptTimeoutAtMs = null;
        unit.executions().save(a);
        Lifecycle.closeStream(unit, e, a, reason);
        unit.events().lease(e, a.leaseId, a.leaseEpoch, a.workerInstanceId, leaseEventType, reason);
        e.transition(new StateVector(LifecyclePhase.ACTIVE, ownership, EligibilityState.NOT_APPLICABLE,
                BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), unit.now());
        unit.executions().save(e);
    }

    /** Timer 1, re-queue: a fenced execution becomes claimable again, or ends {@code expired} at the reclaim cap. */
    public void requeueReclaimable(EngineUnit unit, ExecutionId id, Long expectedVersion) {
        ExecCore e = unit.executions().load(id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.lifecyclePhase() != LifecyclePhase.ACTIVE) {
            return;
        }
        OwnershipState own = e.state.ownershipState();
        if (own != OwnershipState.LEASE_EXPIRED_RECLAIMABLE && own != OwnershipState.LEASE_REVOKED) {
            return;
        }
        if (e.leaseReclaimCount >= reclaimCap(e, null)) {
            e.failureReason = "max_reclaims_exceeded";
            lifecycle.finishTerminal(unit, e, TerminalOutcome.EXPIRED, true);
            return;
        }
        e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED, EligibilityState.ELIGIBLE_NOW,
                BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), unit.now());
        unit.executions().save(e);
    }

    /** {@code cap} = policy {@code max_reclaim_count}, else the call argument, else 1000 (spec 01 §11). */
    public static int reclaimCap(ExecCore e, Integer callArgument) {
        ExecutionPolicy p = Policies.of(e);
        if (p.maxReclaimCount() != null) {
            return p.maxReclaimCount();
        }
        return callArgument != null ? callArgument : DEFAULT_RECLAIM_CAP;
    }

    /** Timer 2: an attempt past its timeout fails with class {@code timeout} (retry or terminal, D4). */
    public void expireAttempt(EngineUnit unit, ExecutionId id, Long expectedVersion) {
        ExecCore e = unit.executions().load(id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.lifecyclePhase() != LifecyclePhase.ACTIVE) {
            return;
        }
        Attempt a = unit.executions().currentAttempt(e);
        if (a == null || a.attemptTimeoutAtMs == null || a.attemptTimeoutAtMs > unit.now()) {
            return;
        }
        attempts.failFenced(unit, new AttemptHandlers.Fenced(e, a, LeaseFenceCheck.Outcome.PASSED), "attempt_timeout",
                FailureClass.TIMEOUT.wire(), FailureClass.TIMEOUT, null);
    }

    /** Timer 3: a non-terminal execution past its deadline ends {@code expired}. */
    public void expireDeadline(EngineUnit unit, ExecutionId id, Long expectedVersion) {
        ExecCore e = unit.executions().load(id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.isTerminal() || e.deadlineAtMs == null
                || e.deadlineAtMs > unit.now()) {
            return;
        }
        Attempt a = unit.executions().currentAttempt(e);
        if (e.state.lifecyclePhase() == LifecyclePhase.ACTIVE && a != null) {
            a.failureReason = "execution_deadline";
            Lifecycle.endAttempt(unit, a, AttemptLifecycle.ENDED_FAILURE);
            Lifecycle.releaseLease(unit, e, a, "expired:execution_deadline");
            unit.executions().save(a);
            Lifecycle.closeStream(unit, e, a, "expired");
        } else {
            if (e.state.lifecyclePhase() == LifecyclePhase.SUSPENDED) {
                AttemptHandlers.closeSuspension(unit, e, "expired");
            }
            // runnable after a worker delay or wait_children, or suspended: the parked attempt ends with it
            Lifecycle.endParkedAttempt(unit, e, a, AttemptLifecycle.ENDED_FAILURE, "execution_deadline", "expired");
        }
        e.failureReason = "execution_deadline";
        lifecycle.finishTerminal(unit, e, TerminalOutcome.EXPIRED, e.totalAttemptCount > 0);
    }

    /** Timer 6: a due delay makes the execution eligible; {@code attempt_state} is kept. */
    public void promoteDelayed(EngineUnit unit, ExecutionId id, Long expectedVersion) {
        ExecCore e = unit.executions().load(id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || e.state.eligibilityState() != EligibilityState.NOT_ELIGIBLE_UNTIL_TIME
                || e.delayUntilMs == null || e.delayUntilMs > unit.now()) {
            return;
        }
        // A retry's delay_until stays until the retry is claimed: a worker that repeats its fail after the promotion
        // (replay reconciliation, spec 01 §7) is answered RetryScheduled with this stored value, as it was the first
        // time (the zero-backoff retry keeps it the same way). Every other delay is cleared.
        if (e.state.attemptState() != AttemptState.PENDING_RETRY_ATTEMPT) {
            e.delayUntilMs = null;
        }
        e.transition(e.state.withEligibility(EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER),
                unit.now());
        unit.executions().save(e);
    }

    /** Timer 7: expired grants are deleted; their executions stay eligible and are found again. */
    public int expireGrants(EngineUnit unit) {
        return unit.grants().deleteExpired(unit.now());
    }

    /** Timer 7 for one execution: deletes its expired grants ({@code grantId}'s alone when given). */
    public int expireGrants(EngineUnit unit, ExecutionId id, byte[] grantId) {
        return unit.grants().deleteExpired(id, grantId, unit.now());
    }

    private static boolean stale(ExecCore e, Long expectedVersion) {
        return expectedVersion != null && expectedVersion != e.stateVersion;
    }
}
