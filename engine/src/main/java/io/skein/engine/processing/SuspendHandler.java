package io.skein.engine.processing;

import io.skein.core.api.AdditionalWaitpoint;
import io.skein.core.api.HandleKind;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.SuspendOutcomeDetails;
import io.skein.core.api.TimeoutBehavior;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.WaitpointCloseReason;
import io.skein.core.api.WaitpointState;
import io.skein.core.api.policy.SuspensionPolicy;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.core.hmac.WaitpointToken;
import io.skein.core.hmac.WaitpointTokenService;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptState;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.engine.EngineUnit;
import io.skein.engine.processing.LeaseFenceCheck.FenceSource;
import io.skein.engine.processing.LeaseFenceCheck.FencedOp;
import io.skein.engine.processing.LeaseFenceCheck.Presented;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.StoredSignal;
import io.skein.engine.state.Suspension;
import io.skein.engine.state.Waitpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code suspend}, {@code suspendByTriple} and {@code createWaitpoint} (spec 04 §2.3, 02 §2): the worker parks its
 * attempt on waitpoints under a resume condition, or prepares a {@code pending} waitpoint while it keeps its lease.
 */
public final class SuspendHandler {

    /** How long a stored suspend outcome outlives the suspension's timeout (spec 04 §2.3 step 8). */
    static final long DEDUP_GRACE_MS = 60_000;
    /** The longest a stored suspend outcome lives, and its life without a timeout. */
    static final long DEDUP_MAX_MS = Duration.ofDays(7).toMillis();

    // ------------------------------------------------------------------------------------------ validation

    /** The checks that need no storage: handle kind (step 1) and the argument rules of spec 04 §2.3. */
    public static void validate(HandleKind kind, SuspendArgs args, long now) {
        if (kind == HandleKind.SUSPENDED) {
            throw EngineError.state(StateKind.ALREADY_SUSPENDED,
                    "the handle is of kind suspended: the attempt is already suspended");
        }
        validate(args, now);
    }

    public static void validate(SuspendArgs args, long now) {
        if (args == null) {
            throw EngineError.invalidInput("args: missing");
        }
        args.validate(now, id -> Optional.empty());
    }

    public static void validateWaitpoint(WaitpointKey key, Duration expiresIn) {
        if (key == null) {
            throw EngineError.invalidInput("waitpoint_key: missing");
        }
        if (expiresIn == null || expiresIn.isNegative()) {
            throw EngineError.invalidInput("expires_in: must be a duration >= 0");
        }
    }

    // ------------------------------------------------------------------------------------------ suspend

    public SuspendOutcome suspend(EngineUnit unit, HandleFields h, SuspendArgs args) {
        Optional<SuspendOutcome> stored = storedOutcome(unit, h.executionId(), args.idempotencyKey());
        if (stored.isPresent()) {
            return stored.get();
        }
        AttemptHandlers.Fenced f = AttemptHandlers.fence(unit, h.executionId(), AttemptHandlers.presented(h),
                FenceSource.HANDLE, FencedOp.SUSPEND);
        if (h.attemptIndex() != f.attempt().attemptIndex) {
            throw EngineError.validation(ValidationKind.INVALID_LEASE_FOR_SUSPEND, "expected attempt_index "
                    + f.attempt().attemptIndex + ", the handle carries " + h.attemptIndex());
        }
        return suspendFenced(unit, f, args);
    }

    public SuspendOutcome suspendByTriple(EngineUnit unit, ExecutionId executionId, LeaseFence fence, SuspendArgs args) {
        Optional<SuspendOutcome> stored = storedOutcome(unit, executionId, args.idempotencyKey());
        if (stored.isPresent()) {
            return stored.get();
        }
        AttemptHandlers.Fenced f = AttemptHandlers.fence(unit, executionId, new Presented(fence.leaseId().uuid(),
                fence.leaseEpoch(), fence.attemptId().uuid(), null), FenceSource.TRIPLE, FencedOp.SUSPEND);
        return suspendFenced(unit, f, args);
    }

