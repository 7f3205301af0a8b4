package io.skein.engine.processing;

import io.skein.core.api.SignalEffect;
import io.skein.core.api.SuspensionReasonCode;
import io.skein.core.api.TimeoutBehavior;
import io.skein.core.api.WaitpointCloseReason;
import io.skein.core.api.WaitpointState;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.StoredSignal;
import io.skein.engine.state.Suspension;
import io.skein.engine.state.Waitpoint;
import io.skein.engine.state.WaitpointRef;
import java.util.List;
import java.util.UUID;

/**
 * Timers 4 (suspension timeout, spec 04 §2.5) and 5 (pending-waitpoint expiry) of spec 05 §4. Each item is its own
 * unit that re-checks that the suspension is still open and due (or the waitpoint still pending and due), so a
 * resumed suspension never fires and a repeated pass does nothing (D3, D8).
 */
public final class SuspensionTimerHandlers {

    /** The synthetic signal an auto-resume records (spec 04 §2.5). */
    static final String TIMEOUT_SIGNAL_NAME = "timeout";
    static final String TIMEOUT_SOURCE_TYPE = "system";
    static final String TIMEOUT_SOURCE_IDENTITY = "suspension_timeout";

    private final Lifecycle lifecycle;

    public SuspensionTimerHandlers(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * Timer 4: applies the suspension's timeout behaviour; a no-op unless the open suspension is due and, when the
     * caller armed the timer at a {@code state_version}, the execution is still at it.
     */
    public void expireSuspension(EngineUnit unit, ExecutionId id, Long expectedVersion) {
        ExecCore e = unit.executions().load(id).orElse(null);
        Suspension s = unit.suspensions().load(id).orElse(null);
        if (e == null || s == null || !s.isOpen() || s.timeoutAtMs == null || s.timeoutAtMs > unit.now()
                || e.state.lifecyclePhase() != LifecyclePhase.SUSPENDED
                || (expectedVersion != null && expectedVersion != e.stateVersion)) {
            return;
        }
        TimeoutBehavior behavior = behavior(s);
        switch (behavior) {
            case FAIL -> end(unit, e, s, TerminalOutcome.FAILED, AttemptLifecycle.ENDED_FAILURE,
                    WaitpointCloseReason.TIMED_OUT_FAIL, behavior);
            case CANCEL -> end(unit, e, s, TerminalOutcome.CANCELLED, AttemptLifecycle.ENDED_CANCELLED,
                    WaitpointCloseReason.TIMED_OUT_CANCEL, behavior);
            case EXPIRE -> end(unit, e, s, TerminalOutcome.EXPIRED, AttemptLifecycle.ENDED_FAILURE,
                    WaitpointCloseReason.TIMED_OUT_EXPIRE, behavior);
            case AUTO_RESUME_WITH_TIMEOUT_SIGNAL -> autoResume(unit, e, s);
            case ESCALATE -> escalate(unit, e, s);
        }
    }

    private static TimeoutBehavior behavior(Suspension s) {
        if (s.timeoutBehavior == null) {
            return TimeoutBehavior.FAIL;
        }
        try {
            return TimeoutBehavior.parse(s.timeoutBehavior);
        } catch (EngineException unknown) {
            // A raw row with an unknown literal times out as the documented default.
            return TimeoutBehavior.FAIL;
        }
    }

    private void end(EngineUnit unit, ExecCore e, Suspension s, TerminalOutcome outcome, AttemptLifecycle attemptEnd,
                     WaitpointCloseReason reason, TimeoutBehavior behavior) {
        String why = "suspension_timeout:" + behavior.wire();
        Resumption.close(unit, s, reason.wire(), null, List.of());
        Attempt a = unit.executions().currentAttempt(e);
        if (a != null) {
            a.failureReason = why;
            Lifecycle.endAttempt(unit, a, attemptEnd);
            unit.executions().save(a);
            Lifecycle.closeStream(unit, e, a, "suspension_timeout");
        }
        e.failureReason = why;
        if (outcome == TerminalOutcome.CANCELLED) {
            e.cancellationReason = why;
            e.cancelledBy = "system_timeout_policy";
        }
        lifecycle.finishTerminal(unit, e, outcome, e.totalAttemptCount > 0);
    }

    private static void autoResume(EngineUnit unit, ExecCore e, Suspension s) {
        StoredSignal signal = new StoredSignal();
        signal.executionId = e.executionId;
        signal.signalId = unit.newId();
        signal.waitpointId = s.waitpointId;
        signal.suspensionId = s.suspensionId;
        signal.signalName = TIMEOUT_SIGNAL_NAME;
        signal.signalCategory = TIMEOUT_SIGNAL_NAME;
        signal.sourceType = TIMEOUT_SOURCE_TYPE;
        signal.sourceIdentity = TIMEOUT_SOURCE_IDENTITY;
        signal.targetScope = "execution";
        signal.createdAtMs = unit.now();
        signal.acceptedAtMs = unit.now();
        signal.observedEffect = SignalEffect.RESUME_CONDITION_SATISFIED.wire();
        signal.matched = true;
        signal.satisfier = true;
        unit.suspensions().insert(signal);
        Resumption.resume(unit, e, s, WaitpointCloseReason.TIMED_OUT_AUTO_RESUME.wire(), signal.signalId,
                List.of(signal.signalId.toString()), 0);
    }

    /** Stays suspended for an operator: blocking reason {@code paused_by_operator}, timeout cleared. */
    private static void escalate(EngineUnit unit, ExecCore e, Suspension s) {
        s.reasonCode = SuspensionReasonCode.WAITING_FOR_OPERATOR_REVIEW.wire();
        s.timeoutAtMs = null;
        unit.suspensions().save(s);
        StateVector v = e.state;
        e.transition(new StateVector(v.lifecyclePhase(), v.ownershipState(), v.eligibilityState(),
                BlockingReason.PAUSED_BY_OPERATOR, v.terminalOutcome(), v.attemptState()), unit.now());
        unit.executions().save(e);
    }

    /**
     * Timer 5: a pending waitpoint past its expiry closes {@code never_committed}; the execution is unchanged.
     * {@code owner}, when given, must be the waitpoint's execution (else nothing happens).
     */
    public void expirePendingWaitpoint(EngineUnit unit, ExecutionId owner, WaitpointRef ref) {
        Waitpoint w = unit.suspensions().waitpoint(ref.partition(), ref.waitpointId()).orElse(null);
        if (w == null || !w.pendingExpiredAt(unit.now()) || (owner != null && !owner.equals(w.executionId))) {
            return;
        }
        w.state = WaitpointState.CLOSED.wire();
        w.closedAtMs = unit.now();
        w.closeReason = WaitpointCloseReason.NEVER_COMMITTED.wire();
        unit.suspensions().save(w);
    }
}
