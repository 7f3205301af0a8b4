package io.skein.engine.processing;

import io.skein.core.api.DeliverApprovalSignalArgs;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.ListPendingWaitpointsArgs;
import io.skein.core.api.ListPendingWaitpointsPage;
import io.skein.core.api.PendingWaitpointInfo;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumePolicy;
import io.skein.core.api.ResumeSignal;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.WaitpointCloseReason;
import io.skein.core.api.execution.ResumeExecutionArgs;
import io.skein.core.api.execution.ResumeExecutionResult;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.hmac.WaitpointToken;
import io.skein.core.hmac.WaitpointTokenService;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionFamily;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointId;
import io.skein.core.state.LifecyclePhase;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.StoredSignal;
import io.skein.engine.state.Suspension;
import io.skein.engine.state.Waitpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Signal delivery (spec 04 §2.4, authenticate before revealing state), the operator approval path, operator resume
 * (02 §3), and the waitpoint reads: {@code observeSignals}, {@code readWaitpointToken},
 * {@code listPendingWaitpoints} (04 §1.1, §2.6).
 */
public final class SignalDeliveryHandler {

    /** Largest signal payload in bytes (spec 04 §2.4 step 0). */
    public static final int MAX_PAYLOAD_BYTES = 65_536;

    private static final int MAX_NAME_BYTES = 256;

    // ------------------------------------------------------------------------------------------ validation

    /** Step 0: argument rules that need no storage. */
    public static void validate(DeliverSignalArgs a) {
        if (a == null) {
            throw EngineError.invalidInput("args: missing");
        }
        if (a.executionId() == null) {
            throw EngineError.invalidInput("execution_id: missing");
        }
        if (a.waitpointId() == null) {
            throw EngineError.invalidInput("waitpoint_id: missing");
        }
        if (a.signalId() == null) {
            throw EngineError.invalidInput("signal_id: missing");
        }
        name(a.signalName(), "signal_name");
        name(a.signalCategory(), "signal_category");
        name(a.sourceType(), "source_type");
        name(a.sourceIdentity(), "source_identity");
        if (!"waitpoint".equals(a.targetScope()) && !"execution".equals(a.targetScope())) {
            throw EngineError.invalidInput("target_scope: must be waitpoint or execution, got " + a.targetScope());
        }
        if (a.dedupTtlMs() < 0) {
            throw EngineError.invalidInput("dedup_ttl_ms: must be >= 0");
        }
        if (a.resumeDelayMs() != null && a.resumeDelayMs() < 0) {
            throw EngineError.invalidInput("resume_delay_ms: must be >= 0");
        }
        if (a.maxSignalsPerExecution() < 1) {
            throw EngineError.invalidInput("max_signals_per_execution: must be >= 1");
        }
        if (a.signalMaxlen() < 1) {
            throw EngineError.invalidInput("signal_maxlen: must be >= 1");
        }
        byte[] payload = a.payload();
        if (payload != null && payload.length > MAX_PAYLOAD_BYTES) {
            throw EngineError.validation(ValidationKind.PAYLOAD_TOO_LARGE, "payload: " + payload.length
                    + " bytes exceeds " + MAX_PAYLOAD_BYTES);
        }
    }

    public static void validate(DeliverApprovalSignalArgs a) {
        if (a == null || a.executionId() == null || a.laneId() == null || a.waitpointId() == null) {
            throw EngineError.invalidInput("execution_id, lane_id and waitpoint_id: required");
        }
        name(a.signalName(), "signal_name");
        if (a.idempotencySuffix() == null) {
            throw EngineError.invalidInput("idempotency_suffix: missing");
        }
        if (a.signalDedupTtlMs() < 0) {
            throw EngineError.invalidInput("signal_dedup_ttl_ms: must be >= 0");
        }
    }

    private static void name(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw EngineError.invalidInput(field + ": missing or empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw EngineError.invalidInput(field + ": longer than " + MAX_NAME_BYTES + " bytes");
        }
    }

    // ------------------------------------------------------------------------------------------ deliverSignal

    public DeliverSignalResult deliverSignal(EngineUnit unit, DeliverSignalArgs a) {
        return deliver(unit, a, "deliver_signal");
    }

