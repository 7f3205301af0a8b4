package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Attempt;

import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.state.AttemptState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.TerminalOutcome;
import java.util.Objects;
import java.util.UUID;

/**
 * The fence check order of spec 01 §7, steps 2–6 (step 1, decoding the handle, happens before the unit starts).
 * The first failing step wins; nothing is written on failure. A terminal operation repeated after its response was
 * lost passes as {@link Outcome#REPLAYED} (replay reconciliation) and the caller answers without writing.
 */
public final class LeaseFenceCheck {

    /** Which operation is fenced: it selects the error variants and the replay reconciliation rule. */
    public enum FencedOp { COMPLETE, FAIL, CANCEL, RENEW, PROGRESS, SUSPEND, DELAY, WAIT_CHILDREN, CREATE_WAITPOINT, APPEND_FRAME }

    /** Whether the fence came inside a handle or as an explicit service-layer triple (different error kinds). */
    public enum FenceSource { HANDLE, TRIPLE }

    public enum Outcome { PASSED, REPLAYED }

    /** The presented fence: lease id, epoch, attempt id and (for renew) the attempt index. */
    public record Presented(UUID leaseId, long leaseEpoch, UUID attemptId, Integer attemptIndex) {}

    private LeaseFenceCheck() {}

    /**
     * @param e       the execution (step 2 is the caller's load)
     * @param current the current attempt row, or null when none exists
     */
    public static Outcome check(EngineUnit unit, ExecCore e, Attempt current, Presented p, FenceSource source, FencedOp op) {
        // Step 3: the execution must be active, else replay reconciliation or ExecutionNotActive.
        if (e.state.lifecyclePhase() != LifecyclePhase.ACTIVE) {
            if (current != null && replayMatches(e, current, p, op)) {
                return Outcome.REPLAYED;
            }
            if (op == FencedOp.APPEND_FRAME) {
                throw new EngineException(new EngineError.State(StateKind.STREAM_CLOSED,
                        "expected lifecycle_phase active, found " + e.state.lifecyclePhase().wire()));
            }
            throw notActive(e, current);
        }
        OwnershipState own = e.state.ownershipState();
        // Step 4: revoked leases fail everything.
        if (own == OwnershipState.LEASE_REVOKED) {
            throw stepError(op, new EngineError.State(StateKind.LEASE_REVOKED, "the lease was revoked"));
        }
        // Step 5: expired (marked, or past its expiry but not yet marked). A worker cancel skips this step.
        if (op != FencedOp.CANCEL) {
            boolean expired = own == OwnershipState.LEASE_EXPIRED_RECLAIMABLE || current == null
                    || current.leaseExpiresAtMs == null || current.leaseExpiresAtMs <= unit.now();
            if (expired) {
                throw stepError(op, new EngineError.State(StateKind.LEASE_EXPIRED, "the lease expired"));
            }
        }
        // Step 6: the presented triple must equal the current lease; ff_attempt's lease_epoch is authoritative.
        boolean matches = current != null
                && Objects.equals(current.leaseId, p.leaseId())
                && current.leaseEpoch == p.leaseEpoch()
                && Objects.equals(current.attemptId, p.attemptId())
                && (op != FencedOp.RENEW || p.attemptIndex() == null || p.attemptIndex() == current.attemptIndex);
        if (!matches) {
            String detail = "expected lease_epoch " + (current == null ? 0 : current.leaseEpoch)
                    + ", presented " + p.leaseEpoch();
            EngineError err = source == FenceSource.HANDLE
                    ? new EngineError.Contention(ContentionKind.LEASE_CONFLICT, detail, null)
                    : new EngineError.State(StateKind.STALE_LEASE, detail);
            throw stepError(op, err);
        }
        return Outcome.PASSED;
    }

    /** {@code Contention(ExecutionNotActive{…})} with the stored values (spec 01 §7 step 3). */
    public static EngineException notActive(ExecCore e, Attempt current) {
        return new EngineException(new EngineError.Contention(ContentionKind.EXECUTION_NOT_ACTIVE,
                "expected lifecycle_phase active, found " + e.state.lifecyclePhase().wire(),
                new EngineError.ExecutionNotActive(e.state.terminalOutcome().wire(),
                        current == null ? 0 : current.leaseEpoch, e.state.lifecyclePhase().wire(),
                        current == null || current.attemptId == null ? "" : current.attemptId.toString())));
    }

    private static EngineException stepError(FencedOp op, EngineError err) {
        if (op == FencedOp.APPEND_FRAME) {
            return new EngineException(new EngineError.State(StateKind.STALE_OWNER_CANNOT_APPEND, err.message()));
        }
        return new EngineException(err);
    }

    private static boolean replayMatches(ExecCore e, Attempt current, LeaseFenceCheck.Presented p, FencedOp op) {
        if (!Objects.equals(current.attemptId, p.attemptId()) || current.leaseEpoch != p.leaseEpoch()) {
            return false;
        }
        TerminalOutcome outcome = e.state.terminalOutcome();
        LifecyclePhase phase = e.state.lifecyclePhase();
        AttemptState att = e.state.attemptState();
        switch (op) {
            case COMPLETE:
                return phase == LifecyclePhase.TERMINAL && outcome == TerminalOutcome.SUCCESS;
            case CANCEL:
                return phase == LifecyclePhase.TERMINAL && outcome == TerminalOutcome.CANCELLED;
            case FAIL:
                return (phase == LifecyclePhase.TERMINAL && outcome == TerminalOutcome.FAILED)
                        || (phase == LifecyclePhase.RUNNABLE && att == AttemptState.PENDING_RETRY_ATTEMPT);
            case DELAY:
            case WAIT_CHILDREN:
                return phase == LifecyclePhase.RUNNABLE && att == AttemptState.ATTEMPT_INTERRUPTED;
            default:
                return false;
        }
    }
}
