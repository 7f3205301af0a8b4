package io.skein.sql.engine.handler;

import io.skein.core.api.CancelSource;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.LeaseRenewal;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CancelExecutionResult;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.CompleteExecutionResult;
import io.skein.core.api.execution.FailExecutionArgs;
import io.skein.core.api.execution.FailExecutionResult;
import io.skein.core.api.execution.RenewLeaseArgs;
import io.skein.core.api.execution.RenewLeaseResult;
import io.skein.core.api.policy.RetryDecision;
import io.skein.core.api.policy.RetryPolicy;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
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
import io.skein.sql.engine.LeaseFenceCheck.FenceSource;
import io.skein.sql.engine.LeaseFenceCheck.FencedOp;
import io.skein.sql.engine.LeaseFenceCheck.Presented;
import io.skein.sql.engine.Lifecycle;
import io.skein.sql.engine.Policies;
import io.skein.sql.engine.Tx;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The lease holder's operations on its attempt, handle-based (spec 02 §2) and service-layer with an explicit
 * fence triple (spec 02 §3): renew, progress, complete, fail, cancel, delay, wait for children. Every one passes
 * the fence check of spec 01 §7 first; terminal ones are replay-safe.
 */
public final class AttemptHandlers {

    private final Lifecycle lifecycle;
    private final RandomGenerator random;

    public AttemptHandlers(Lifecycle lifecycle, RandomGenerator random) {
        this.lifecycle = lifecycle;
        this.random = random;
    }

    /** The execution, its current attempt and the fence outcome. */
    record Fenced(ExecCore execution, Attempt attempt, LeaseFenceCheck.Outcome outcome) {
        boolean replayed() {
            return outcome == LeaseFenceCheck.Outcome.REPLAYED;
        }
    }

    static Fenced fence(Tx tx, ExecutionId id, Presented presented, FenceSource source, FencedOp op) {
        ExecCoreStore.WithAttempt loaded = ExecCoreStore.requireWithCurrent(tx, id);
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        return new Fenced(e, current, LeaseFenceCheck.check(tx, e, current, presented, source, op));
    }

    static Presented presented(HandleFields h) {
        return new Presented(h.leaseId().uuid(), h.leaseEpoch(), h.attemptId().uuid(), h.attemptIndex());
    }

    /**
     * The presented fence of a service-layer call: the triple when given; without one, an {@code operator_override}
     * is fenced against the current lease itself, anything else is {@code fence_required}.
     */
    static Presented serviceFence(Tx tx, ExecutionId id, LeaseFence fence, CancelSource source, int attemptIndex) {
        if (fence != null) {
            return new Presented(fence.leaseId().uuid(), fence.leaseEpoch(), fence.attemptId().uuid(), attemptIndex);
        }
        if (source == null || !source.isOperatorOverride()) {
            throw EngineError.invalidInput("fence_required");
        }
        ExecCoreStore.WithAttempt loaded = ExecCoreStore.requireWithCurrent(tx, id);
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        if (current == null) {
            return new Presented(null, -1, null, null);
        }
        return new Presented(current.leaseId, current.leaseEpoch, current.attemptId, current.attemptIndex);
    }

    // --------------------------------------------------------------------------------------------- renew, progress

    public LeaseRenewal renew(Tx tx, HandleFields h) {
        Fenced f = fence(tx, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.RENEW);
        return extend(tx, f.attempt(), h.leaseTtlMs());
    }

    public RenewLeaseResult renewLease(Tx tx, RenewLeaseArgs args) {
        LeaseFence fc = args.fence();
        Fenced f = fence(tx, args.executionId(), new Presented(fc.leaseId().uuid(), fc.leaseEpoch(),
                fc.attemptId().uuid(), args.attemptIndex()), FenceSource.TRIPLE, FencedOp.RENEW);
        return new RenewLeaseResult.Renewed(extend(tx, f.attempt(), args.leaseTtlMs()).expiresAtMs());
    }

    private static LeaseRenewal extend(Tx tx, Attempt a, long ttlMs) {
        a.leaseExpiresAtMs = tx.now() + ttlMs;
        a.leaseRenewedAtMs = tx.now();
        a.leaseTtlMs = ttlMs;
        AttemptStore.save(tx, a);
        return new LeaseRenewal(a.leaseExpiresAtMs, a.leaseEpoch);
    }