    /** The operator path: the stored token, category {@code approval}, source {@code operator} (spec 02 §6). */
    public DeliverSignalResult deliverApprovalSignal(EngineUnit unit, DeliverApprovalSignalArgs a) {
        ExecCore e = unit.executions().require(a.executionId());
        if (!a.laneId().value().equals(e.laneId)) {
            throw EngineError.invalidInput("lane_mismatch");
        }
        Waitpoint w = unit.suspensions().waitpoint(e.executionId.partition(), a.waitpointId())
                .filter(x -> x.executionId.equals(e.executionId))
                .orElseThrow(() -> EngineError.notFound("waitpoint"));
        DeliverSignalArgs signal = new DeliverSignalArgs(a.executionId(), a.waitpointId(), new SignalId(unit.newId()),
                a.signalName(), DeliverApprovalSignalArgs.SIGNAL_CATEGORY, DeliverApprovalSignalArgs.SOURCE_TYPE,
                DeliverApprovalSignalArgs.SOURCE_TYPE, null, null, null, a.idempotencyKey(),
                DeliverApprovalSignalArgs.TARGET_SCOPE, unit.now(), a.signalDedupTtlMs(), null,
                a.maxSignalsPerExecution(), a.maxlen(), w.token, unit.now());
        validate(signal);
        return deliver(unit, signal, "deliver_approval_signal");
    }

    /** Steps 1–11 of spec 04 §2.4, in order; a failing step writes nothing. */
    private DeliverSignalResult deliver(EngineUnit unit, DeliverSignalArgs a, String op) {
        long now = unit.now();
        // 1. The execution exists.
        ExecCore e = unit.executions().require(a.executionId());
        // 2. The waitpoint exists and is this execution's; otherwise the same error as a bad token (no probing).
        Waitpoint w = unit.suspensions().waitpoint(e.executionId.partition(), a.waitpointId())
                .filter(x -> x.executionId.equals(e.executionId))
                .orElseThrow(() -> EngineError.validation(ValidationKind.INVALID_TOKEN, "invalid_token"));
        // 3. The token verifies over the stored fields.
        WaitpointTokenService.verify(a.waitpointToken(), w.tokenFields(), unit.keystore().load(), now, op);
        // 4–5. Only now may state be revealed.
        if (e.state.isTerminal()) {
            throw EngineError.state(StateKind.TARGET_NOT_SIGNALABLE, "the execution is terminal ("
                    + e.state.terminalOutcome().wire() + ")");
        }
        if (w.isClosed()) {
            throw EngineError.state(StateKind.TARGET_NOT_SIGNALABLE, "waitpoint " + w.id() + " is closed ("
                    + w.closeReason + ")");
        }
        if (w.pendingExpiredAt(now)) {
            throw EngineError.state(StateKind.TARGET_NOT_SIGNALABLE, "pending waitpoint " + w.id() + " has expired");
        }
        // 6. The per-execution signal limit.
        long recorded = unit.suspensions().recordedSignalCount(e.executionId);
        if (recorded >= a.maxSignalsPerExecution()) {
            throw EngineError.validation(ValidationKind.SIGNAL_LIMIT_EXCEEDED, "the execution has " + recorded
                    + " signals, max_signals_per_execution is " + a.maxSignalsPerExecution());
        }
        // 7. Idempotency: the same signal id, or a live (waitpoint, key) entry.
        if (unit.suspensions().signalExists(e.executionId, a.signalId().uuid())) {
            return new DeliverSignalResult.Duplicate(a.signalId());
        }
        boolean dedup = a.idempotencyKey() != null && !a.idempotencyKey().isEmpty() && a.dedupTtlMs() > 0;
        if (dedup) {
            Optional<UUID> existing = unit.suspensions().liveSignalDedup(e.executionId.partition(), w.waitpointId,
                    a.idempotencyKey());
            if (existing.isPresent()) {
                return new DeliverSignalResult.Duplicate(new SignalId(existing.get()));
            }
            unit.suspensions().putSignalDedup(e.executionId.partition(), w.waitpointId, a.idempotencyKey(),
                    a.signalId().uuid(), now + a.dedupTtlMs());
        }
        // 8. The signal record and the waitpoint counters.
        StoredSignal s = record(e.executionId, w, a, now);
        w.signalCount++;
        w.lastSignalAtMs = now;

        Suspension suspension = null;
        ConditionEvaluator.Outcome outcome;
        if (w.isPending()) {
            // 9. Buffered until the suspension activates the waitpoint (D9).
            outcome = new ConditionEvaluator.Outcome(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT, false, false, false);
        } else {
            // 10. Evaluate against the open suspension that owns the waitpoint.
            suspension = unit.suspensions().load(e.executionId)
                    .filter(x -> x.isOpen() && x.suspensionId.equals(w.suspensionId)).orElse(null);
            if (suspension == null) {
                outcome = new ConditionEvaluator.Outcome(SignalEffect.SIGNAL_IGNORED_NOT_IN_CONDITION, false, false,
                        false);
            } else {
                ResumeCondition condition = SignalJson.read(suspension.condition, ResumeCondition.class,
                        "ff_suspension_current.condition");
                Map<String, Set<String>> sets = SignalJson.readSets(suspension.satisfiedSet,
                        "ff_suspension_current.satisfied_set");
                outcome = ConditionEvaluator.offer(condition, sets, offerOf(s, w));
                suspension.satisfiedSet = SignalJson.write(sets);
                suspension.lastSignalAtMs = now;
                s.suspensionId = suspension.suspensionId;
                if (outcome.matched()) {
                    w.matchedSignalCount++;
                    Map<String, List<String>> members = memberMap(suspension);
                    members.computeIfAbsent(w.key().value(), k -> new ArrayList<>()).add(s.signalId.toString());
                    suspension.memberMap = SignalJson.write(members);
                }
            }
        }
        // 11. The effect on the signal, the counters, the delivery event.
        s.observedEffect = outcome.effect().wire();
        s.matched = outcome.matched();
        s.satisfier = outcome.satisfier();
        unit.suspensions().insert(s);
        unit.suspensions().save(w);
        if (suspension != null) {
            if (outcome.conditionSatisfied() && e.state.lifecyclePhase() == LifecyclePhase.SUSPENDED) {
                Resumption.resume(unit, e, suspension, WaitpointCloseReason.RESUMED.wire(), s.signalId,
                        Resumption.satisfierIds(unit, suspension), resumeDelay(a, suspension));
            } else {
                unit.suspensions().save(suspension);
            }
        }
        unit.suspensions().trimNonSatisfiers(e.executionId, w.waitpointId, a.signalMaxlen());
        unit.events().signal(e, s.signalId, w.waitpointId, s.sourceIdentity, s.observedEffect);
        return new DeliverSignalResult.Accepted(a.signalId(), outcome.effect());
    }

