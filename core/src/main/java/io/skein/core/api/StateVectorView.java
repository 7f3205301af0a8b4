package io.skein.core.api;

import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.PublicState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;

/**
 * The seven state dimensions as reads report them (spec 02 §1 {@code ExecutionInfo.stateVector}): the six stored
 * dimensions of {@link StateVector} plus the derived {@code publicState}.
 */
public record StateVectorView(
        LifecyclePhase lifecyclePhase,
        OwnershipState ownershipState,
        EligibilityState eligibilityState,
        BlockingReason blockingReason,
        TerminalOutcome terminalOutcome,
        AttemptState attemptState,
        PublicState publicState) {

    public StateVectorView {
        ArgCheck.present(lifecyclePhase, "lifecycle_phase");
        ArgCheck.present(ownershipState, "ownership_state");
        ArgCheck.present(eligibilityState, "eligibility_state");
        ArgCheck.present(blockingReason, "blocking_reason");
        ArgCheck.present(terminalOutcome, "terminal_outcome");
        ArgCheck.present(attemptState, "attempt_state");
        ArgCheck.present(publicState, "public_state");
    }

    /** The view of {@code vector} with its derived public state. */
    public static StateVectorView of(StateVector vector) {
        return new StateVectorView(vector.lifecyclePhase(), vector.ownershipState(), vector.eligibilityState(),
                vector.blockingReason(), vector.terminalOutcome(), vector.attemptState(), vector.publicState());
    }

    /** The six stored dimensions. */
    public StateVector toStateVector() {
        return new StateVector(lifecyclePhase, ownershipState, eligibilityState, blockingReason, terminalOutcome,
                attemptState);
    }
}
