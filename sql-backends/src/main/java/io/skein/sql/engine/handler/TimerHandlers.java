package io.skein.sql.engine.handler;

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
import io.skein.sql.engine.Attempt;
import io.skein.sql.engine.AttemptStore;
import io.skein.sql.engine.ExecCore;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.sql.engine.LeaseFenceCheck;
import io.skein.sql.engine.Lifecycle;
import io.skein.sql.engine.OutboxStore;
import io.skein.sql.engine.Policies;
import io.skein.sql.engine.Tx;
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

    // ------------------------------------------------------------------------------------ candidate selection

    public List<ExecutionId> dueLeaseExpiries(Tx tx) {
        return ids(tx, "SELECT e.partition_key, e.execution_id FROM ff_exec_core e JOIN ff_attempt a "
                + "ON a.partition_key = e.partition_key AND a.execution_id = e.execution_id "
                + "AND a.attempt_index = e.attempt_index WHERE e.lifecycle_phase = 'active' "
                + "AND e.ownership_state = 'leased' AND a.lease_expires_at_ms <= ?", tx.now());
    }

    public List<ExecutionId> reclaimable(Tx tx) {
        return ids(tx, "SELECT partition_key, execution_id FROM ff_exec_core WHERE lifecycle_phase = 'active' "
                + "AND ownership_state IN ('lease_expired_reclaimable', 'lease_revoked')");
    }

    public List<ExecutionId> dueAttemptTimeouts(Tx tx) {
        return ids(tx, "SELECT e.partition_key, e.execution_id FROM ff_exec_core e JOIN ff_attempt a "
                + "ON a.partition_key = e.partition_key AND a.execution_id = e.execution_id "
                + "AND a.attempt_index = e.attempt_index WHERE e.lifecycle_phase = 'active' "
                + "AND a.attempt_timeout_at_ms <= ?", tx.now());
    }

    public List<ExecutionId> dueDeadlines(Tx tx) {
        return ids(tx, "SELECT partition_key, execution_id FROM ff_exec_core WHERE lifecycle_phase <> 'terminal' "
                + "AND deadline_at_ms <= ?", tx.now());
    }

    public List<ExecutionId> dueDelays(Tx tx) {
        return ids(tx, "SELECT partition_key, execution_id FROM ff_exec_core WHERE lifecycle_phase = 'runnable' "
                + "AND eligibility_state = 'not_eligible_until_time' AND delay_until_ms <= ?", tx.now());
    }

    private static List<ExecutionId> ids(Tx tx, String sql, Object... params) {
        return tx.query(sql, rs -> new ExecutionId(rs.getInt("partition_key"), tx.uuid(rs, "execution_id")), params);
    }

    // ------------------------------------------------------------------------------------ items (one unit each)

    /** Timer 1, mark: a due lease is fenced and its attempt interrupted (spec 01 §8 "lease expiry mark"). */
    public void markLeaseExpiredIfDue(Tx tx, ExecutionId id, Long expectedVersion) {
        ExecCore e = ExecCoreStore.load(tx, id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.lifecyclePhase() != LifecyclePhase.ACTIVE
                || e.state.ownershipState() != OwnershipState.LEASED) {
            return;
        }
        Attempt a = ClaimExecutionHandler.current(tx, e);
        if (a == null || a.leaseExpiresAtMs == null || a.leaseExpiresAtMs > tx.now()) {
            return;
        }
        interruptForReclaim(tx, e, a, "lease_expired", "expired", OwnershipState.LEASE_EXPIRED_RECLAIMABLE);
        tx.countLeaseExpiry();
    }

    /** The attempt ends {@code interrupted_reclaimed}: shared by lease expiry and revocation. */
    public static void interruptForReclaim(Tx tx, ExecCore e, Attempt a, String reason, String leaseEventType,
                                           OwnershipState ownership) {
        a.failureReason = reason;
        Lifecycle.endAttempt(tx, a, AttemptLifecycle.INTERRUPTED_RECLAIMED);
        a.leaseExpiresAtMs = null;
        a.attemptTimeoutAtMs = null;
        AttemptStore.save(tx, a);
        Lifecycle.closeStream(tx, e, a, reason);
        OutboxStore.lease(tx, e, a.leaseId, a.leaseEpoch, a.workerInstanceId, leaseEventType, reason);
        e.transition(new StateVector(LifecyclePhase.ACTIVE, ownership, EligibilityState.NOT_APPLICABLE,
                BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), tx.now());
        ExecCoreStore.save(tx, e);
    }

    /** Timer 1, re-queue: a fenced execution becomes claimable again, or ends {@code expired} at the reclaim cap. */
    public void requeueReclaimable(Tx tx, ExecutionId id, Long expectedVersion) {
        ExecCore e = ExecCoreStore.load(tx, id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.lifecyclePhase() != LifecyclePhase.ACTIVE) {
            return;
        }
        OwnershipState own = e.state.ownershipState();
        if (own != OwnershipState.LEASE_EXPIRED_RECLAIMABLE && own != OwnershipState.LEASE_REVOKED) {
            return;
        }
        if (e.leaseReclaimCount >= reclaimCap(e, null)) {
            e.failureReason = "max_reclaims_exceeded";
            lifecycle.finishTerminal(tx, e, TerminalOutcome.EXPIRED, true);
            return;
        }
        e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED, EligibilityState.ELIGIBLE_NOW,
                BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), tx.now());
        ExecCoreStore.save(tx, e);
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
    public void expireAttempt(Tx tx, ExecutionId id, Long expectedVersion) {
        ExecCore e = ExecCoreStore.load(tx, id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.lifecyclePhase() != LifecyclePhase.ACTIVE) {
            return;
        }
        Attempt a = ClaimExecutionHandler.current(tx, e);
        if (a == null || a.attemptTimeoutAtMs == null || a.attemptTimeoutAtMs > tx.now()) {
            return;
        }
        attempts.failFenced(tx, new AttemptHandlers.Fenced(e, a, LeaseFenceCheck.Outcome.PASSED), "attempt_timeout",
                FailureClass.TIMEOUT.wire(), FailureClass.TIMEOUT, null);
    }

    /** Timer 3: a non-terminal execution past its deadline ends {@code expired}. */
    public void expireDeadline(Tx tx, ExecutionId id, Long expectedVersion) {
        ExecCore e = ExecCoreStore.load(tx, id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.isTerminal() || e.deadlineAtMs == null
                || e.deadlineAtMs > tx.now()) {
            return;
        }
        Attempt a = ClaimExecutionHandler.current(tx, e);
        if (e.state.lifecyclePhase() == LifecyclePhase.ACTIVE && a != null) {
            a.failureReason = "execution_deadline";
            Lifecycle.endAttempt(tx, a, AttemptLifecycle.ENDED_FAILURE);
            Lifecycle.releaseLease(tx, e, a, "expired:execution_deadline");
            AttemptStore.save(tx, a);
            Lifecycle.closeStream(tx, e, a, "expired");
        } else if (e.state.lifecyclePhase() == LifecyclePhase.SUSPENDED) {
            AttemptHandlers.closeSuspension(tx, e, "expired");
            if (a != null) {
                Lifecycle.endAttempt(tx, a, AttemptLifecycle.ENDED_FAILURE);
                AttemptStore.save(tx, a);
                Lifecycle.closeStream(tx, e, a, "expired");
            }
        }
        e.failureReason = "execution_deadline";
        lifecycle.finishTerminal(tx, e, TerminalOutcome.EXPIRED, e.totalAttemptCount > 0);
    }

    /** Timer 6: a due delay makes the execution eligible; {@code attempt_state} is kept. */
    public void promoteDelayed(Tx tx, ExecutionId id, Long expectedVersion) {
        ExecCore e = ExecCoreStore.load(tx, id).orElse(null);
        if (e == null || stale(e, expectedVersion) || e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || e.state.eligibilityState() != EligibilityState.NOT_ELIGIBLE_UNTIL_TIME
                || e.delayUntilMs == null || e.delayUntilMs > tx.now()) {
            return;
        }
        e.delayUntilMs = null;
        e.transition(e.state.withEligibility(EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER),
                tx.now());
        ExecCoreStore.save(tx, e);
    }

    /** Timer 7: expired grants are deleted; their executions stay eligible and are found again. */
    public int expireGrants(Tx tx) {
        return tx.update("DELETE FROM ff_claim_grant WHERE expires_at_ms <= ?", tx.now());
    }

    /** Timer 7 for one execution: deletes its expired grants ({@code grantId}'s alone when given). */
    public int expireGrants(Tx tx, ExecutionId id, byte[] grantId) {
        int deleted = grantId != null
                ? tx.update("DELETE FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? "
                        + "AND grant_id = ? AND expires_at_ms <= ?", id.partition(), id.uuid(), grantId, tx.now())
                : tx.update("DELETE FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? "
                        + "AND expires_at_ms <= ?", id.partition(), id.uuid(), tx.now());
        if (deleted > 0) {
            tx.touched(id);
        }
        return deleted;
    }

    private static boolean stale(ExecCore e, Long expectedVersion) {
        return expectedVersion != null && expectedVersion != e.stateVersion;
    }
}