    private static StoredSignal record(ExecutionId executionId, Waitpoint w, DeliverSignalArgs a, long now) {
        StoredSignal s = new StoredSignal();
        s.executionId = executionId;
        s.signalId = a.signalId().uuid();
        s.waitpointId = w.waitpointId;
        s.signalName = a.signalName();
        s.signalCategory = a.signalCategory();
        s.sourceType = a.sourceType();
        s.sourceIdentity = a.sourceIdentity();
        s.payload = a.payload();
        s.payloadEncoding = a.payload() == null ? null
                : a.payloadEncoding() == null ? "json" : a.payloadEncoding();
        s.correlationId = a.correlationId();
        s.idempotencyKey = a.idempotencyKey();
        s.targetScope = a.targetScope();
        s.createdAtMs = a.createdAt();
        s.acceptedAtMs = now;
        return s;
    }

    /** The delivery's delay, else the suspension's resume policy, else none (spec 04 §2.4 step 10). */
    private static long resumeDelay(DeliverSignalArgs a, Suspension s) {
        if (a.resumeDelayMs() != null) {
            return a.resumeDelayMs();
        }
        if (s.resumePolicy != null) {
            ResumePolicy policy = SignalJson.read(s.resumePolicy, ResumePolicy.class, "ff_suspension_current.resume_policy");
            if (policy.resumeDelayMs() != null) {
                return policy.resumeDelayMs();
            }
        }
        return 0;
    }

