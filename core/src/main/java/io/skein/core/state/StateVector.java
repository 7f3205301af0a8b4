package io.skein.core.state;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.wire.WireEnum;
import java.util.Objects;

/**
 * The seven dimensions every transition writes (spec 01 §5). {@link #publicState()} is always derived, never
 * stored independently; {@link #read} accepts the legacy literals FlowFabric stores wrote and rejects anything
 * else as {@code Validation(Corruption)}.
 */
public record StateVector(
        LifecyclePhase lifecyclePhase,
        OwnershipState ownershipState,
        EligibilityState eligibilityState,
        BlockingReason blockingReason,
        TerminalOutcome terminalOutcome,
        AttemptState attemptState) {

    public StateVector {
        Objects.requireNonNull(lifecyclePhase, "lifecyclePhase");
        Objects.requireNonNull(ownershipState, "ownershipState");
        Objects.requireNonNull(eligibilityState, "eligibilityState");
        Objects.requireNonNull(blockingReason, "blockingReason");
        Objects.requireNonNull(terminalOutcome, "terminalOutcome");
        Objects.requireNonNull(attemptState, "attemptState");
    }

    /** A freshly created execution that is claimable at once (D1). */
    public static final StateVector WAITING_FIRST = new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
            EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE,
            AttemptState.PENDING_FIRST_ATTEMPT);

    /** A freshly created execution whose {@code delay_until} is in the future (D1). */
    public static final StateVector DELAYED_FIRST = new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
            EligibilityState.NOT_ELIGIBLE_UNTIL_TIME, BlockingReason.WAITING_FOR_DELAY, TerminalOutcome.NONE,
            AttemptState.PENDING_FIRST_ATTEMPT);

    /** Just claimed: leased and running. */
    public static final StateVector LEASED_RUNNING = new StateVector(LifecyclePhase.ACTIVE, OwnershipState.LEASED,
            EligibilityState.NOT_APPLICABLE, BlockingReason.NONE, TerminalOutcome.NONE, AttemptState.RUNNING_ATTEMPT);

    /** A terminal vector with the given outcome; {@code attemptState} is {@code attempt_terminal} or kept. */
    public static StateVector terminal(TerminalOutcome outcome, AttemptState attemptState) {
        return new StateVector(LifecyclePhase.TERMINAL, OwnershipState.UNOWNED, EligibilityState.NOT_APPLICABLE,
                BlockingReason.NONE, outcome, attemptState);
    }

    /**
     * Derives the public state. A terminal vector with outcome {@code none} is corruption.
     */
    public PublicState publicState() {
        switch (lifecyclePhase) {
            case TERMINAL:
                switch (terminalOutcome) {
                    case SUCCESS: return PublicState.COMPLETED;
                    case FAILED: return PublicState.FAILED;
                    case CANCELLED: return PublicState.CANCELLED;
                    case EXPIRED: return PublicState.EXPIRED;
                    case SKIPPED: return PublicState.SKIPPED;
                    default: throw corruption("terminal lifecycle with terminal_outcome none");
                }
            case SUSPENDED:
                return PublicState.SUSPENDED;
            case ACTIVE:
                return PublicState.ACTIVE;
            case RUNNABLE:
            default:
                switch (eligibilityState) {
                    case NOT_ELIGIBLE_UNTIL_TIME: return PublicState.DELAYED;
                    case BLOCKED_BY_DEPENDENCIES: return PublicState.WAITING_CHILDREN;
                    case BLOCKED_BY_BUDGET:
                    case BLOCKED_BY_QUOTA: return PublicState.RATE_LIMITED;
                    default: return PublicState.WAITING;
                }
        }
    }

    public boolean isTerminal() {
        return lifecyclePhase == LifecyclePhase.TERMINAL;
    }

    public StateVector withEligibility(EligibilityState eligibility, BlockingReason reason) {
        return new StateVector(lifecyclePhase, ownershipState, eligibility, reason, terminalOutcome, attemptState);
    }

    public StateVector withAttemptState(AttemptState state) {
        return new StateVector(lifecyclePhase, ownershipState, eligibilityState, blockingReason, terminalOutcome, state);
    }

    /**
     * Reads stored literals, normalising the legacy ones of spec 01 §5 ("Legacy literals accepted wherever state
     * is read"). Unknown literals are {@code Validation(Corruption)}.
     */
    public static StateVector read(String lifecycle, String ownership, String eligibility, String blocking,
                                   String outcome, String attempt) {
        LifecyclePhase phase;
        TerminalOutcome terminalOutcome = parse(TerminalOutcome.class, "terminal_outcome",
                outcome == null || outcome.isEmpty() ? "none" : outcome);
        if ("cancelled".equals(lifecycle)) {
            phase = LifecyclePhase.TERMINAL;
            terminalOutcome = TerminalOutcome.CANCELLED;
        } else if ("submitted".equals(lifecycle)) {
            phase = LifecyclePhase.RUNNABLE;
        } else {
            phase = parse(LifecyclePhase.class, "lifecycle_phase", lifecycle);
        }
        OwnershipState own = "released".equals(ownership)
                ? OwnershipState.UNOWNED : parse(OwnershipState.class, "ownership_state", ownership);
        EligibilityState elig;
        if ("pending_claim".equals(eligibility)) {
            elig = EligibilityState.ELIGIBLE_NOW;
        } else if ("cancelled".equals(eligibility)) {
            elig = EligibilityState.NOT_APPLICABLE;
        } else {
            elig = parse(EligibilityState.class, "eligibility_state", eligibility);
        }
        BlockingReason block = parse(BlockingReason.class, "blocking_reason",
                blocking == null || blocking.isEmpty() ? "none" : blocking);
        AttemptState att;
        if (attempt == null) {
            att = AttemptState.NONE;
        } else {
            switch (attempt) {
                case "pending", "initial", "pending_claim" -> att = AttemptState.PENDING_FIRST_ATTEMPT;
                case "running" -> att = AttemptState.RUNNING_ATTEMPT;
                case "cancelled", "terminal_failed" -> att = AttemptState.ATTEMPT_TERMINAL;
                default -> att = parse(AttemptState.class, "attempt_state", attempt);
            }
        }
        return new StateVector(phase, own, elig, block, terminalOutcome, att);
    }

    private static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String column, String literal) {
        E value = WireEnum.lookup(type, literal);
        if (value == null) {
            throw corruption(column + ": unknown literal '" + literal + "'");
        }
        return value;
    }

    private static EngineException corruption(String detail) {
        return new EngineException(new EngineError.Validation(ValidationKind.CORRUPTION, detail));
    }
}
