package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.engine.state.ExecutionState;

import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.ReclaimGrant;
import io.skein.core.api.ReclaimToken;
import io.skein.core.api.ResumeToken;
import io.skein.core.api.execution.IssueReclaimGrantArgs;
import io.skein.core.api.execution.IssueReclaimGrantResult;
import io.skein.core.api.execution.ReclaimExecutionArgs;
import io.skein.core.api.execution.ReclaimExecutionResult;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.id.LaneId;
import io.skein.core.state.AttemptType;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.TerminalOutcome;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Grant;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;

/**
 * Claims from grants other than the scheduler's {@code claim} grant: the explicit reclaim family of spec 01 §11
 * step 4 ({@code issueReclaimGrant}, {@code reclaimExecution}, {@code claimFromReclaim}) and the resumed claim from a
 * {@code resume} grant token ({@code claimFromResumeGrant}).
 */
public final class ReclaimHandlers {

    static final String RECLAIM = "reclaim";
    static final String RESUME = "resume";

    private final Lifecycle lifecycle;

    public ReclaimHandlers(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    // ------------------------------------------------------------------------------------------ issueReclaimGrant

    /** Stores a {@code reclaim} grant for a reclaimable execution; the cap and capability checks change nothing. */
    public IssueReclaimGrantResult issueReclaimGrant(EngineUnit unit, IssueReclaimGrantArgs args) {
        ExecCore e = unit.executions().require(args.executionId());
        requireLane(e, args.laneId());
        Attempt current = unit.executions().currentAttempt(e);
        String notReclaimable = whyNotReclaimable(unit, e, current);
        if (notReclaimable != null) {
            return new IssueReclaimGrantResult.NotReclaimable(e.executionId, notReclaimable);
        }
        if (e.leaseReclaimCount >= TimerHandlers.reclaimCap(e, null)) {
            return new IssueReclaimGrantResult.ReclaimCapExceeded(e.executionId, e.leaseReclaimCount);
        }
        SortedSet<String> missing = SchedulerHandlers.required(e).missingFrom(args.workerCapabilities());
        if (!missing.isEmpty()) {
            return new IssueReclaimGrantResult.NotReclaimable(e.executionId, String.join(",", missing));
        }
        Optional<Grant> existing = unit.grants().any(e.executionId);
        if (existing.isPresent()) {
            if (existing.get().expiresAtMs() > unit.now()) {
                throw EngineError.state(StateKind.GRANT_ALREADY_EXISTS, "a " + existing.get().kind()
                        + " grant already exists for this execution until " + existing.get().expiresAtMs());
            }
            // An expired grant the expiry timer has not swept yet is replaced, not an obstacle.
            unit.grants().delete(existing.get());
        }
        Grants.Issued issued = Grants.issue(unit, e, RECLAIM, args.workerId().value(), args.workerInstanceId().value(),
                args.workerCapabilities(), args.grantTtlMs(), args.capabilityHash(), args.routeSnapshotJson(),
                args.admissionSummary());
        return new IssueReclaimGrantResult.Granted(new ReclaimGrant(e.executionId, e.executionId.partitionKey(),
                issued.grantKey(), issued.grant().expiresAtMs(), LaneId.of(e.laneId)));
    }

    // ------------------------------------------------------------------------------------------ reclaimExecution

    /**
     * Consumes the caller's {@code reclaim} grant and opens a reclaim attempt with the caller's attempt and lease
     * ids. At the reclaim cap the execution ends {@code expired} instead.
     */
    public ReclaimExecutionResult reclaimExecution(EngineUnit unit, ReclaimExecutionArgs args) {
        ExecCore e = unit.executions().require(args.executionId());
        requireLane(e, args.laneId());
        Attempt current = unit.executions().currentAttempt(e);
        String notReclaimable = whyNotReclaimable(unit, e, current);
        if (notReclaimable != null) {
            return new ReclaimExecutionResult.NotReclaimable(e.executionId, notReclaimable);
        }
        int cap = TimerHandlers.reclaimCap(e, args.maxReclaimCount());
        if (e.leaseReclaimCount >= cap) {
            expireAtCap(unit, e, current);
            return new ReclaimExecutionResult.ReclaimCapExceeded(e.executionId, cap);
        }
        Optional<Grant> grant = unit.grants().find(e.executionId, RECLAIM);
        if (grant.isEmpty() || grant.get().expiresAtMs() <= unit.now()
                || !grant.get().workerId().equals(args.workerId().value())) {
            return new ReclaimExecutionResult.GrantNotFound(e.executionId);
        }
        unit.grants().delete(grant.get());
        Claims.Lease lease = reclaim(unit, e, current, args.workerId().value(), args.workerInstanceId().value(),
                args.leaseId().uuid(), args.attemptId().uuid(), args.leaseTtlMs());
        return new ReclaimExecutionResult.Claimed(lease.handle());
    }

    // ------------------------------------------------------------------------------------------ claimFromReclaim

    /**
     * Reclaims with a token whose grant names this execution and lane, has not expired and is the {@code reclaim}
     * grant stored for the token's worker ({@code Contention(InvalidClaimGrant)} otherwise, nothing written). Empty,
     * with nothing written, on a live lease or a non-active execution; empty after ending the execution
     * {@code expired} at the reclaim cap.
     */
    public Optional<Handle> claimFromReclaim(EngineUnit unit, ReclaimToken token) {
        ReclaimGrant g = token.grant();
        ExecCore e = unit.executions().require(g.executionId());
        requireLane(e, g.laneId());
        if (g.expiresAtMs() <= unit.now()) {
            throw new EngineException(new EngineError.Contention(ContentionKind.CLAIM_GRANT_EXPIRED,
                    "the reclaim grant expired at " + g.expiresAtMs(), null));
        }
        Attempt current = unit.executions().currentAttempt(e);
        if (whyNotReclaimable(unit, e, current) != null) {
            return Optional.empty();
        }
        // The presented key must name the reclaim grant stored for this worker, as every claim's grant must; checked
        // before the cap so that a token never issued cannot end the execution either.
        Grant grant = Grants.requireUsable(unit, e.executionId, RECLAIM, token.workerId().value(), g.grantKey());
        if (e.leaseReclaimCount >= TimerHandlers.reclaimCap(e, null)) {
            expireAtCap(unit, e, current);
            return Optional.empty();
        }
        unit.grants().delete(grant);
        return Optional.of(reclaim(unit, e, current, token.workerId().value(), token.workerInstanceId().value(),
                unit.newId(), unit.newId(), token.leaseTtlMs()).handle());
    }

    // ------------------------------------------------------------------------------------------ claimFromResumeGrant

    /**
     * A resumed claim with the token's worker identity and TTL, consuming the {@code resume} grant. Empty when the
     * execution is no longer resumable (claimed, cancelled or otherwise moved on since the grant was issued).
     */
    public Optional<Handle> claimFromResumeGrant(EngineUnit unit, ResumeToken token) {
        ExecutionState.WithAttempt loaded = unit.executions().requireWithCurrent(token.grant().executionId());
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        boolean resumable = e.state.lifecyclePhase() == LifecyclePhase.RUNNABLE
                && e.state.eligibilityState() == EligibilityState.ELIGIBLE_NOW
                && e.state.ownershipState() == OwnershipState.UNOWNED
                && Claims.route(e, current) == Claims.Route.RESUMED;
        if (!resumable) {
            return Optional.empty();
        }
        if (token.grant().expiresAtMs() <= unit.now()) {
            throw new EngineException(new EngineError.Contention(ContentionKind.CLAIM_GRANT_EXPIRED,
                    "the resume grant expired at " + token.grant().expiresAtMs(), null));
        }
        Grant grant = Grants.requireUsable(unit, e.executionId, RESUME, token.workerId().value(),
                token.grant().grantKey());
        unit.grants().delete(grant);
        return Optional.of(Claims.resumeAttempt(unit, e, current, token.workerId().value(),
                token.workerInstanceId().value(), unit.newId(), token.leaseTtlMs(), null).handle());
    }

    // ------------------------------------------------------------------------------------------ shared steps

    /**
     * Reclaimable ⇔ {@code active} and (ownership {@code lease_expired_reclaimable} or {@code lease_revoked}, or
     * {@code leased} with {@code lease_expires_at ≤ now}) (spec 01 §11 step 4). Returns why not, or null.
     */
    static String whyNotReclaimable(EngineUnit unit, ExecCore e, Attempt current) {
        if (e.state.lifecyclePhase() != LifecyclePhase.ACTIVE) {
            return "execution is " + e.state.lifecyclePhase().wire() + ", not active";
        }
        OwnershipState own = e.state.ownershipState();
        if (own == OwnershipState.LEASE_EXPIRED_RECLAIMABLE || own == OwnershipState.LEASE_REVOKED) {
            return null;
        }
        if (own == OwnershipState.LEASED && current != null && current.leaseExpiresAtMs != null
                && current.leaseExpiresAtMs > unit.now()) {
            return "lease is live until " + current.leaseExpiresAtMs;
        }
        return own == OwnershipState.LEASED ? null : "ownership is " + own.wire();
    }

    /** A reclaim needs the token or call to name the execution's own lane. */
    private static void requireLane(ExecCore e, LaneId lane) {
        if (!e.laneId.equals(lane.value())) {
            throw EngineError.invalidInput("lane_mismatch: the execution is on lane " + e.laneId + ", not "
                    + lane.value());
        }
    }

    /** The old attempt, if its lease was never marked, is interrupted now as lease expiry would have done. */
    private static void markIfUnmarked(EngineUnit unit, ExecCore e, Attempt current) {
        if (e.state.ownershipState() == OwnershipState.LEASED && current != null) {
            TimerHandlers.interruptForReclaim(unit, e, current, "lease_expired", "expired",
                    OwnershipState.LEASE_EXPIRED_RECLAIMABLE);
        }
    }

    private static Claims.Lease reclaim(EngineUnit unit, ExecCore e, Attempt current, String workerId, String workerInstanceId,
                                        UUID leaseId, UUID attemptId, long leaseTtlMs) {
        markIfUnmarked(unit, e, current);
        return Claims.openAttempt(unit, e, current, AttemptType.RECLAIM, workerId, workerInstanceId, leaseId, attemptId,
                leaseTtlMs, null, HandleKind.RECLAIMED);
    }

    /** At the cap the execution ends {@code expired} with {@code max_reclaims_exceeded} (spec 01 §11 step 5). */
    private void expireAtCap(EngineUnit unit, ExecCore e, Attempt current) {
        markIfUnmarked(unit, e, current);
        e.failureReason = "max_reclaims_exceeded";
        lifecycle.finishTerminal(unit, e, TerminalOutcome.EXPIRED, true);
    }
}