    private static Map<String, List<String>> memberMap(Suspension s) {
        Map<String, List<String>> out = new TreeMap<>();
        if (s.memberMap == null || s.memberMap.isBlank()) {
            return out;
        }
        Map<?, ?> raw = SignalJson.read(s.memberMap, Map.class, "ff_suspension_current.member_map");
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            List<String> ids = new ArrayList<>();
            if (entry.getValue() instanceof List<?> list) {
                list.forEach(v -> ids.add(String.valueOf(v)));
            }
            out.put(String.valueOf(entry.getKey()), ids);
        }
        return out;
    }

    static ConditionEvaluator.Offer offerOf(StoredSignal s, Waitpoint w) {
        return new ConditionEvaluator.Offer(w.waitpointId, w.key(), s.signalId, s.signalName, s.sourceType,
                s.sourceIdentity);
    }

    // ------------------------------------------------------------------------------------------ resumeExecution

    /** Operator resume: the condition is not evaluated (spec 02 §3). */
    public ResumeExecutionResult resumeExecution(EngineUnit unit, ResumeExecutionArgs a) {
        ExecCore e = unit.executions().require(a.executionId());
        Suspension s = unit.suspensions().load(e.executionId).filter(Suspension::isOpen).orElse(null);
        if (e.state.lifecyclePhase() != LifecyclePhase.SUSPENDED || s == null) {
            throw EngineError.state(StateKind.EXECUTION_NOT_SUSPENDED, "expected lifecycle_phase suspended with an "
                    + "open suspension, found " + e.state.lifecyclePhase().wire());
        }
        Resumption.resume(unit, e, s, WaitpointCloseReason.RESUMED.wire(), null, Resumption.satisfierIds(unit, s),
                a.resumeDelayMs());
        return new ResumeExecutionResult.Resumed(e.state.publicState());
    }

    // ------------------------------------------------------------------------------------------ reads

    /**
     * The satisfier signals of the latest suspension of the handle's attempt iff it closed {@code resumed} or
     * {@code timed_out_auto_resume}; else empty (spec 02 §2).
     */
    public List<ResumeSignal> observeSignals(EngineUnit unit, HandleFields h) {
        Suspension s = unit.suspensions().load(h.executionId()).orElse(null);
        if (s == null || s.isOpen() || s.attemptIndex == null || s.attemptIndex != h.attemptIndex()) {
            return List.of();
        }
        if (!WaitpointCloseReason.RESUMED.wire().equals(s.closeReason)
                && !WaitpointCloseReason.TIMED_OUT_AUTO_RESUME.wire().equals(s.closeReason)) {
            return List.of();
        }
        List<ResumeSignal> out = new ArrayList<>();
        for (String id : SignalJson.readList(s.satisfierSignalIds, "ff_suspension_current.satisfier_signal_ids")) {
            unit.suspensions().signal(h.executionId(), UUID.fromString(id)).ifPresent(sig -> out.add(new ResumeSignal(
                    new SignalId(sig.signalId), sig.signalName, sig.signalCategory, sig.sourceType,
                    sig.sourceIdentity, sig.correlationId, sig.acceptedAtMs, sig.payload)));
        }
        return out;
    }

    /** The raw token, empty when the waitpoint is absent (operator use, spec 02 §6). */
    public Optional<String> readWaitpointToken(EngineUnit unit, PartitionKey partition, WaitpointId waitpointId) {
        if (partition.family() != PartitionFamily.FLOW) {
            throw EngineError.invalidInput("partition: waitpoints live in execution partitions {fp:N}, got "
                    + partition);
        }
        return unit.suspensions().waitpoint(partition.index(), waitpointId).map(w -> w.token);
    }

    /** Pending and active waitpoints by id with kid and fingerprint, never the token (spec 04 §1.1). */
    public ListPendingWaitpointsPage listPendingWaitpoints(EngineUnit unit, ListPendingWaitpointsArgs a) {
        if (!unit.executions().exists(a.executionId())) {
            throw EngineError.notFound("execution");
        }
        int limit = a.limit();
        List<Waitpoint> rows = unit.suspensions().openWaitpoints(a.executionId(), a.after(), limit + 1);
        boolean more = rows.size() > limit;
        List<Waitpoint> page = rows.subList(0, Math.min(limit, rows.size()));
        List<PendingWaitpointInfo> entries = new ArrayList<>(page.size());
        for (Waitpoint w : page) {
            String kid = w.tokenKid != null ? w.tokenKid : w.token == null ? "" : WaitpointToken.kidOf(w.token);
            entries.add(new PendingWaitpointInfo(w.id(), w.key(), w.parsedState(),
                    SignalJson.readList(w.requiredSignalNames, "ff_waitpoint_pending.required_signal_names"),
                    w.createdAtMs, w.activatedAtMs, w.expiresAtMs, w.executionId, kid == null ? "" : kid,
                    w.token == null ? "" : WaitpointToken.fingerprint(w.token)));
        }
        WaitpointId next = more && !page.isEmpty() ? page.get(page.size() - 1).id() : null;
        return new ListPendingWaitpointsPage(entries, next);
    }
}