    /** Steps 4–8 of spec 04 §2.3, after the fence passed. */
    private SuspendOutcome suspendFenced(EngineUnit unit, AttemptHandlers.Fenced f, SuspendArgs args) {
        ExecCore e = f.execution();
        Attempt a = f.attempt();
        long now = unit.now();
        Optional<Suspension> prior = unit.suspensions().load(e.executionId);
        if (prior.isPresent() && prior.get().isOpen()) {
            throw EngineError.state(StateKind.ALREADY_SUSPENDED,
                    "suspension " + prior.get().suspensionId + " of this execution is still open");
        }
        // With the stored keys of UsePending bindings known, the referenced-key rule can be checked in full.
        args.validate(now, id -> unit.suspensions().waitpoint(e.executionId.partition(), id)
                .filter(w -> w.executionId.equals(e.executionId)).map(Waitpoint::key));

        Long timeoutAt = args.timeoutAt();
        TimeoutBehavior behavior = args.timeoutBehavior();
        if (timeoutAt == null) {
            SuspensionPolicy policy = Policies.of(e).suspensionPolicy();
            if (policy.defaultTimeoutMs() != null) {
                timeoutAt = now + policy.defaultTimeoutMs();
                if (behavior == TimeoutBehavior.FAIL) {
                    behavior = TimeoutBehavior.parse(policy.timeoutBehavior());
                }
            }
        }
        ResumeCondition condition = args.resumeCondition();
        String conditionJson = SignalJson.write(condition);
        UUID suspensionId = args.suspensionId().uuid();
        Map<String, Set<String>> sets = ConditionEvaluator.emptySets();
        Map<String, List<String>> members = new TreeMap<>();
        List<Waitpoint> bound = new ArrayList<>();
        // the pending primary and its buffered signals' evaluations, written once every check has passed
        Waitpoint activated = null;
        List<StoredSignal> evaluated = new ArrayList<>();

        // Step 5: activate a pending waitpoint and evaluate the signals buffered on it (D9).
        WaitpointBinding primary = args.primaryWaitpoint();
        if (primary instanceof WaitpointBinding.UsePending) {
            Waitpoint w = requireUsablePending(unit, e, a, primary.waitpointId());
            w.state = WaitpointState.ACTIVE.wire();
            w.suspensionId = suspensionId;
            w.activatedAtMs = now;
            w.expiresAtMs = timeoutAt;
            w.condition = conditionJson;
            w.requiredSignalNames = SignalJson.write(condition.requiredSignalNames(w.key()));
            boolean satisfied = false;
            for (StoredSignal s : unit.suspensions().signalsOf(e.executionId, w.waitpointId)) {
                ConditionEvaluator.Outcome o = ConditionEvaluator.offer(condition, sets, SignalDeliveryHandler.offerOf(s, w));
                s.suspensionId = suspensionId;
                s.matched = o.matched();
                s.satisfier = o.satisfier();
                evaluated.add(s);
                if (o.matched()) {
                    w.matchedSignalCount++;
                    members.computeIfAbsent(w.key().value(), k -> new ArrayList<>()).add(s.signalId.toString());
                }
                if (o.conditionSatisfied()) {
                    satisfied = true;
                    break;
                }
            }
            if (satisfied) {
                evaluated.forEach(unit.suspensions()::saveEvaluation);
                w.state = WaitpointState.CLOSED.wire();
                w.closedAtMs = now;
                w.closeReason = WaitpointCloseReason.RESUMED.wire();
                unit.suspensions().save(w);
                SuspendOutcome outcome = new SuspendOutcome.AlreadySatisfied(new SuspendOutcomeDetails(
                        args.suspensionId(), w.id(), w.key(), w.token, List.of()));
                storeOutcome(unit, e.executionId, args.idempotencyKey(), outcome, timeoutAt);
                return outcome;
            }
            activated = w;
        }

        // Step 6: the Fresh waitpoints, each with its own token; checked and minted before anything is written, so
        // a refusal here leaves a pending primary pending.
        List<Waitpoint> fresh = new ArrayList<>();
        WaitpointKeystore keystore = null;
        for (WaitpointBinding binding : args.waitpoints()) {
            if (!(binding instanceof WaitpointBinding.Fresh fb)) {
                continue;
            }
            if (unit.suspensions().waitpointExists(e.executionId.partition(), fb.waitpointId())) {
                throw new EngineException(new EngineError.Conflict(ConflictKind.WAITPOINT_ALREADY_EXISTS,
                        "waitpoint " + fb.waitpointId() + " already exists"));
            }
            if (keystore == null) {
                keystore = unit.keystore().load();
            }
            WaitpointKey key = fb.waitpointKey() != null ? fb.waitpointKey()
                    : WaitpointKey.defaultFor(fb.waitpointId());
            Waitpoint w = newWaitpoint(e, a, fb.waitpointId(), key, now);
            w.token = WaitpointTokenService.mint(keystore, w.tokenFields(), "suspend");
            w.tokenKid = WaitpointToken.kidOf(w.token);
            w.state = WaitpointState.ACTIVE.wire();
            w.suspensionId = suspensionId;
            w.activatedAtMs = now;
            w.expiresAtMs = timeoutAt;
            w.condition = conditionJson;
            w.requiredSignalNames = SignalJson.write(condition.requiredSignalNames(key));
            fresh.add(w);
        }
        if (activated != null) {
            evaluated.forEach(unit.suspensions()::saveEvaluation);
            unit.suspensions().save(activated);
            bound.add(activated);
        }
        for (Waitpoint w : fresh) {
            unit.suspensions().insert(w);
            bound.add(w);
        }

        // Step 7: the transition, the released lease, the open suspension with its timeout armed.
        a.lifecycle = AttemptLifecycle.SUSPENDED;
        a.suspendedAtMs = now;
        Lifecycle.releaseLease(unit, e, a, "suspend");
        unit.executions().save(a);
        e.transition(new StateVector(LifecyclePhase.SUSPENDED, OwnershipState.UNOWNED, EligibilityState.NOT_APPLICABLE,
                args.reasonCode().blockingReason(), TerminalOutcome.NONE, AttemptState.ATTEMPT_INTERRUPTED), now);
        Waitpoint first = bound.get(0);
        e.currentSuspensionId = suspensionId;
        e.currentWaitpointId = first.waitpointId;
        unit.executions().save(e);

        Suspension s = new Suspension();
        s.executionId = e.executionId;
        s.suspensionId = suspensionId;
        s.attemptIndex = a.attemptIndex;
        s.suspendedAtMs = now;
        s.timeoutAtMs = timeoutAt;
        s.timeoutBehavior = behavior.wire();
        s.reasonCode = args.reasonCode().wire();
        s.requestedBy = args.requestedBy().wire();
        s.waitpointId = first.waitpointId;
        s.waitpointKey = first.key().value();
        List<Map<String, String>> extras = new ArrayList<>();
        List<AdditionalWaitpoint> additional = new ArrayList<>();
        for (Waitpoint w : bound.subList(1, bound.size())) {
            extras.add(Map.of("waitpoint_id", w.waitpointId.toString(), "waitpoint_key", w.key().value()));
            additional.add(new AdditionalWaitpoint(w.id(), w.key(), w.token));
        }
        s.additionalWaitpoints = SignalJson.write(extras);
        s.condition = conditionJson;
        s.resumePolicy = SignalJson.write(args.resumePolicy());
        s.continuationMetadataPointer = args.continuationMetadataPointer();
        s.satisfiedSet = SignalJson.write(sets);
        s.memberMap = SignalJson.write(members);
        unit.suspensions().replace(s);

        SuspendOutcome outcome = new SuspendOutcome.Suspended(new SuspendOutcomeDetails(args.suspensionId(),
                first.id(), first.key(), first.token, additional), Claims.handle(unit, HandleKind.SUSPENDED, e, a));
        storeOutcome(unit, e.executionId, args.idempotencyKey(), outcome, timeoutAt);
        return outcome;
    }

