package io.skein.sql.engine.handler;

import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.engine.state.ExecCore;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.engine.state.Suspension;
import io.skein.sql.engine.SuspensionStore;
import io.skein.sql.engine.Tx;
import io.skein.sql.engine.WaitpointStore;
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
    static List<String> satisfierIds(Tx tx, Suspension s) {
        return tx.query("SELECT signal_id FROM ff_signal WHERE partition_key = ? AND execution_id = ? "
                        + "AND suspension_id = ? AND satisfier = ? ORDER BY accepted_at_ms, signal_id",
                rs -> tx.uuid(rs, "signal_id").toString(), s.executionId.partition(), s.executionId.uuid(),
                s.suspensionId, Boolean.TRUE);
    }

    /** Closes the suspension row and every waitpoint of it with {@code reason}. */
    static void close(Tx tx, Suspension s, String reason, UUID closerSignalId, List<String> satisfierIds) {
        s.state = Suspension.CLOSED;
        s.closedAtMs = tx.now();
        s.closeReason = reason;
        s.closerSignalId = closerSignalId;
        s.satisfierSignalIds = SignalJson.write(satisfierIds);
        if (closerSignalId != null) {
            s.satisfiedAtMs = tx.now();
        }
        SuspensionStore.save(tx, s);
        WaitpointStore.closeSuspensionWaitpoints(tx, s.executionId, s.suspensionId, reason);
    }

    /**
     * Resumes a suspended execution: closes the suspension ({@code closeReason}) and moves the execution to
     * {@code waiting}, or to {@code delayed} for {@code delayMs > 0}. The attempt stays {@code suspended}, so the
     * next claim is routed "resumed" and continues it.
     */
    static void resume(Tx tx, ExecCore e, Suspension s, String closeReason, UUID closerSignalId,
                       List<String> satisfierIds, long delayMs) {
        close(tx, s, closeReason, closerSignalId, satisfierIds);
        e.currentSuspensionId = null;
        e.currentWaitpointId = null;
        if (delayMs > 0) {
            e.delayUntilMs = tx.now() + delayMs;
            e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                    EligibilityState.NOT_ELIGIBLE_UNTIL_TIME, BlockingReason.WAITING_FOR_RESUME_DELAY,
                    TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), tx.now());
        } else {
            e.delayUntilMs = null;
            e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED, EligibilityState.ELIGIBLE_NOW,
                    BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), tx.now());
        }
        ExecCoreStore.save(tx, e);
    }
}
