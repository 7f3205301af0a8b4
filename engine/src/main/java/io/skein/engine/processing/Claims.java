package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Attempt;

import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.AttemptId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptState;
import io.skein.core.state.AttemptType;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import java.util.UUID;

/**
 * Claim routing (spec 01 §9) and the two ways a lease is issued: a fresh claim opens a new attempt, a resumed
 * claim continues the suspended one. Every lease uses the previous maximum epoch + 1 (spec 01 §7).
 */
public final class Claims {

    /** Where a claim of the execution would go now. */
    public enum Route { FRESH, RESUMED, NONE }

    /** A lease just issued: the attempt row after the claim and the handle for the worker. */
    public record Lease(Attempt attempt, Handle handle, AttemptType attemptType) {}

    private Claims() {}

    /** Routing per spec 01 §9, from the attempt state and the current attempt's lifecycle. */
    public static Route route(ExecCore e, Attempt current) {
        AttemptState s = e.state.attemptState();
        switch (s) {
            case NONE, PENDING_FIRST_ATTEMPT, PENDING_RETRY_ATTEMPT, PENDING_REPLAY_ATTEMPT:
                return Route.FRESH;
            case ATTEMPT_INTERRUPTED:
                return current != null && current.lifecycle == AttemptLifecycle.SUSPENDED ? Route.RESUMED : Route.FRESH;
            default:
                return Route.NONE;
        }
    }

    /** The type of the next fresh attempt (spec 01 §9). */
    public static AttemptType freshType(ExecCore e) {
        switch (e.state.attemptState()) {
            case PENDING_RETRY_ATTEMPT: return AttemptType.RETRY;
            case PENDING_REPLAY_ATTEMPT: return AttemptType.REPLAY;
            case ATTEMPT_INTERRUPTED: return AttemptType.RECLAIM;
            default: return AttemptType.INITIAL;
        }
    }

    /**
     * The gates of a fresh claim (spec 01 §8), in order, before any grant check: runnable, unowned, eligible,
     * no running attempt, routed fresh.
     */
    public static void checkFreshClaimable(ExecCore e, Attempt current) {
        if (e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE) {
            throw LeaseFenceCheck.notActive(e, current);
        }
        if (e.state.ownershipState() != OwnershipState.UNOWNED) {
            throw new EngineException(new EngineError.Contention(ContentionKind.LEASE_CONFLICT,
                    "expected ownership unowned, found " + e.state.ownershipState().wire(), null));
        }
        if (e.state.eligibilityState() != EligibilityState.ELIGIBLE_NOW) {
            throw new EngineException(new EngineError.Contention(ContentionKind.EXECUTION_NOT_LEASEABLE,
                    "expected eligibility eligible_now, found " + e.state.eligibilityState().wire(), null));
        }
        if (e.state.attemptState() == AttemptState.RUNNING_ATTEMPT) {
            throw new EngineException(new EngineError.Conflict(ConflictKind.ACTIVE_ATTEMPT_EXISTS,
                    "attempt " + e.attemptIndex + " is running"));
        }
        if (route(e, current) != Route.FRESH) {
            throw EngineError.contention(ContentionKind.USE_CLAIM_RESUMED_EXECUTION);
        }
    }

    /** The gates of a resumed claim (spec 01 §8). */
    public static void checkResumedClaimable(ExecCore e, Attempt current) {
        if (e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || e.state.eligibilityState() != EligibilityState.ELIGIBLE_NOW) {
            throw new EngineException(new EngineError.Contention(ContentionKind.EXECUTION_NOT_LEASEABLE,
                    "expected runnable and eligible_now, found " + e.state.lifecyclePhase().wire() + " / "
                            + e.state.eligibilityState().wire(), null));
        }
        if (route(e, current) != Route.RESUMED) {
            throw EngineError.contention(ContentionKind.NOT_A_RESUMED_EXECUTION);
        }
        if (e.state.ownershipState() != OwnershipState.UNOWNED) {
            throw EngineError.contention(ContentionKind.LEASE_CONFLICT);
        }
    }