    /** The pending-waitpoint checks of spec 04 §2.3 step 5, in order. */
    private static Waitpoint requireUsablePending(EngineUnit unit, ExecCore e, Attempt a, WaitpointId id) {
        Waitpoint w = unit.suspensions().waitpoint(e.executionId.partition(), id).orElseThrow(() ->
                new EngineException(new EngineError.Contention(ContentionKind.WAITPOINT_NOT_FOUND,
                        "waitpoint " + id + " does not exist", null)));
        if (!w.executionId.equals(e.executionId) || w.attemptIndex == null || w.attemptIndex != a.attemptIndex) {
            throw EngineError.validation(ValidationKind.INVALID_WAITPOINT_FOR_EXECUTION, "waitpoint " + id
                    + " belongs to another execution or attempt, expected " + e.executionId + " attempt "
                    + a.attemptIndex);
        }
        if (w.pendingExpiredAt(unit.now()) || (w.isClosed()
                && WaitpointCloseReason.NEVER_COMMITTED.wire().equals(w.closeReason))) {
            throw EngineError.state(StateKind.PENDING_WAITPOINT_EXPIRED, "waitpoint " + id + " expired while pending");
        }
        if (!w.isPending()) {
            throw EngineError.state(StateKind.WAITPOINT_NOT_PENDING, "expected waitpoint state pending, found " + w.state);
        }
        if (w.token == null || w.token.isEmpty()) {
            throw EngineError.validation(ValidationKind.WAITPOINT_NOT_TOKEN_BOUND, "waitpoint " + id + " has no token");
        }
        return w;
    }