    public static void validateProgress(Integer percent, String message) {
        if (percent != null && (percent < 0 || percent > 100)) {
            throw EngineError.invalidInput("percent: must be 0..100");
        }
        if (message != null && message.getBytes(StandardCharsets.UTF_8).length > 4096) {
            throw EngineError.invalidInput("message: longer than 4096 bytes");
        }
    }

    public void progress(Tx tx, HandleFields h, Integer percent, String message) {
        Fenced f = fence(tx, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.PROGRESS);
        ExecCore e = f.execution();
        e.progressPct = percent;
        e.progressMessage = message;
        e.progressUpdatedAtMs = tx.now();
        ExecCoreStore.save(tx, e);
    }

    // --------------------------------------------------------------------------------------------- complete

    public static void validateResult(byte[] payload) {
        if (payload != null && payload.length > CreateExecutionHandler.MAX_PAYLOAD_BYTES) {
            throw EngineError.validation(ValidationKind.PAYLOAD_TOO_LARGE, "result: " + payload.length
                    + " bytes exceeds " + CreateExecutionHandler.MAX_PAYLOAD_BYTES);
        }
    }

    public void complete(Tx tx, HandleFields h, byte[] payload) {
        Fenced f = fence(tx, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.COMPLETE);
        if (!f.replayed()) {
            completeFenced(tx, f, payload, null);
        }
    }

    public CompleteExecutionResult completeExecution(Tx tx, CompleteExecutionArgs args) {
        Presented p = serviceFence(tx, args.executionId(), args.fence(), args.source(), args.attemptIndex());
        Fenced f = fence(tx, args.executionId(), p, FenceSource.TRIPLE, FencedOp.COMPLETE);
        if (!f.replayed()) {
            completeFenced(tx, f, args.resultPayload(), args.resultEncoding());
        }
        return new CompleteExecutionResult.Completed(args.executionId(), f.execution().state.publicState());
    }

    private void completeFenced(Tx tx, Fenced f, byte[] payload, String encoding) {
        ExecCore e = f.execution();
        Attempt a = f.attempt();
        Lifecycle.endAttempt(tx, a, AttemptLifecycle.ENDED_SUCCESS);
        Lifecycle.releaseLease(tx, e, a, "completed");
        AttemptStore.save(tx, a);
        Lifecycle.closeStream(tx, e, a, "attempt_success");
        e.result = payload == null || payload.length == 0 ? null : payload;
        e.resultEncoding = e.result == null ? null : encoding;
        e.failureReason = null;
        e.failureCategory = null;
        lifecycle.finishTerminal(tx, e, TerminalOutcome.SUCCESS, true);
    }

    // --------------------------------------------------------------------------------------------- fail

    public FailOutcome fail(Tx tx, HandleFields h, String message, byte[] detail, FailureClass failureClass) {
        Fenced f = fence(tx, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.FAIL);
        String category = detail != null && detail.length > 0 ? new String(detail, StandardCharsets.UTF_8)
                : failureClass.wire();
        FailExecutionResult r = f.replayed() ? replayedFail(f.execution())
                : failFenced(tx, f, message, category, failureClass, null);
        if (r instanceof FailExecutionResult.RetryScheduled rs) {
            return new FailOutcome.RetryScheduled(rs.delayUntil());
        }
        return new FailOutcome.TerminalFailed();
    }

    public FailExecutionResult failExecution(Tx tx, FailExecutionArgs args) {
        RetryPolicy override = args.retryPolicyJson() == null || args.retryPolicyJson().isEmpty()
                ? null : RetryPolicy.parse(args.retryPolicyJson());
        Presented p = serviceFence(tx, args.executionId(), args.fence(), args.source(), args.attemptIndex());
        Fenced f = fence(tx, args.executionId(), p, FenceSource.TRIPLE, FencedOp.FAIL);
        if (f.replayed()) {
            return replayedFail(f.execution());
        }
        String category = args.failureCategory() == null || args.failureCategory().isEmpty()
                ? args.failureClass().wire() : args.failureCategory();
        return failFenced(tx, f, args.failureReason(), category, args.failureClass(), override);
    }

    private static FailExecutionResult replayedFail(ExecCore e) {
        if (e.state.lifecyclePhase() == LifecyclePhase.TERMINAL) {
            return new FailExecutionResult.TerminalFailed();
        }
        return new FailExecutionResult.RetryScheduled(e.delayUntilMs == null ? 0 : e.delayUntilMs, e.totalAttemptCount);
    }

