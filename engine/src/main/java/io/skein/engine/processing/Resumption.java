package io.skein.engine.processing;

import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Suspension;
import java.util.List;
import java.util.UUID;

/**
 * Ending a suspension (spec 01 §8 resume row, D8): the suspension, all its waitpoints and its timeout close in the
 * unit that resumes or ends the execution, so an old suspension can never fire. The timeout timer only selects
 * open suspensions, so closing the row disarms it.
 */
final class Resumption {

    private Resumption() {}

    /** The ids of the signals that added a satisfier to the suspension, oldest first. */
    static List<String> satisfierIds(EngineUnit unit, Suspension s) {
        return unit.suspensions().satisfierSignalIds(s.executionId, s.suspensionId).stream().map(UUID::toString)
                .toList();
    }

    /** Closes the suspension row and every waitpoint of it with {@code reason}. */
    static void close(EngineUnit unit, Suspension s, String reason, UUID closerSignalId, List<String> satisfierIds) {
        s.state = Suspension.CLOSED;
        s.closedAtMs = unit.now();
        s.closeReason = reason;
        s.closerSignalId = closerSignalId;
        s.satisfierSignalIds = SignalJson.write(satisfierIds);
        if (closerSignalId != null) {
            s.satisfiedAtMs = unit.now();
        }
        unit.suspensions().save(s);
        unit.suspensions().closeWaitpointsOf(s.executionId, s.suspensionId, reason);
    }

    /**
     * Resumes a suspended execution: closes the suspension ({@code closeReason}) and moves the execution to
     * {@code waiting}, or to {@code delayed} for {@code delayMs > 0}. The attempt stays {@code suspended}, so the
     * next claim is routed "resumed" and continues it.
     */
    static void resume(EngineUnit unit, ExecCore e, Suspension s, String closeReason, UUID closerSignalId,
                       List<String> satisfierIds, long delayMs) {
        close(unit, s, closeReason, closerSignalId, satisfierIds);
        e.currentSuspensionId = null;
        e.currentWaitpointId = null;
        if (delayMs > 0) {
            e.delayUntilMs = unit.now() + delayMs;
            e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                    EligibilityState.NOT_ELIGIBLE_UNTIL_TIME, BlockingReason.WAITING_FOR_RESUME_DELAY,
                    TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), unit.now());
        } else {
            e.delayUntilMs = null;
            e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED, EligibilityState.ELIGIBLE_NOW,
                    BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), unit.now());
        }
        unit.executions().save(e);
    }
}
