package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.engine.state.ExecutionState;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimGrant;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.api.scheduler.ClaimGrantOutcome;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.api.scheduler.ReleaseGrantArgs;
import io.skein.core.api.scheduler.ReleaseGrantReason;
import io.skein.core.api.scheduler.ReleaseGrantResult;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Grant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;

/**
 * The scheduler's operations (spec 02 §9, 04 §5.4): issuing grants, claiming by grant, the scheduler-bypass
 * {@code claim}, operator grant-and-claim, and releasing a grant. Admission checks go through {@link Admission},
 * which budgets and quotas extend.
 */
public final class SchedulerHandlers {

    /** Candidates looked at per call: 32 partitions × 16 candidates (spec 04 §5.4). */
    static final int SCAN_LIMIT = 512;
    /** Candidates read per page of the scan: one partition's worth (spec 04 §5.4). */
    static final int PAGE = 16;

    /** Claim-time admission (spec 04 §5.4 steps 4–5): may block the candidate instead of admitting it. */
    public interface Admission {
        /** True when the candidate may be granted; false after blocking it in this unit. */
        boolean admit(EngineUnit unit, ExecCore candidate);

        /**
         * Kafka mode's lane-grant admission (05 §7): budgets as {@link #admit}; quotas wait for the claim that uses
         * the grant ({@link #admitAtLaneClaim}), so a window of granted executions does not hold quota slots.
         */
        default boolean admitForLaneGrant(EngineUnit unit, ExecCore candidate) {
            return admit(unit, candidate);
        }

        /** Kafka mode: the quota admission of a claim that uses a lane grant; false after blocking the candidate. */
        default boolean admitAtLaneClaim(EngineUnit unit, ExecCore candidate) {
            return true;
        }

        Admission ALWAYS = (unit, e) -> true;
    }

    private volatile Admission admission = Admission.ALWAYS;

    public void setAdmission(Admission admission) {
        this.admission = admission;
    }

    // ------------------------------------------------------------------------------------------------------------

    /** {@code issueClaimGrant}: no vector change; the grant kind follows routing. */
    public IssueClaimGrantResult issueClaimGrant(EngineUnit unit, IssueClaimGrantArgs args) {
        ExecCore e = unit.executions().require(args.executionId());
        if (e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || e.state.eligibilityState() != EligibilityState.ELIGIBLE_NOW) {
            throw new EngineException(new EngineError.Contention(ContentionKind.EXECUTION_NOT_ELIGIBLE,
                    "expected runnable and eligible_now, found " + e.state.lifecyclePhase().wire() + " / "
                            + e.state.eligibilityState().wire(), null));
        }
        Optional<Grant> laneGrant = laneGrantOrRefuse(unit, e);
        SortedSet<String> missing = required(e).missingFrom(args.workerCapabilities());
        if (!missing.isEmpty()) {
            throw EngineError.validation(ValidationKind.CAPABILITY_MISMATCH, String.join(",", missing));
        }
        laneGrant.ifPresent(unit.grants()::delete); // only now: a refused worker leaves the lane grant in place
        boolean replacedLaneGrant = laneGrant.isPresent();
        if (replacedLaneGrant && !admission.admitAtLaneClaim(unit, e)) {
            // Kafka mode's claimForWorker (05 §7): the quota admission of the lane grant it takes over
            throw EngineException.afterEffects(new EngineError.Contention(ContentionKind.EXECUTION_NOT_ELIGIBLE,
                    "admission refused the grant: " + e.blockingDetail, null));
        }
        Attempt current = unit.executions().currentAttempt(e);
        String kind = Claims.route(e, current) == Claims.Route.RESUMED ? "resume" : "claim";
        Grants.Issued issued = Grants.issue(unit, e, kind, args.workerId().value(), args.workerInstanceId().value(),
                args.workerCapabilities(), args.grantTtlMs(), args.capabilityHash(), args.routeSnapshotJson(),
                args.admissionSummary());
        return new IssueClaimGrantResult.Granted(e.executionId, issued.grantKey(), issued.grant().expiresAtMs());
    }

    /** {@code claimForWorker}: admission pipeline, then a grant for the best eligible candidate, or NoWork. */
    public ClaimForWorkerResult claimForWorker(EngineUnit unit, ClaimForWorkerArgs args) {
        Optional<ClaimForWorkerResult> granted = firstCandidate(unit, args.laneId(), args.workerCapabilities(),
                (e, current) -> {
            if (!admission.admit(unit, e)) {
                return Optional.empty();
            }
            Claims.Route route = Claims.route(e, current);
            if (route == Claims.Route.NONE) {
                return Optional.empty();
            }
            Grants.Issued issued = Grants.issue(unit, e, route == Claims.Route.RESUMED ? "resume" : "claim",
                    args.workerId().value(), args.workerInstanceId().value(), args.workerCapabilities(),
                    args.grantTtlMs(), null, null, null);
            return Optional.of(new ClaimForWorkerResult.Granted(new ClaimGrant(e.executionId,
                    e.executionId.partitionKey(), issued.grantKey(), issued.grant().expiresAtMs())));
        });
        return granted.orElseGet(ClaimForWorkerResult.NoWork::new);
    }