    /**
     * Ends the attempt as failed and decides retry or terminal failure (D4, spec 01 §10). Also used by the
     * attempt-timeout timer with class {@code timeout}.
     */
    public FailExecutionResult failFenced(Tx tx, Fenced f, String reason, String category, FailureClass failureClass,
                                          RetryPolicy override) {
        ExecCore e = f.execution();
        Attempt a = f.attempt();
        RetryPolicy policy = override != null ? override : Policies.of(e).retryPolicy();
        RetryDecision decision = policy.decide(failureClass, e.retryCount, random);
        a.failureReason = reason;
        a.failureCategory = category;
        Lifecycle.endAttempt(tx, a, AttemptLifecycle.ENDED_FAILURE);
        Lifecycle.releaseLease(tx, e, a, decision instanceof RetryDecision.Retry ? "failed_retry_scheduled"
                : "failed_terminal");
        AttemptStore.save(tx, a);
        Lifecycle.closeStream(tx, e, a, "attempt_failure");
        if (decision instanceof RetryDecision.Retry retry) {
            long delayUntil = tx.now() + retry.delayMs();
            e.retryCount++;
            e.pendingRetryReason = reason;
            e.pendingPreviousAttemptIndex = a.attemptIndex;
            // Stored even with zero backoff (already eligible): a replayed fail answers the same delay_until (01 §7).
            e.delayUntilMs = delayUntil;
            if (retry.delayMs() <= 0) {
                e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                        EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE,
                        AttemptState.PENDING_RETRY_ATTEMPT), tx.now());
            } else {
                e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                        EligibilityState.NOT_ELIGIBLE_UNTIL_TIME, BlockingReason.WAITING_FOR_RETRY_BACKOFF,
                        TerminalOutcome.NONE, AttemptState.PENDING_RETRY_ATTEMPT), tx.now());
            }
            ExecCoreStore.save(tx, e);
            return new FailExecutionResult.RetryScheduled(delayUntil, e.totalAttemptCount);
        }
        e.failureReason = reason;
        e.failureCategory = category;
        lifecycle.finishTerminal(tx, e, TerminalOutcome.FAILED, true);
        return new FailExecutionResult.TerminalFailed();
    }

    // --------------------------------------------------------------------------------------------- cancel

    public void cancel(Tx tx, HandleFields h, String reason) {
        Fenced f = fence(tx, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.CANCEL);
        if (!f.replayed()) {
            cancelNow(tx, f.execution(), f.attempt(), reason, CancelSource.LEASE_HOLDER.value());
        }
    }

    public CancelExecutionResult cancelExecution(Tx tx, CancelExecutionArgs args) {
        ExecCoreStore.WithAttempt loaded = ExecCoreStore.requireWithCurrent(tx, args.executionId());
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        if (e.state.lifecyclePhase() == LifecyclePhase.TERMINAL) {
            if (e.state.terminalOutcome() == TerminalOutcome.CANCELLED) {
                return new CancelExecutionResult.Cancelled(e.executionId, e.state.publicState());
            }
            throw LeaseFenceCheck.notActive(e, current);
        }
        CancelSource source = args.source() == null ? CancelSource.OPERATOR_OVERRIDE : args.source();
        int given = (args.leaseId() != null ? 1 : 0) + (args.leaseEpoch() != null ? 1 : 0)
                + (args.attemptId() != null ? 1 : 0);
        if (e.state.lifecyclePhase() == LifecyclePhase.ACTIVE && !source.isOperatorOverride()) {
            if (e.state.ownershipState() == OwnershipState.LEASE_REVOKED) {
                throw EngineError.state(StateKind.LEASE_REVOKED, "the lease was revoked");
            }
            if (e.state.ownershipState() == OwnershipState.LEASED && args.leaseEpoch() == null) {
                throw EngineError.invalidInput("fence_required");
            }
            if (given > 0 && given < 3 && args.leaseEpoch() == null) {
                throw EngineError.invalidInput("partial_fence_triple");
            }
            boolean epochOk = args.leaseEpoch() == null || (current != null && current.leaseEpoch == args.leaseEpoch());
            boolean leaseOk = args.leaseId() == null || (current != null
                    && Objects.equals(current.leaseId, args.leaseId().uuid()));
            boolean attemptOk = args.attemptId() == null || (current != null
                    && Objects.equals(current.attemptId, args.attemptId().uuid()));
            if (!epochOk || !leaseOk || !attemptOk) {
                throw EngineError.state(StateKind.STALE_LEASE, "expected lease_epoch "
                        + (current == null ? 0 : current.leaseEpoch) + ", presented " + args.leaseEpoch());
            }
        }
        cancelNow(tx, e, current, args.reason(), source.value());
        return new CancelExecutionResult.Cancelled(e.executionId, e.state.publicState());
    }

    /** The effects of a cancel from any non-terminal state (spec 01 §8 cancel row). */
    public void cancelNow(Tx tx, ExecCore e, Attempt current, String reason, String cancelledBy) {
        String why = reason == null ? "" : reason;
        if (e.state.lifecyclePhase() == LifecyclePhase.ACTIVE && current != null) {
            current.failureReason = "cancelled: " + why;
            Lifecycle.endAttempt(tx, current, AttemptLifecycle.ENDED_CANCELLED);
            Lifecycle.releaseLease(tx, e, current, "cancelled");
            AttemptStore.save(tx, current);
            Lifecycle.closeStream(tx, e, current, "attempt_cancelled");
        } else if (e.state.lifecyclePhase() == LifecyclePhase.SUSPENDED) {
            closeSuspension(tx, e, "cancelled");
        }
        e.cancellationReason = why;
        e.cancelledBy = cancelledBy;
        lifecycle.finishTerminal(tx, e, TerminalOutcome.CANCELLED, e.totalAttemptCount > 0);
    }

    /** Closes the open suspension and its waitpoints with {@code reason} (cancel, deadline, skip). */
    public static void closeSuspension(Tx tx, ExecCore e, String reason) {
        tx.update("UPDATE ff_suspension_current SET state = 'closed', closed_at_ms = ?, close_reason = ? "
                + "WHERE partition_key = ? AND execution_id = ? AND state = 'open'", tx.now(), reason,
                e.executionId.partition(), e.executionId.uuid());
        tx.update("UPDATE ff_waitpoint_pending SET state = 'closed', closed_at_ms = ?, close_reason = ? "
                + "WHERE partition_key = ? AND execution_id = ? AND state <> 'closed'", tx.now(), reason,
                e.executionId.partition(), e.executionId.uuid());
    }

    // --------------------------------------------------------------------------------------------- delay, children

    public void delay(Tx tx, HandleFields h, long delayUntil) {
        Fenced f = fence(tx, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.DELAY);
        if (f.replayed()) {
            return;
        }
        ExecCore e = interrupt(tx, f, "worker_delay");
        if (delayUntil <= tx.now()) {
            e.delayUntilMs = null;
            e.transition(interrupted(EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER), tx.now());
        } else {
            e.delayUntilMs = delayUntil;
            e.transition(interrupted(EligibilityState.NOT_ELIGIBLE_UNTIL_TIME, BlockingReason.WAITING_FOR_DELAY),
                    tx.now());
        }
        ExecCoreStore.save(tx, e);
    }

    public void waitChildren(Tx tx, HandleFields h) {
        Fenced f = fence(tx, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.WAIT_CHILDREN);
        if (f.replayed()) {
            return;
        }
        ExecCore e = interrupt(tx, f, "waiting_children");
        // Blocked while its edge group has not fired: an AnyOf/Quorum group that already fired satisfied leaves
        // later edges unsatisfied, and those must not block the child.
        long unsatisfied = tx.queryLong("SELECT COUNT(*) FROM ff_edge_group WHERE partition_key = ? "
                        + "AND downstream_eid = ? AND group_state = 'pending' AND unsatisfied_count > 0",
                e.executionId.partition(), e.executionId.uuid());
        e.transition(unsatisfied > 0
                ? interrupted(EligibilityState.BLOCKED_BY_DEPENDENCIES, BlockingReason.WAITING_FOR_CHILDREN)
                : interrupted(EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER), tx.now());
        ExecCoreStore.save(tx, e);
    }

    /** Attempt {@code started → suspended} and the lease released, as delay / wait_children / suspend do. */
    private static ExecCore interrupt(Tx tx, Fenced f, String releaseReason) {
        Attempt a = f.attempt();
        a.lifecycle = AttemptLifecycle.SUSPENDED;
        a.suspendedAtMs = tx.now();
        Lifecycle.releaseLease(tx, f.execution(), a, releaseReason);
        AttemptStore.save(tx, a);
        return f.execution();
    }

    private static StateVector interrupted(EligibilityState eligibility, BlockingReason reason) {
        return new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED, eligibility, reason,
                TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED);
    }

    static EngineException notLeaseable(String detail) {
        return new EngineException(new EngineError.Contention(ContentionKind.EXECUTION_NOT_LEASEABLE, detail, null));
    }
}