    private static Waitpoint newWaitpoint(ExecCore e, Attempt a, WaitpointId id, WaitpointKey key, long now) {
        Waitpoint w = new Waitpoint();
        w.executionId = e.executionId;
        w.waitpointId = id.uuid();
        w.attemptIndex = a.attemptIndex;
        w.waitpointKey = key.value();
        w.createdAtMs = now;
        return w;
    }

    // ------------------------------------------------------------------------------------------ idempotency

    private static Optional<SuspendOutcome> storedOutcome(EngineUnit unit, ExecutionId id, String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        return unit.suspensions().storedSuspendOutcome(id, key, unit.now())
                .map(json -> SignalJson.read(json, SuspendOutcome.class, "ff_suspend_dedup.outcome_json"));
    }

    private static void storeOutcome(EngineUnit unit, ExecutionId id, String key, SuspendOutcome outcome, Long timeoutAt) {
        if (key == null || key.isEmpty()) {
            return;
        }
        long ttl = timeoutAt == null ? DEDUP_MAX_MS : Math.min(timeoutAt - unit.now() + DEDUP_GRACE_MS, DEDUP_MAX_MS);
        unit.suspensions().storeSuspendOutcome(id, key, SignalJson.write(outcome), unit.now(), unit.now() + ttl);
    }

    // ------------------------------------------------------------------------------------------ createWaitpoint

    /** A {@code pending} waitpoint on the current attempt; the lease is kept (spec 02 §2). */
    public PendingWaitpoint createWaitpoint(EngineUnit unit, HandleFields h, WaitpointKey key, Duration expiresIn) {
        AttemptHandlers.Fenced f = AttemptHandlers.fence(unit, h.executionId(), AttemptHandlers.presented(h),
                FenceSource.HANDLE, FencedOp.CREATE_WAITPOINT);
        ExecCore e = f.execution();
        WaitpointId id = new WaitpointId(unit.newId());
        if (unit.suspensions().waitpointExists(e.executionId.partition(), id)) {
            throw new EngineException(new EngineError.Conflict(ConflictKind.WAITPOINT_ALREADY_EXISTS,
                    "waitpoint " + id + " already exists"));
        }
        Waitpoint w = newWaitpoint(e, f.attempt(), id, key, unit.now());
        w.token = WaitpointTokenService.mint(unit.keystore().load(), w.tokenFields(), "create_waitpoint");
        w.tokenKid = WaitpointToken.kidOf(w.token);
        w.expiresAtMs = saturatingAdd(unit.now(), expiresIn);
        unit.suspensions().insert(w);
        return new PendingWaitpoint(id, w.token);
    }

    private static long saturatingAdd(long now, Duration d) {
        long ms;
        try {
            ms = d.toMillis();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
        long sum = now + ms;
        return ((now ^ sum) & (ms ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