    /**
     * {@code claim}: the scheduler-bypass claim of the lane's best eligible execution; issues and consumes an
     * internal grant in one unit. A candidate routed "resumed" gets a resumed claim.
     */
    public Optional<Handle> claim(EngineUnit unit, LaneId lane, CapabilitySet capabilities, ClaimPolicy policy) {
        String worker = policy.workerId().value();
        String instance = policy.workerInstanceId().value();
        return firstCandidate(unit, lane, capabilities, (e, current) -> {
            if (!admission.admit(unit, e)) {
                return Optional.empty();
            }
            Claims.Route route = Claims.route(e, current);
            if (route == Claims.Route.FRESH) {
                return Optional.of(Claims.openAttempt(unit, e, current, Claims.freshType(e), worker, instance,
                        unit.newId(), unit.newId(), policy.leaseTtlMs(), null, HandleKind.FRESH).handle());
            }
            if (route == Claims.Route.RESUMED) {
                return Optional.of(Claims.resumeAttempt(unit, e, current, worker, instance, unit.newId(),
                        policy.leaseTtlMs(), null).handle());
            }
            return Optional.empty();
        });
    }

    /** {@code claimResumedExecution}: consumes the {@code resume} grant and continues the suspended attempt. */
    public ClaimResumedExecutionResult claimResumedExecution(EngineUnit unit, ClaimResumedExecutionArgs args) {
        ExecutionState.WithAttempt loaded = unit.executions().requireWithCurrent(args.executionId());
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        Claims.checkResumedClaimable(e, current);
        Grant grant = Grants.requireUsable(unit, e.executionId, "resume", args.workerId().value(), args.grantKey());
        unit.grants().delete(grant);
        Claims.Lease lease = Claims.resumeAttempt(unit, e, current, args.workerId().value(),
                args.workerInstanceId().value(), args.leaseId().uuid(), args.leaseTtlMs(),
                args.remainingAttemptTimeoutMs());
        Attempt a = lease.attempt();
        return new ClaimResumedExecutionResult.Claimed(e.executionId, new LeaseId(a.leaseId), a.leaseEpoch,
                a.attemptIndex, new io.skein.core.id.AttemptId(a.attemptId), a.leaseExpiresAtMs, lease.handle(),
                ClaimExecutionHandler.input(e));
    }

    /**
     * {@code issueGrantAndClaim}: operator path in one unit; worker identity {@code operator}; no capability or
     * admission check; fresh or resumed by routing.
     */
    public ClaimGrantOutcome issueGrantAndClaim(EngineUnit unit, IssueGrantAndClaimArgs args) {
        ExecutionState.WithAttempt loaded = unit.executions().requireWithCurrent(args.executionId());
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        if (e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE) {
            throw LeaseFenceCheck.notActive(e, current);
        }
        Claims.Route route = Claims.route(e, current);
        if (route == Claims.Route.RESUMED) {
            Claims.checkResumedClaimable(e, current);
        } else {
            Claims.checkFreshClaimable(e, current);
        }
        laneGrantOrRefuse(unit, e).ifPresent(unit.grants()::delete);
        Claims.Lease lease = route == Claims.Route.RESUMED
                ? Claims.resumeAttempt(unit, e, current, "operator", "operator", unit.newId(),
                        args.leaseDurationMs(), null)
                : Claims.openAttempt(unit, e, current, Claims.freshType(e), "operator", "operator", unit.newId(),
                        unit.newId(), args.leaseDurationMs(), null, HandleKind.FRESH);
        Attempt a = lease.attempt();
        return new ClaimGrantOutcome(new LeaseId(a.leaseId), a.leaseEpoch, a.attemptIndex);
    }

    /** {@code releaseGrant}: a worker hands back a grant it cannot use. */
    public ReleaseGrantResult releaseGrant(EngineUnit unit, ReleaseGrantArgs args) {
        Optional<Grant> g = unit.grants().findById(args.executionId(), GrantKeys.grantId(args.grantKey()));
        if (g.isEmpty()) {
            return new ReleaseGrantResult.AlreadyGone();
        }
        if (!g.get().executionId().equals(args.executionId())) {
            throw new EngineException(new EngineError.Contention(ContentionKind.INVALID_CLAIM_GRANT,
                    "the grant key names another execution", null));
        }
        unit.grants().delete(g.get());
        if (args.reason() == ReleaseGrantReason.CAPABILITY_MISMATCH) {
            unit.executions().load(args.executionId()).ifPresent(e -> {
                e.lastCapabilityMismatchAtMs = unit.now();
                unit.executions().save(e);
            });
        }
        return new ReleaseGrantResult.Released();
    }

