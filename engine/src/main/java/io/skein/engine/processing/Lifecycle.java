package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Attempt;

import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The side effects the transition table of spec 01 §8 names again and again: release a lease, end an attempt,
 * close its stream, and finish an execution terminally (completion event, grants and quota admission released,
 * flow resolution through {@link TerminalListener}s in the same unit, D2).
 */
public final class Lifecycle {

    /** Work that must happen in the unit of every terminal transition (flow resolution, D2). */
    @FunctionalInterface
    public interface TerminalListener {
        void onTerminal(EngineUnit unit, ExecCore execution);
    }

    private final List<TerminalListener> terminalListeners = new CopyOnWriteArrayList<>();

    public void addTerminalListener(TerminalListener listener) {
        terminalListeners.add(listener);
    }

    /**
     * "Release lease": the attempt keeps lease id/epoch/worker as history, loses its expiry and armed attempt
     * timeout; a {@code released} lease event records why.
     */
    public static void releaseLease(EngineUnit unit, ExecCore e, Attempt a, String reason) {
        boolean hadLease = a.leaseExpiresAtMs != null;
        a.leaseExpiresAtMs = null;
        a.attemptTimeoutAtMs = null;
        if (hadLease) {
            unit.events().lease(e, a.leaseId, a.leaseEpoch, a.workerInstanceId, "released", reason);
        }
        // an attempt ends (endAttempt) right before its lease is released: time the run it had
        if (a.lifecycle.isFinal() && a.startedAtMs != null && a.terminalAtMs != null) {
            unit.countAttemptEnded(e.laneId, a.lifecycle.wire(), Math.max(0, a.terminalAtMs - a.startedAtMs));
        }
    }

    /** Ends the attempt with a final lifecycle. */
    public static void endAttempt(EngineUnit unit, Attempt a, AttemptLifecycle finalLifecycle) {
        a.lifecycle = finalLifecycle;
        a.terminalAtMs = unit.now();
    }

    /**
     * Ends an attempt its execution parked (suspend, delay, wait_children leave it {@code suspended}, holding no
     * lease) when the execution itself ends (cancel, deadline, skip): nothing will ever resume it, so it must not stay
     * {@code suspended} under a terminal execution. Its stream closes with {@code streamReason}. Any other attempt
     * (none, or one already final) is left as it is.
     */
    public static void endParkedAttempt(EngineUnit unit, ExecCore e, Attempt a, AttemptLifecycle finalLifecycle,
                                        String failureReason, String streamReason) {
        if (a == null || a.lifecycle != AttemptLifecycle.SUSPENDED) {
            return;
        }
        a.failureReason = failureReason;
        endAttempt(unit, a, finalLifecycle);
        unit.executions().save(a);
        closeStream(unit, e, a, streamReason);
    }

    /**
     * Closes the attempt's stream with {@code reason} (spec 04 §3.4); creates the meta row when no frame was ever
     * appended, so readers always learn that the stream ended. Closing twice keeps the first reason. Parked tails wake
     * after the commit.
     */
    public static void closeStream(EngineUnit unit, ExecCore e, Attempt a, String reason) {
        unit.streams().close(e.executionId, a.attemptIndex, a.attemptId, reason, unit.now());
        unit.streamClosed(e.executionId, a.attemptIndex);
    }

    /**
     * Makes the execution terminal with {@code outcome}: vector, completion time, grants deleted, quota admission
     * released, completion event, then the terminal listeners (flow resolution) in the same unit.
     * {@code attemptTerminal} false keeps {@code attempt_state} (no attempt ever existed).
     */
    public void finishTerminal(EngineUnit unit, ExecCore e, TerminalOutcome outcome, boolean attemptTerminal) {
        AttemptState att = attemptTerminal ? AttemptState.ATTEMPT_TERMINAL : e.state.attemptState();
        e.transition(StateVector.terminal(outcome, att), unit.now());
        e.terminalAtMs = unit.now();
        e.delayUntilMs = null;
        e.currentSuspensionId = null;
        e.currentWaitpointId = null;
        unit.grants().deleteAll(e.executionId);
        releaseQuotaAdmission(unit, e);
        unit.executions().save(e);
        unit.events().completion(e, outcome.wire(), e.flowId == null);
        for (TerminalListener l : terminalListeners) {
            l.onTerminal(unit, e);
        }
    }

    /** The engine frees an execution's quota slot in the unit of its terminal transition (spec 04 §5.3). */
    static void releaseQuotaAdmission(EngineUnit unit, ExecCore e) {
        if (e.quotaPolicyId == null) {
            return;
        }
        unit.quotas().releaseAdmission(e.quotaPolicyId, e.executionId, unit.now());
    }
}
