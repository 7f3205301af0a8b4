package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.Handle;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumePolicy;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SignalMatcher;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.SuspensionReasonCode;
import io.skein.core.api.SuspensionRequester;
import io.skein.core.api.TimeoutBehavior;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.SignalId;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.state.PublicState;
import java.util.ArrayList;
import java.util.List;

/** Givens shared by the checklist-H classes: bindings, conditions, suspend and signal calls. */
abstract class SignalConformance extends Conformance {

    static WaitpointBinding.Fresh fresh(String key) {
        return new WaitpointBinding.Fresh(WaitpointId.random(), WaitpointKey.of(key));
    }

    static ResumeCondition.Single single(String key, SignalMatcher matcher) {
        return new ResumeCondition.Single(WaitpointKey.of(key), matcher);
    }

    static SignalMatcher byName(String name) {
        return new SignalMatcher.ByName(name);
    }

    static SignalMatcher wildcard() {
        return new SignalMatcher.Wildcard();
    }

    SuspendArgs suspendArgs(List<? extends WaitpointBinding> bindings, ResumeCondition condition) {
        return suspendArgs(bindings, condition, null, null, null);
    }

    SuspendArgs suspendArgs(List<? extends WaitpointBinding> bindings, ResumeCondition condition, Long timeoutAt,
                            TimeoutBehavior behavior, String idempotencyKey) {
        return new SuspendArgs(SuspensionId.random(), new ArrayList<>(bindings), condition, ResumePolicy.defaults(),
                SuspensionReasonCode.WAITING_FOR_SIGNAL, SuspensionRequester.WORKER, timeoutAt, behavior, null,
                clock.millis(), idempotencyKey);
    }

    /** Creates an execution on the lane's partition and claims it. */
    Claimed claimedSolo() {
        ExecutionId id = created();
        return new Claimed(id, claimed());
    }

    /** Suspends on one Fresh binding {@code key} under {@code Single{key, matcher}}. */
    SuspendOutcome.Suspended suspendSingle(Handle handle, String key, SignalMatcher matcher) {
        return suspendSingle(handle, key, matcher, null, null);
    }

    SuspendOutcome.Suspended suspendSingle(Handle handle, String key, SignalMatcher matcher, Long timeoutAt,
                                           TimeoutBehavior behavior) {
        SuspendOutcome r = backend.suspend(handle, suspendArgs(List.of(fresh(key)), single(key, matcher), timeoutAt,
                behavior, null));
        return assertInstanceOf(SuspendOutcome.Suspended.class, r);
    }

    /** A signal call with the defaults of spec 02 §6; {@link SignalCall} changes single fields. */
    SignalCall signal(ExecutionId id, WaitpointId waitpoint, String token, String name) {
        return new SignalCall(id, waitpoint, token, name);
    }

    DeliverSignalResult.Accepted accepted(DeliverSignalResult r, SignalEffect effect) {
        DeliverSignalResult.Accepted a = assertInstanceOf(DeliverSignalResult.Accepted.class, r);
        org.junit.jupiter.api.Assertions.assertEquals(effect, a.effect(), "signal effect");
        return a;
    }

    PublicState state(ExecutionId id) {
        return backend.readExecutionState(id).orElseThrow();
    }

    String waitpointColumn(String column, WaitpointId waitpoint) {
        return fx.queryString("SELECT " + column + " FROM ff_waitpoint_pending WHERE waitpoint_id = ?",
                waitpoint.uuid());
    }

    String suspensionColumn(String column, ExecutionId id) {
        return fx.queryString("SELECT " + column + " FROM ff_suspension_current WHERE partition_key = ? "
                + "AND execution_id = ?", id.partition(), id.uuid());
    }

    record Claimed(ExecutionId id, Handle handle) {}

    /** A mutable deliverSignal call; {@link #args()} builds the record. */
    final class SignalCall {
        ExecutionId executionId;
        WaitpointId waitpointId;
        SignalId signalId = SignalId.random();
        String name;
        String category = "external";
        String sourceType = "webhook";
        String sourceIdentity = "conformance";
        byte[] payload;
        String idempotencyKey;
        Long dedupTtlMs;
        Long resumeDelayMs;
        Integer maxSignals;
        String token;

        SignalCall(ExecutionId executionId, WaitpointId waitpointId, String token, String name) {
            this.executionId = executionId;
            this.waitpointId = waitpointId;
            this.token = token;
            this.name = name;
        }

        SignalCall source(String identity) {
            this.sourceIdentity = identity;
            return this;
        }

        SignalCall payload(byte[] bytes) {
            this.payload = bytes;
            return this;
        }

        SignalCall idempotencyKey(String key, Long ttlMs) {
            this.idempotencyKey = key;
            this.dedupTtlMs = ttlMs;
            return this;
        }

        SignalCall signalId(SignalId id) {
            this.signalId = id;
            return this;
        }

        SignalCall resumeDelayMs(long ms) {
            this.resumeDelayMs = ms;
            return this;
        }

        SignalCall maxSignals(int max) {
            this.maxSignals = max;
            return this;
        }

        DeliverSignalArgs args() {
            return new DeliverSignalArgs(executionId, waitpointId, signalId, name, category, sourceType,
                    sourceIdentity, payload, null, null, idempotencyKey, null, null, dedupTtlMs, resumeDelayMs,
                    maxSignals, null, token, clock.millis());
        }

        DeliverSignalResult deliver() {
            return backend.deliverSignal(args());
        }
    }
}