    /**
     * Kafka mode (spec 05 §7): keeps up to {@code window} live lane grants ({@code worker_id = '*'}) outstanding for
     * {@code lane} on one partition, granting its best eligible executions (priority desc, created_at asc) that hold
     * no grant row (an expired one waits for timer 7's sweep, as in direct mode). Admission runs as for a claim.
     * Returns the grants issued, best first.
     */
    public List<LaneGrant> topUpLaneGrants(EngineUnit unit, int partition, String lane, int window,
                                                              long ttlMs) {
        long live = unit.grants().liveLaneGrants(partition, lane, unit.now());
        int wanted = (int) Math.max(0, window - live);
        if (wanted == 0) {
            return List.of();
        }
        return issueLaneGrants(unit, lane, wanted, unit.executions().laneGrantCandidates(partition, lane,
                wanted + PAGE), ttlMs);
    }

    /**
     * Kafka mode: issues a lane grant to each of the first {@code wanted} of {@code candidates} (claimable executions
     * of {@code lane} holding no grant, in claim order, a few more than wanted) that admission lets through and that
     * has a claim route; the task that owns them knows them from its own stores.
     */
    public List<LaneGrant> issueLaneGrants(EngineUnit unit, String lane, int wanted, List<ExecutionId> candidates,
                                           long ttlMs) {
        List<LaneGrant> issued = new java.util.ArrayList<>();
        for (ExecutionId id : candidates) {
            if (issued.size() == wanted) {
                break;
            }
            ExecCore e = unit.executions().load(id).orElse(null);
            if (e == null || !admission.admitForLaneGrant(unit, e)) {
                continue;
            }
            Claims.Route route = Claims.route(e, unit.executions().currentAttempt(e));
            if (route == Claims.Route.NONE) {
                continue;
            }
            String kind = route == Claims.Route.RESUMED ? "resume" : "claim";
            Grants.Issued g = Grants.issue(unit, e, kind, Grant.ANY_WORKER, Grant.ANY_WORKER, null, ttlMs, null, null,
                    null);
            issued.add(new LaneGrant(id, lane, g.grantKey(), kind, e.priority, e.createdAtMs,
                    g.grant().expiresAtMs(), required(e).tokens().stream().toList()));
        }
        return issued;
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * Walks the lane's eligible executions in claim order (priority desc, created_at asc, id), skipping those
     * holding a live grant and those whose required capabilities the worker lacks, and returns the first result
     * {@code attempt} produces for a candidate and its current attempt. The first page is one row, the usual claim:
     * every row a page returns stays locked until the unit ends, so a claim locks (and logs) no more than it needs.
     */
    <T> Optional<T> firstCandidate(EngineUnit unit, LaneId lane, CapabilitySet workerCapabilities,
                                   java.util.function.BiFunction<ExecCore, Attempt, Optional<T>> attempt) {
        ExecCore last = null;
        for (int seen = 0, page = 1; seen < SCAN_LIMIT; seen += page, page = PAGE) {
            // the store passes over candidates holding a live grant in its scan and returns the rows whole, with
            // their current attempts; later pages start after the last row seen (a row this unit blocked has left)
            List<ExecutionState.WithAttempt> rows = unit.executions().readyCandidates(lane, unit.now(), last, page);
            for (ExecutionState.WithAttempt row : rows) {
                last = row.execution();
                if (!required(row.execution()).isSubsetOf(workerCapabilities)) {
                    continue;
                }
                Optional<T> result = attempt.apply(row.execution(), row.current());
                if (result.isPresent()) {
                    return result;
                }
            }
            if (rows.size() < page) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * The execution's Kafka-mode lane grant, which a new grant replaces; refuses when it holds any other grant.
     * Reads only: the caller deletes the lane grant once every other check has passed.
     */
    private static Optional<Grant> laneGrantOrRefuse(EngineUnit unit, ExecCore e) {
        Optional<Grant> existing = unit.grants().any(e.executionId);
        if (existing.isPresent() && !existing.get().isLaneGrant()) {
            throw EngineError.state(StateKind.GRANT_ALREADY_EXISTS, "a " + existing.get().kind()
                    + " grant already exists for this execution");
        }
        return existing;
    }

    public static CapabilitySet required(ExecCore e) {
        if ("[]".equals(e.requiredCapabilities)) {
            return CapabilitySet.EMPTY;
        }
        try {
            List<String> tokens = SkeinJson.lenient().readerForListOf(String.class).readValue(e.requiredCapabilities);
            return CapabilitySet.required(tokens);
        } catch (java.io.IOException ex) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "ff_exec_core.required_capabilities: not JSON");
        }
    }
}
