package io.skein.engine.processing;

import io.skein.core.error.EngineException;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The invariants of spec 01 §5 a backend must never commit a violation of, as the invariant checker (timer 17,
 * {@code reconcileExecutionIndex}) reads them back from a stored row: it reports, it never repairs.
 */
public final class ExecutionInvariants {

    private ExecutionInvariants() {}

    /** One stored row's facts the invariants relate. */
    public record StoredRow(String lifecycle, String ownership, String eligibility, String blocking, String outcome,
                            String attemptState, String publicState, boolean openSuspension) {}

    /** The invariants {@code row} violates, each as one line; empty when it holds them all. */
    public static List<String> violations(StoredRow row) {
        List<String> out = new ArrayList<>();
        StateVector v;
        try {
            v = StateVector.read(row.lifecycle(), row.ownership(), row.eligibility(), row.blocking(), row.outcome(),
                    row.attemptState());
        } catch (EngineException unreadable) {
            out.add("unreadable state vector: " + unreadable.getMessage());
            return out;
        }
        LifecyclePhase phase = v.lifecyclePhase();
        if (phase != LifecyclePhase.ACTIVE && v.ownershipState() == OwnershipState.LEASED) {
            out.add(phase.wire() + " execution is leased");
        }
        if ((phase == LifecyclePhase.SUSPENDED) != row.openSuspension()) {
            out.add(phase == LifecyclePhase.SUSPENDED ? "suspended without an open suspension"
                    : phase.wire() + " execution has an open suspension");
        }
        if ((phase == LifecyclePhase.TERMINAL) != (v.terminalOutcome() != TerminalOutcome.NONE)) {
            out.add(phase.wire() + " execution has terminal outcome " + v.terminalOutcome().wire());
        }
        if (phase != LifecyclePhase.RUNNABLE && v.eligibilityState() != EligibilityState.NOT_APPLICABLE) {
            out.add(phase.wire() + " execution has eligibility " + v.eligibilityState().wire());
        }
        String derived;
        try {
            derived = v.publicState().wire();
        } catch (EngineException corrupt) {
            out.add("public state cannot be derived: " + corrupt.getMessage());
            return out;
        }
        if (!derived.equals(row.publicState())) {
            out.add("stored public_state " + row.publicState() + " differs from the derived " + derived);
        }
        return out;
    }
}
