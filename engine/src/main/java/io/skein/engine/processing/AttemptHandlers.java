package io.skein.engine.processing;

import io.skein.engine.EngineUnit;
import io.skein.engine.processing.LeaseFenceCheck.FenceSource;
import io.skein.engine.processing.LeaseFenceCheck.FencedOp;
import io.skein.engine.processing.LeaseFenceCheck.Presented;

import io.skein.engine.state.ExecutionState;

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
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
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
    public record Fenced(ExecCore execution, Attempt attempt, LeaseFenceCheck.Outcome outcome) {
        public boolean replayed() {
            return outcome == LeaseFenceCheck.Outcome.REPLAYED;
        }
    }

    public static Fenced fence(EngineUnit unit, ExecutionId id, Presented presented, FenceSource source, FencedOp op) {
        ExecutionState.WithAttempt loaded = unit.executions().requireWithCurrent(id);
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        return new Fenced(e, current, LeaseFenceCheck.check(unit, e, current, presented, source, op));
    }

    public static Presented presented(HandleFields h) {
        return new Presented(h.leaseId().uuid(), h.leaseEpoch(), h.attemptId().uuid(), h.attemptIndex());
    }

    /**
     * The presented fence of a service-layer call: the triple when given; without one, an {@code operator_override}
     * is fenced against the current lease itself, anything else is {@code fence_required}.
     */
    static Presented serviceFence(EngineUnit unit, ExecutionId id, LeaseFence fence, CancelSource source, int attemptIndex) {
        if (fence != null) {
            return new Presented(fence.leaseId().uuid(), fence.leaseEpoch(), fence.attemptId().uuid(), attemptIndex);
        }
        if (source == null || !source.isOperatorOverride()) {
            throw EngineError.invalidInput("fence_required");
        }
        ExecutionState.WithAttempt loaded = unit.executions().requireWithCurrent(id);
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        if (current == null) {
            return new Presented(null, -1, null, null);
        }
        return new Presented(current.leaseId, current.leaseEpoch, current.attemptId, current.attemptIndex);
    }

    // --------------------------------------------------------------------------------------------- renew, progress

    public LeaseRenewal renew(EngineUnit unit, HandleFields h) {
        Fenced f = fence(unit, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.RENEW);
        // the lease's own TTL as stored when it was issued, never a value the presenter brings
        Long stored = f.attempt().leaseTtlMs;
        return extend(unit, f.attempt(), stored != null ? stored : h.leaseTtlMs());
    }

    public RenewLeaseResult renewLease(EngineUnit unit, RenewLeaseArgs args) {
        LeaseFence fc = args.fence();
        Fenced f = fence(unit, args.executionId(), new Presented(fc.leaseId().uuid(), fc.leaseEpoch(),
                fc.attemptId().uuid(), args.attemptIndex()), FenceSource.TRIPLE, FencedOp.RENEW);
        return new RenewLeaseResult.Renewed(extend(unit, f.attempt(), args.leaseTtlMs()).expiresAtMs());
    }

    private static LeaseRenewal extend(EngineUnit unit, Attempt a, long ttlMs) {
        a.leaseExpiresAtMs = Claims.leaseExpiry(unit.now(), ttlMs);
        a.leaseRenewedAtMs = unit.now();
        a.leaseTtlMs = ttlMs;
        unit.executions().save(a);
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

    public void progress(EngineUnit unit, HandleFields h, Integer percent, String message) {
        Fenced f = fence(unit, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.PROGRESS);
        ExecCore e = f.execution();
        e.progressPct = percent;
        e.progressMessage = message;
        e.progressUpdatedAtMs = unit.now();
        unit.executions().save(e);
    }

    // --------------------------------------------------------------------------------------------- complete

    public static void validateResult(byte[] payload) {
        if (payload != null && payload.length > CreateExecutionHandler.MAX_PAYLOAD_BYTES) {
            throw EngineError.validation(ValidationKind.PAYLOAD_TOO_LARGE, "result: " + payload.length
                    + " bytes exceeds " + CreateExecutionHandler.MAX_PAYLOAD_BYTES);
        }
    }

    public void complete(EngineUnit unit, HandleFields h, byte[] payload) {
        Fenced f = fence(unit, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.COMPLETE);
        if (!f.replayed()) {
            completeFenced(unit, f, payload, null);
        }
    }

    public CompleteExecutionResult completeExecution(EngineUnit unit, CompleteExecutionArgs args) {
        Presented p = serviceFence(unit, args.executionId(), args.fence(), args.source(), args.attemptIndex());
        Fenced f = fence(unit, args.executionId(), p, FenceSource.TRIPLE, FencedOp.COMPLETE);
        if (!f.replayed()) {
            completeFenced(unit, f, args.resultPayload(), args.resultEncoding());
        }
        return new CompleteExecutionResult.Completed(args.executionId(), f.execution().state.publicState());
    }

    private void completeFenced(EngineUnit unit, Fenced f, byte[] payload, String encoding) {
        ExecCore e = f.execution();
        Attempt a = f.attempt();
        Lifecycle.endAttempt(unit, a, AttemptLifecycle.ENDED_SUCCESS);
        Lifecycle.releaseLease(unit, e, a, "completed");
        unit.executions().save(a);
        Lifecycle.closeStream(unit, e, a, "attempt_success");
        e.result = payload == null || payload.length == 0 ? null : payload;
        e.resultEncoding = e.result == null ? null : encoding;
        e.failureReason = null;
        e.failureCategory = null;
        lifecycle.finishTerminal(unit, e, TerminalOutcome.SUCCESS, true);
    }

    // --------------------------------------------------------------------------------------------- fail

    public FailOutcome fail(EngineUnit unit, HandleFields h, String message, byte[] detail, FailureClass failureClass) {
        Fenced f = fence(unit, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.FAIL);
        String category = detail != null && detail.length > 0 ? new String(detail, StandardCharsets.UTF_8)
                : failureClass.wire();
        FailExecutionResult r = f.replayed() ? replayedFail(f.execution())
                : failFenced(unit, f, message, category, failureClass, null);
        if (r instanceof FailExecutionResult.RetryScheduled rs) {
            return new FailOutcome.RetryScheduled(rs.delayUntil());
        }
        return new FailOutcome.TerminalFailed();
    }

    public FailExecutionResult failExecution(EngineUnit unit, FailExecutionArgs args) {
        RetryPolicy override = args.retryPolicyJson() == null || args.retryPolicyJson().isEmpty()
                ? null : RetryPolicy.parse(args.retryPolicyJson());
        Presented p = serviceFence(unit, args.executionId(), args.fence(), args.source(), args.attemptIndex());
        Fenced f = fence(unit, args.executionId(), p, FenceSource.TRIPLE, FencedOp.FAIL);
        if (f.replayed()) {
            return replayedFail(f.execution());
        }
        String category = args.failureCategory() == null || args.failureCategory().isEmpty()
                ? args.failureClass().wire() : args.failureCategory();
        return failFenced(unit, f, args.failureReason(), category, args.failureClass(), override);
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
    public FailExecutionResult failFenced(EngineUnit unit, Fenced f, String reason, String category, FailureClass failureClass,
                                          RetryPolicy override) {
        ExecCore e = f.execution();
        Attempt a = f.attempt();
        RetryPolicy policy = override != null ? override : Policies.of(e).retryPolicy();
        RetryDecision decision = policy.decide(failureClass, e.retryCount, random);
        a.failureReason = reason;
        a.failureCategory = category;
        Lifecycle.endAttempt(unit, a, AttemptLifecycle.ENDED_FAILURE);
        Lifecycle.releaseLease(unit, e, a, decision instanceof RetryDecision.Retry ? "failed_retry_scheduled"
                : "failed_terminal");
        unit.executions().save(a);
        Lifecycle.closeStream(unit, e, a, "attempt_failure");
        if (decision instanceof RetryDecision.Retry retry) {
            long delayUntil = unit.now() + retry.delayMs();
            e.retryCount++;
            e.pendingRetryReason = reason;
            e.pendingPreviousAttemptIndex = a.attemptIndex;
            // Stored even with zero backoff (already eligible): a replayed fail answers the same delay_until (01 §7).
            e.delayUntilMs = delayUntil;
            if (retry.delayMs() <= 0) {
                e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                        EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE,
                        AttemptState.PENDING_RETRY_ATTEMPT), unit.now());
            } else {
                e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                        EligibilityState.NOT_ELIGIBLE_UNTIL_TIME, BlockingReason.WAITING_FOR_RETRY_BACKOFF,
                        TerminalOutcome.NONE, AttemptState.PENDING_RETRY_ATTEMPT), unit.now());
            }
            unit.executions().save(e);
            return new FailExecutionResult.RetryScheduled(delayUntil, e.totalAttemptCount);
        }
        e.failureReason = reason;
        e.failureCategory = category;
        lifecycle.finishTerminal(unit, e, TerminalOutcome.FAILED, true);
        return new FailExecutionResult.TerminalFailed();
    }

    // --------------------------------------------------------------------------------------------- cancel

    public void cancel(EngineUnit unit, HandleFields h, String reason) {
        Fenced f = fence(unit, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.CANCEL);
        if (!f.replayed()) {
            cancelNow(unit, f.execution(), f.attempt(), reason, CancelSource.LEASE_HOLDER.value());
        }
    }

    public CancelExecutionResult cancelExecution(EngineUnit unit, CancelExecutionArgs args) {
        ExecutionState.WithAttempt loaded = unit.executions().requireWithCurrent(args.executionId());
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
        cancelNow(unit, e, current, args.reason(), source.value());
        return new CancelExecutionResult.Cancelled(e.executionId, e.state.publicState());
    }

    /** The effects of a cancel from any non-terminal state (spec 01 §8 cancel row). */
    public void cancelNow(EngineUnit unit, ExecCore e, Attempt current, String reason, String cancelledBy) {
        String why = reason == null ? "" : reason;
        if (e.state.lifecyclePhase() == LifecyclePhase.ACTIVE && current != null) {
            current.failureReason = "cancelled: " + why;
            Lifecycle.endAttempt(unit, current, AttemptLifecycle.ENDED_CANCELLED);
            Lifecycle.releaseLease(unit, e, current, "cancelled");
            unit.executions().save(current);
            Lifecycle.closeStream(unit, e, current, "attempt_cancelled");
        } else {
            if (e.state.lifecyclePhase() == LifecyclePhase.SUSPENDED) {
                closeSuspension(unit, e, "cancelled");
            }
            // runnable after a worker delay or wait_children, or suspended: the parked attempt ends with it
            Lifecycle.endParkedAttempt(unit, e, current, AttemptLifecycle.ENDED_CANCELLED, "cancelled: " + why,
                    "attempt_cancelled");
        }
        e.cancellationReason = why;
        e.cancelledBy = cancelledBy;
        lifecycle.finishTerminal(unit, e, TerminalOutcome.CANCELLED, e.totalAttemptCount > 0);
    }

    /** Closes the open suspension and its waitpoints with {@code reason} (cancel, deadline, skip). */
    public static void closeSuspension(EngineUnit unit, ExecCore e, String reason) {
        unit.suspensions().closeOpen(e.executionId, reason, unit.now());
    }

    // --------------------------------------------------------------------------------------------- delay, children

    public void delay(EngineUnit unit, HandleFields h, long delayUntil) {
        Fenced f = fence(unit, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.DELAY);
        if (f.replayed()) {
            return;
        }
        ExecCore e = interrupt(unit, f, "worker_delay");
        if (delayUntil <= unit.now()) {
            e.delayUntilMs = null;
            e.transition(interrupted(EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER), unit.now());
        } else {
            e.delayUntilMs = delayUntil;
            e.transition(interrupted(EligibilityState.NOT_ELIGIBLE_UNTIL_TIME, BlockingReason.WAITING_FOR_DELAY),
                    unit.now());
        }
        unit.executions().save(e);
    }

    public void waitChildren(EngineUnit unit, HandleFields h) {
        Fenced f = fence(unit, h.executionId(), presented(h), FenceSource.HANDLE, FencedOp.WAIT_CHILDREN);
        if (f.replayed()) {
            return;
        }
        ExecCore e = interrupt(unit, f, "waiting_children");
        // Blocked while its edge group has not fired: an AnyOf/Quorum group that already fired satisfied leaves
        // later edges unsatisfied, and those must not block the child.
        e.transition(unit.flows().hasUnsatisfiedDependencies(e.executionId)
                ? interrupted(EligibilityState.BLOCKED_BY_DEPENDENCIES, BlockingReason.WAITING_FOR_CHILDREN)
                : interrupted(EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER), unit.now());
        unit.executions().save(e);
    }

    /** Attempt {@code started → suspended} and the lease released, as delay / wait_children / suspend do. */
    private static ExecCore interrupt(EngineUnit unit, Fenced f, String releaseReason) {
        Attempt a = f.attempt();
        a.lifecycle = AttemptLifecycle.SUSPENDED;
        a.suspendedAtMs = unit.now();
        Lifecycle.releaseLease(unit, f.execution(), a, releaseReason);
        unit.executions().save(a);
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
