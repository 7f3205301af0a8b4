package io.skein.engine;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.Handle;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumeSignal;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SignalMatcher;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.TimeoutBehavior;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.SignalId;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.engine.state.Suspension;
import io.skein.engine.state.Waitpoint;
import io.skein.engine.state.memory.InMemoryUnit;
import io.skein.engine.state.memory.InMemoryUnits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The givens the signal, stream and retention tests share: executions created, claimed and claimed again after a
 * resume through the engine's own commands, and units for the work that is not one command (reads, sweeps).
 */
final class Givens {

    static final LaneId LANE = LaneId.of("default");
    static final long LEASE_TTL_MS = 30_000;

    private final EngineRule engine;

    Givens(EngineRule engine) {
        this.engine = engine;
    }

    /** A waiting execution with the default policy. */
    ExecutionId created() {
        return created(null);
    }

    /** A waiting execution with {@code policyJson} (spec 01 §4), or the default policy for null. */
    ExecutionId created(String policyJson) {
        return created(Namespace.of("default"), Map.of(), null, policyJson);
    }

    /** A waiting execution of {@code namespace} with {@code tags} and an optional idempotency key. */
    ExecutionId created(Namespace namespace, Map<String, String> tags, String idempotencyKey, String policyJson) {
        ExecutionId id = ExecutionId.of(0, UUID.randomUUID());
        engine.when(new EngineCommand.CreateExecution(new CreateExecutionArgs(id, namespace, LANE, "demo",
                new byte[] {1}, null, 0, "test", idempotencyKey, tags,
                policyJson == null ? null : ExecutionPolicy.parse(policyJson), null, null, id.partition(),
                engine.now)));
        return id;
    }

    /** A created execution claimed by worker {@code w}: the handle of its fresh lease. */
    Handle claimed(String policyJson) {
        return claim(created(policyJson));
    }

    Handle claimed() {
        return claimed(null);
    }

    /** A fresh claim of the waiting execution {@code id} (its first attempt, a retry or a replay). */
    Handle claim(ExecutionId id) {
        Object claimed = engine.when(new EngineCommand.ClaimExecution(new ClaimExecutionArgs(id, WorkerId.of("w"),
                WorkerInstanceId.of("w-1"), LANE, LeaseId.random(), LEASE_TTL_MS, AttemptId.random(),
                engine.execution(id).totalAttemptCount, null, null, null, engine.now, grant(id))));
        return ((ClaimExecutionResult.Claimed) claimed).claimed().handle();
    }

    /** The resumed claim of a resumed execution: a {@code resume} grant consumed by {@code claimResumedExecution}. */
    Handle resumedClaim(ExecutionId id) {
        String grantKey = grant(id);
        Object claimed = engine.when(new EngineCommand.ClaimResumedExecution(new ClaimResumedExecutionArgs(id,
                WorkerId.of("w"), WorkerInstanceId.of("w-1"), LANE, LeaseId.random(), LEASE_TTL_MS,
                engine.execution(id).attemptIndex, null, engine.now, grantKey)));
        return ((ClaimResumedExecutionResult.Claimed) claimed).handle();
    }

    private String grant(ExecutionId id) {
        Object granted = engine.when(new EngineCommand.IssueClaimGrant(new IssueClaimGrantArgs(id, LANE,
                WorkerId.of("w"), WorkerInstanceId.of("w-1"), id.partitionKey(), null, null, null,
                CapabilitySet.EMPTY, 5_000, engine.now)));
        return ((IssueClaimGrantResult.Granted) granted).grantKey();
    }

    static HandleFields fields(Handle handle) {
        return HandleCodec.peek(handle);
    }

    static ExecutionId idOf(Handle handle) {
        return fields(handle).executionId();
    }

    /** {@code handle} with another lease epoch: a fence that no longer matches. */
    static Handle withEpoch(Handle handle, long epoch) {
        HandleFields h = fields(handle);
        return HandleCodec.encode(EngineRule.HANDLES.key(), handle.backend(), handle.kind(), new HandleFields(
                h.executionId(), h.attemptIndex(), h.attemptId(), h.leaseId(), epoch, h.leaseTtlMs(), h.laneId(),
                h.workerInstanceId()));
    }

    // ------------------------------------------------------------------------------------------ suspend, signal

    static WaitpointBinding fresh(String key) {
        return new WaitpointBinding.Fresh(WaitpointId.random(), WaitpointKey.of(key));
    }

    static ResumeCondition single(String key, SignalMatcher matcher) {
        return new ResumeCondition.Single(WaitpointKey.of(key), matcher);
    }

    static SignalMatcher byName(String name) {
        return new SignalMatcher.ByName(name);
    }

    static SignalMatcher wildcard() {
        return new SignalMatcher.Wildcard();
    }

    /** Suspend arguments at the rule's clock: no timeout, behaviour {@code fail}, no idempotency key. */
    SuspendArgs suspendArgs(List<WaitpointBinding> bindings, ResumeCondition condition) {
        return suspendArgs(bindings, condition, null, null, null);
    }

    SuspendArgs suspendArgs(List<WaitpointBinding> bindings, ResumeCondition condition, Long timeoutAt,
                            TimeoutBehavior behavior, String idempotencyKey) {
        return new SuspendArgs(SuspensionId.random(), bindings, condition, null, null, null, timeoutAt, behavior,
                null, engine.now, idempotencyKey);
    }