    /**
     * Opens a new attempt under a new lease (fresh claim or reclaim) and writes both rows. The caller has checked
     * the gates and consumed any grant.
     */
    public static Lease openAttempt(EngineUnit unit, ExecCore e, Attempt previous, AttemptType type, String workerId,
                                    String workerInstanceId, UUID leaseId, UUID attemptId, long leaseTtlMs,
                                    Long attemptTimeoutMs, HandleKind kind) {
        long now = unit.now();
        Attempt a = new Attempt();
        a.executionId = e.executionId;
        a.attemptIndex = e.totalAttemptCount;
        a.attemptId = attemptId;
        a.leaseId = leaseId;
        a.attemptType = type;
        a.lifecycle = AttemptLifecycle.STARTED;
        a.workerId = workerId;
        a.workerInstanceId = workerInstanceId;
        // no attempt row exists before the first claim (total_attempt_count 0), so the first lease has epoch 1
        a.leaseEpoch = (e.totalAttemptCount == 0 ? 0 : unit.executions().maxEpoch(e.executionId)) + 1;
        a.leaseExpiresAtMs = leaseExpiry(now, leaseTtlMs);
        a.leaseAcquiredAtMs = now;
        a.leaseTtlMs = leaseTtlMs;
        a.createdAtMs = now;
        a.startedAtMs = now;
        a.attemptTimeoutAtMs = attemptTimeoutMs(e, attemptTimeoutMs, now);
        switch (type) {
            case RETRY -> {
                a.previousAttemptIndex = e.pendingPreviousAttemptIndex != null ? e.pendingPreviousAttemptIndex
                        : previous == null ? null : previous.attemptIndex;
                a.lineageReason = e.pendingRetryReason;
            }
            case REPLAY -> {
                a.previousAttemptIndex = previous == null ? null : previous.attemptIndex;
                a.lineageReason = e.pendingReplayReason;
                a.replayRequestedBy = e.pendingReplayRequestedBy;
            }
            case RECLAIM -> {
                a.previousAttemptIndex = previous == null ? null : previous.attemptIndex;
                a.lineageReason = previous == null ? "lease_expired" : previous.lineageReasonForReclaim();
            }
            default -> { }
        }
        unit.executions().insert(a);
        unit.countClaim(e.laneId, waitedSinceClaimable(e, now));

        e.transition(StateVector.LEASED_RUNNING, now);
        e.attemptIndex = a.attemptIndex;
        e.totalAttemptCount = a.attemptIndex + 1;
        if (e.startedAtMs == null) {
            e.startedAtMs = now;
        }
        e.delayUntilMs = null;
        e.pendingRetryReason = null;
        e.pendingPreviousAttemptIndex = null;
        e.pendingReplayReason = null;
        e.pendingReplayRequestedBy = null;
        if (type == AttemptType.RECLAIM) {
            e.leaseReclaimCount++;
        }
        unit.executions().save(e);
        unit.events().lease(e, leaseId, a.leaseEpoch, workerInstanceId,
                type == AttemptType.RECLAIM && kind == HandleKind.RECLAIMED ? "reclaimed" : "acquired", type.wire());
        return new Lease(a, handle(unit, kind, e, a), type);
    }

    /** Continues the suspended attempt under a new lease (resumed claim). */
    public static Lease resumeAttempt(EngineUnit unit, ExecCore e, Attempt a, String workerId, String workerInstanceId,
                                      UUID leaseId, long leaseTtlMs, Long remainingAttemptTimeoutMs) {
        long now = unit.now();
        a.lifecycle = AttemptLifecycle.STARTED;
        a.resumedAtMs = now;
        a.workerId = workerId;
        a.workerInstanceId = workerInstanceId;
        a.leaseId = leaseId;
        a.leaseEpoch = unit.executions().maxEpoch(e.executionId) + 1;
        a.leaseExpiresAtMs = leaseExpiry(now, leaseTtlMs);
        a.leaseAcquiredAtMs = now;
        a.leaseTtlMs = leaseTtlMs;
        if (remainingAttemptTimeoutMs != null) {
            a.attemptTimeoutAtMs = now + remainingAttemptTimeoutMs;
        }
        unit.executions().save(a);
        unit.countClaim(e.laneId, waitedSinceClaimable(e, now));
        e.transition(StateVector.LEASED_RUNNING, now);
        e.delayUntilMs = null;
        unit.executions().save(e);
        unit.events().lease(e, leaseId, a.leaseEpoch, workerInstanceId, "acquired", "claim_resumed");
        return new Lease(a, handle(unit, HandleKind.RESUMED, e, a), a.attemptType);
    }

    /**
     * Schedule-to-start: since the execution's last transition before this claim, which made it claimable (created,
     * promoted from a delay or a retry backoff, resumed, re-queued after a lease expiry).
     */
    private static long waitedSinceClaimable(ExecCore e, long now) {
        long since = e.lastTransitionAtMs != null ? e.lastTransitionAtMs : e.createdAtMs;
        return Math.max(0, now - since);
    }

    public static Handle handle(EngineUnit unit, HandleKind kind, ExecCore e, Attempt a) {
        return unit.handles().issue(kind, new HandleFields(e.executionId, a.attemptIndex, new AttemptId(a.attemptId),
                new LeaseId(a.leaseId), a.leaseEpoch, a.leaseTtlMs == null ? 0 : a.leaseTtlMs, LaneId.of(e.laneId),
                WorkerInstanceId.of(a.workerInstanceId)));
    }

    /**
     * When a lease taken or renewed at {@code now} for {@code ttlMs} ends. Arguments bound the TTL; a sum that
     * still does not fit a timestamp is refused, never wrapped into the past.
     */
    public static long leaseExpiry(long now, long ttlMs) {
        try {
            return Math.addExact(now, ttlMs);
        } catch (ArithmeticException e) {
            throw EngineError.invalidInput("lease_ttl_ms: " + ttlMs + " ms from now is past the end of time");
        }
    }

    /** An explicit attempt timeout wins; else the frozen policy's {@code attempt_timeout_ms}; else none. */
    private static Long attemptTimeoutMs(ExecCore e, Long explicit, long now) {
        if (explicit != null && explicit > 0) {
            return now + explicit;
        }
        ExecutionPolicy policy = Policies.of(e);
        if (policy.timeoutPolicy() != null && policy.timeoutPolicy().attemptTimeoutMs() != null) {
            return now + policy.timeoutPolicy().attemptTimeoutMs();
        }
        return null;
    }
}
