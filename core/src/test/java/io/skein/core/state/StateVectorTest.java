package io.skein.core.state;

import static io.skein.core.error.ErrorAssertions.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.ValidationKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateVectorTest {

    private static StateVector vector(LifecyclePhase phase, OwnershipState own, EligibilityState elig,
                                      TerminalOutcome outcome) {
        return new StateVector(phase, own, elig, BlockingReason.NONE, outcome, AttemptState.NONE);
    }

    @Test
    void terminalVectorsDeriveFromTheirOutcome() {
        Map<TerminalOutcome, PublicState> expected = Map.of(
                TerminalOutcome.SUCCESS, PublicState.COMPLETED, TerminalOutcome.FAILED, PublicState.FAILED,
                TerminalOutcome.CANCELLED, PublicState.CANCELLED, TerminalOutcome.EXPIRED, PublicState.EXPIRED,
                TerminalOutcome.SKIPPED, PublicState.SKIPPED);
        expected.forEach((outcome, state) ->
                assertEquals(state, StateVector.terminal(outcome, AttemptState.ATTEMPT_TERMINAL).publicState()));
    }

    @Test
    void terminalWithOutcomeNoneIsCorruption() {
        StateVector broken = StateVector.terminal(TerminalOutcome.NONE, AttemptState.ATTEMPT_TERMINAL);

        assertValidation(ValidationKind.CORRUPTION, broken::publicState);
    }

    @Test
    void suspendedIsSuspendedWhateverTheOtherDimensions() {
        for (EligibilityState elig : EligibilityState.values()) {
            assertEquals(PublicState.SUSPENDED,
                    vector(LifecyclePhase.SUSPENDED, OwnershipState.UNOWNED, elig, TerminalOutcome.NONE).publicState());
        }
    }

    @Test
    void activeIsActiveUnderAnyOwnershipIncludingExpiredAndRevoked() {
        for (OwnershipState own : OwnershipState.values()) {
            assertEquals(PublicState.ACTIVE,
                    vector(LifecyclePhase.ACTIVE, own, EligibilityState.NOT_APPLICABLE, TerminalOutcome.NONE)
                            .publicState());
        }
    }

    @Test
    void runnableDerivesFromEligibility() {
        Map<EligibilityState, PublicState> expected = Map.of(
                EligibilityState.ELIGIBLE_NOW, PublicState.WAITING,
                EligibilityState.NOT_ELIGIBLE_UNTIL_TIME, PublicState.DELAYED,
                EligibilityState.BLOCKED_BY_DEPENDENCIES, PublicState.WAITING_CHILDREN,
                EligibilityState.BLOCKED_BY_BUDGET, PublicState.RATE_LIMITED,
                EligibilityState.BLOCKED_BY_QUOTA, PublicState.RATE_LIMITED,
                // differs from the reference: route, lane and operator blocks are plain waiting
                EligibilityState.BLOCKED_BY_ROUTE, PublicState.WAITING,
                EligibilityState.BLOCKED_BY_LANE_STATE, PublicState.WAITING,
                EligibilityState.BLOCKED_BY_OPERATOR, PublicState.WAITING);
        expected.forEach((elig, state) -> assertEquals(state,
                vector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED, elig, TerminalOutcome.NONE).publicState(),
                elig.wire()));
    }

    @Test
    void createdVectorsAreWaitingAndDelayed() {
        assertEquals(PublicState.WAITING, StateVector.WAITING_FIRST.publicState());
        assertEquals(PublicState.DELAYED, StateVector.DELAYED_FIRST.publicState());
        assertEquals(PublicState.ACTIVE, StateVector.LEASED_RUNNING.publicState());
    }

    @Test
    void currentLiteralsReadBackAsTheSameVector() {
        StateVector read = StateVector.read("runnable", "unowned", "eligible_now", "waiting_for_worker", "none",
                "pending_first_attempt");

        assertEquals(StateVector.WAITING_FIRST, read);
    }

    @Test
    void legacyLifecycleCancelledReadsAsTerminalCancelled() {
        StateVector read = StateVector.read("cancelled", "unowned", "cancelled", "none", "none", "cancelled");

        assertEquals(LifecyclePhase.TERMINAL, read.lifecyclePhase());
        assertEquals(TerminalOutcome.CANCELLED, read.terminalOutcome());
        assertEquals(EligibilityState.NOT_APPLICABLE, read.eligibilityState());
        assertEquals(AttemptState.ATTEMPT_TERMINAL, read.attemptState());
        assertEquals(PublicState.CANCELLED, read.publicState());
    }

    @Test
    void legacySubmittedReleasedPendingClaimReadAsWaiting() {
        StateVector read = StateVector.read("submitted", "released", "pending_claim", "waiting_for_worker", "none",
                "pending");

        assertEquals(LifecyclePhase.RUNNABLE, read.lifecyclePhase());
        assertEquals(OwnershipState.UNOWNED, read.ownershipState());
        assertEquals(EligibilityState.ELIGIBLE_NOW, read.eligibilityState());
        assertEquals(AttemptState.PENDING_FIRST_ATTEMPT, read.attemptState());
        assertEquals(PublicState.WAITING, read.publicState());
    }

    @Test
    void legacyAttemptLiteralsNormalise() {
        Map<String, AttemptState> expected = Map.of(
                "pending", AttemptState.PENDING_FIRST_ATTEMPT, "initial", AttemptState.PENDING_FIRST_ATTEMPT,
                "pending_claim", AttemptState.PENDING_FIRST_ATTEMPT, "running", AttemptState.RUNNING_ATTEMPT,
                "cancelled", AttemptState.ATTEMPT_TERMINAL, "terminal_failed", AttemptState.ATTEMPT_TERMINAL);
        expected.forEach((literal, state) -> assertEquals(state,
                StateVector.read("active", "leased", "not_applicable", "none", "none", literal).attemptState(),
                literal));
    }

    @Test
    void unknownLiteralInAnyColumnIsCorruptionNamingTheColumn() {
        assertCorruptionNaming("lifecycle_phase",
                () -> StateVector.read("resumable", "unowned", "eligible_now", "none", "none", "none"));
        assertCorruptionNaming("ownership_state",
                () -> StateVector.read("runnable", "owned", "eligible_now", "none", "none", "none"));
        assertCorruptionNaming("eligibility_state",
                () -> StateVector.read("runnable", "unowned", "ELIGIBLE_NOW", "none", "none", "none"));
        assertCorruptionNaming("blocking_reason",
                () -> StateVector.read("runnable", "unowned", "eligible_now", "waiting", "none", "none"));
        assertCorruptionNaming("terminal_outcome",
                () -> StateVector.read("terminal", "unowned", "not_applicable", "none", "succeeded", "none"));
        assertCorruptionNaming("attempt_state",
                () -> StateVector.read("runnable", "unowned", "eligible_now", "none", "none", "bogus"));
        assertCorruptionNaming("lifecycle_phase",
                () -> StateVector.read(null, "unowned", "eligible_now", "none", "none", "none"));
    }

    private static void assertCorruptionNaming(String column, org.junit.jupiter.api.function.Executable call) {
        String detail = assertValidation(ValidationKind.CORRUPTION, call).detail();
        assertTrue(detail.startsWith(column + ":"), detail);
    }
}
