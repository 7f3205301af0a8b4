package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.core.api.Priority;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.ChangePriorityResult;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.ReplayExecutionResult;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.execution.RevokeLeaseResult;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.id.LeaseId;
import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Operator controls on one execution (spec 02 §3, 01 §8): revoking a lease, changing a waiting execution's
 * priority, and replaying a terminal execution. Replay of a skipped flow member takes a different branch that the
 * flow engine contributes through {@link ReplayBranch}.
 */
public final class OperatorHandlers {

    /** Why an operator replay asked for the next attempt (lineage of the {@code replay} attempt). */
    static final String REPLAY_REASON = "operator_replay";
    static final String REPLAY_REQUESTED_BY = "operator";

    /**
     * A replay path other than the plain "back to waiting" one, e.g. a skipped flow member going back to
     * {@code waiting_children} with its impossible dependencies reset (spec 01 §8 replay row). Branches are asked in
     * registration order inside the replay unit, after the common effects (replay count, cleared outcome fields)
     * and before the transition.
     */
    @FunctionalInterface
    public interface ReplayBranch {
        /**
         * @param execution the execution, still carrying its terminal vector
         * @return the vector to replay into (the branch has written its own side effects), or null when this branch
         *         does not apply
         */
        StateVector replayVector(EngineUnit unit, ExecCore execution);
    }

    private final List<ReplayBranch> replayBranches = new CopyOnWriteArrayList<>();

    public void addReplayBranch(ReplayBranch branch) {
        replayBranches.add(branch);
    }

    // ------------------------------------------------------------------------------------------------ revoke

    /**
     * {@code revokeLease}: fences the holder at once and marks the execution the way lease expiry does, with
     * ownership {@code lease_revoked}; the next re-queue pass makes it claimable (spec 01 §11 step 2).
     */
    public RevokeLeaseResult revokeLease(EngineUnit unit, RevokeLeaseArgs args) {
        ExecCore e = unit.executions().require(args.executionId());
        if (e.state.lifecyclePhase() != LifecyclePhase.ACTIVE) {
            return new RevokeLeaseResult.AlreadySatisfied(RevokeLeaseResult.AlreadySatisfied.NO_ACTIVE_LEASE);
        }
        if (e.state.ownershipState() == OwnershipState.LEASE_REVOKED) {
            return new RevokeLeaseResult.AlreadySatisfied(RevokeLeaseResult.AlreadySatisfied.ALREADY_REVOKED);
        }
        Attempt a = unit.executions().currentAttempt(e);
        if (e.state.ownershipState() == OwnershipState.LEASE_EXPIRED_RECLAIMABLE || a == null
                || a.leaseExpiresAtMs == null || a.leaseExpiresAtMs <= unit.now()) {
            return new RevokeLeaseResult.AlreadySatisfied(RevokeLeaseResult.AlreadySatisfied.ALREADY_EXPIRED);
        }
        if (!args.workerInstanceId().isEmpty() && !args.workerInstanceId().equals(a.workerInstanceId)) {
            return new RevokeLeaseResult.AlreadySatisfied(
                    RevokeLeaseResult.AlreadySatisfied.DIFFERENT_WORKER_INSTANCE_ID);
        }
        if (args.expectedLeaseId() != null && !Objects.equals(args.expectedLeaseId().uuid(), a.leaseId)) {
            throw EngineError.state(StateKind.STALE_LEASE, "expected lease_id " + args.expectedLeaseId()
                    + " but the current lease is " + a.leaseId);
        }
        TimerHandlers.interruptForReclaim(unit, e, a, "lease_revoked", "revoked", OwnershipState.LEASE_REVOKED);
        return new RevokeLeaseResult.Revoked(new LeaseId(a.leaseId), a.leaseEpoch);
    }

    // ------------------------------------------------------------------------------------------------ priority

    /** {@code changePriority}: a waiting execution takes the clamped priority; the eligible order follows it. */
    public ChangePriorityResult changePriority(EngineUnit unit, ChangePriorityArgs args) {
        ExecCore e = unit.executions().require(args.executionId());
        if (e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || e.state.eligibilityState() != EligibilityState.ELIGIBLE_NOW) {
            throw new EngineException(new EngineError.Contention(ContentionKind.EXECUTION_NOT_ELIGIBLE,
                    "change_priority expects runnable and eligible_now, found " + e.state.lifecyclePhase().wire()
                            + " / " + e.state.eligibilityState().wire(), null));
        }
        int old = e.priority;
        e.priority = Priority.clamp(args.newPriority());
        unit.executions().save(e);
        unit.events().operator(e.executionId, e.namespace, "priority_changed",
                "{\"old_priority\":" + old + ",\"new_priority\":" + e.priority + "}");
        return new ChangePriorityResult.Changed(e.executionId);
    }

    // ------------------------------------------------------------------------------------------------ replay

    /**
     * {@code replayExecution}: a terminal execution (any outcome, cancelled included) becomes runnable again with
     * {@code pending_replay_attempt}; the next fresh claim opens an attempt of type {@code replay}.
     */
    public ReplayExecutionResult replayExecution(EngineUnit unit, ReplayExecutionArgs args) {
        ExecCore e = unit.executions().require(args.executionId());
        if (e.state.lifecyclePhase() != LifecyclePhase.TERMINAL) {
            throw EngineError.state(StateKind.EXECUTION_NOT_TERMINAL,
                    "replay expects lifecycle_phase terminal, found " + e.state.lifecyclePhase().wire());
        }
        int max = Policies.of(e).maxReplayCount();
        if (e.replayCount >= max) {
            throw EngineError.state(StateKind.MAX_REPLAYS_EXHAUSTED,
                    "replay_count " + e.replayCount + " has reached max_replay_count " + max);
        }
        Attempt last = unit.executions().currentAttempt(e);
        String previousOutcome = e.state.terminalOutcome().wire();

        e.replayCount++;
        e.terminalAtMs = null;
        e.result = null;
        e.resultEncoding = null;
        e.failureReason = null;
        e.failureCategory = null;
        e.cancellationReason = null;
        e.cancelledBy = null;
        e.delayUntilMs = null;
        e.pendingReplayReason = REPLAY_REASON;
        e.pendingReplayRequestedBy = REPLAY_REQUESTED_BY;
        e.pendingPreviousAttemptIndex = last == null ? null : last.attemptIndex;

        StateVector next = null;
        for (ReplayBranch branch : replayBranches) {
            next = branch.replayVector(unit, e);
            if (next != null) {
                break;
            }
        }
        if (next == null) {
            next = new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED, EligibilityState.ELIGIBLE_NOW,
                    BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, AttemptState.PENDING_REPLAY_ATTEMPT);
        }
        e.transition(next, unit.now());
        unit.executions().save(e);

        unit.events().operator(e.executionId, e.namespace, "replayed",
                "{\"replay_count\":" + e.replayCount + ",\"previous_outcome\":\"" + previousOutcome + "\"}");
        unit.events().lease(e, last == null ? null : last.leaseId, last == null ? 0 : last.leaseEpoch,
                last == null ? null : last.workerInstanceId, "replay_initiated", REPLAY_REASON);
        return new ReplayExecutionResult.Replayed(e.state.publicState());
    }
}