    /** Suspends the handle's attempt, which must come out {@code Suspended}. */
    SuspendOutcome.Suspended suspended(Handle handle, SuspendArgs args) {
        Object outcome = engine.when(new EngineCommand.Suspend(handle, args));
        if (!(outcome instanceof SuspendOutcome.Suspended suspended)) {
            throw new AssertionError("expected Suspended, got " + outcome);
        }
        return suspended;
    }

    /** Suspends the handle's attempt on one fresh waitpoint with {@code key} under {@code Single(key, matcher)}. */
    SuspendOutcome.Suspended suspendedOn(Handle handle, String key, SignalMatcher matcher) {
        return suspended(handle, suspendArgs(List.of(fresh(key)), single(key, matcher)));
    }

    /** A pending waitpoint made by the handle's worker, expiring {@code expiresIn} from now. */
    PendingWaitpoint pending(Handle handle, String key, Duration expiresIn) {
        return (PendingWaitpoint) engine.when(new EngineCommand.CreateWaitpoint(handle, WaitpointKey.of(key),
                expiresIn));
    }

    /** A delivery of signal {@code name} on a waitpoint, with every optional argument at its default. */
    Signal signal(ExecutionId id, WaitpointId waitpoint, String token, String name) {
        return new Signal(id, waitpoint, token, name);
    }

    /** The arguments of one {@code deliverSignal}, built up a field at a time. */
    final class Signal {
        private final ExecutionId id;
        private final WaitpointId waitpoint;
        private final String token;
        private final String name;
        private SignalId signalId = SignalId.random();
        private String source = "source-1";
        private String idempotencyKey;
        private Long dedupTtlMs;
        private Long resumeDelayMs;
        private Integer maxSignals;
        private Integer maxlen;
        private byte[] payload;

        private Signal(ExecutionId id, WaitpointId waitpoint, String token, String name) {
            this.id = id;
            this.waitpoint = waitpoint;
            this.token = token;
            this.name = name;
        }

        Signal signalId(SignalId value) {
            signalId = value;
            return this;
        }

        Signal source(String identity) {
            source = identity;
            return this;
        }

        Signal idempotencyKey(String key, Long ttlMs) {
            idempotencyKey = key;
            dedupTtlMs = ttlMs;
            return this;
        }

        Signal resumeDelayMs(long ms) {
            resumeDelayMs = ms;
            return this;
        }

        Signal maxSignals(int max) {
            maxSignals = max;
            return this;
        }

        Signal maxlen(int max) {
            maxlen = max;
            return this;
        }

        Signal payload(byte[] bytes) {
            payload = bytes;
            return this;
        }

        EngineCommand command() {
            return new EngineCommand.DeliverSignal(new DeliverSignalArgs(id, waitpoint, signalId, name, "custom",
                    "external", source, payload, null, null, idempotencyKey, null, engine.now, dedupTtlMs,
                    resumeDelayMs, maxSignals, maxlen, token, engine.now));
        }

        DeliverSignalResult deliver() {
            return (DeliverSignalResult) engine.when(command());
        }

        /** Delivers; the signal must be accepted with {@code effect}. */
        DeliverSignalResult.Accepted accepted(SignalEffect effect) {
            DeliverSignalResult result = deliver();
            if (!(result instanceof DeliverSignalResult.Accepted accepted) || accepted.effect() != effect) {
                throw new AssertionError("expected Accepted with " + effect + ", got " + result);
            }
            return accepted;
        }
    }

    /** The stored waitpoint (every execution of these tests lives in partition 0). */
    Waitpoint waitpoint(WaitpointId id) {
        return engine.state.suspensions().waitpoint(0, id).orElseThrow(() -> new AssertionError("no waitpoint " + id));
    }

    /** The execution's latest suspension row. */
    Suspension suspension(ExecutionId id) {
        return engine.state.suspensions().load(id).orElseThrow(() -> new AssertionError("no suspension of " + id));
    }

    /** The signals the handle's attempt observes after its resume (spec 02 §2). */
    List<ResumeSignal> observedSignals(Handle handle) {
        return read(unit -> engine.engine.signals().observeSignals(unit, fields(handle)));
    }

    /** Given (raw): the keystore is empty, as in a library store started without a secret. */
    void emptyKeystore() {
        write(unit -> {
            unit.keystore().replace(WaitpointKeystore.EMPTY);
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ timers, units

    /** A timer item for {@code id} without an armed version, at the rule's clock. */
    TimerArgs timer(ExecutionId id) {
        return new TimerArgs(id.partitionKey(), id, null, engine.now);
    }

    /** Reads through the engine's decisions at the rule's clock, outside any command. */
    <T> T read(Function<EngineUnit, T> work) {
        return work.apply(new InMemoryUnit(engine.state, engine.now, EngineRule.HANDLES));
    }

    /** Runs {@code work} as one unit of its own at the rule's clock (a sweep or a retention item), committed. */
    <T> T write(Function<EngineUnit, T> work) {
        return new InMemoryUnits(engine.state, () -> engine.now, EngineRule.HANDLES).write(work);
    }
}
