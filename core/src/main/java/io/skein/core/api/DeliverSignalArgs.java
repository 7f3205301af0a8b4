package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointId;
import java.util.Arrays;
import java.util.Objects;

/**
 * Arguments of {@code deliverSignal} (spec 02 §6, 04 §2.4). Nullable: {@code payload}, {@code payloadEncoding},
 * {@code correlationId}, {@code idempotencyKey}, {@code createdAt}, {@code resumeDelayMs}. Defaults applied when
 * missing: {@code targetScope "waitpoint"}, {@code dedupTtlMs} 86 400 000, {@code maxSignalsPerExecution} 10 000,
 * {@code signalMaxlen} 1 000. The token is a secret: {@link #toString()} redacts it.
 */
public record DeliverSignalArgs(ExecutionId executionId, WaitpointId waitpointId, SignalId signalId,
                                String signalName, String signalCategory, String sourceType, String sourceIdentity,
                                byte[] payload, String payloadEncoding, String correlationId, String idempotencyKey,
                                String targetScope, Long createdAt, Long dedupTtlMs, Long resumeDelayMs,
                                Integer maxSignalsPerExecution, Integer signalMaxlen, String waitpointToken,
                                long now) {

    public static final String DEFAULT_TARGET_SCOPE = "waitpoint";
    public static final long DEFAULT_DEDUP_TTL_MS = 86_400_000L;
    public static final int DEFAULT_MAX_SIGNALS_PER_EXECUTION = 10_000;
    public static final int DEFAULT_SIGNAL_MAXLEN = 1_000;

    public DeliverSignalArgs {
        payload = payload == null ? null : payload.clone();
        targetScope = targetScope == null ? DEFAULT_TARGET_SCOPE : targetScope;
        dedupTtlMs = dedupTtlMs == null ? DEFAULT_DEDUP_TTL_MS : dedupTtlMs;
        maxSignalsPerExecution = maxSignalsPerExecution == null ? DEFAULT_MAX_SIGNALS_PER_EXECUTION
                : maxSignalsPerExecution;
        signalMaxlen = signalMaxlen == null ? DEFAULT_SIGNAL_MAXLEN : signalMaxlen;
    }

    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeliverSignalArgs a && Objects.equals(executionId, a.executionId)
                && Objects.equals(waitpointId, a.waitpointId) && Objects.equals(signalId, a.signalId)
                && Objects.equals(signalName, a.signalName) && Objects.equals(signalCategory, a.signalCategory)
                && Objects.equals(sourceType, a.sourceType) && Objects.equals(sourceIdentity, a.sourceIdentity)
                && Arrays.equals(payload, a.payload) && Objects.equals(payloadEncoding, a.payloadEncoding)
                && Objects.equals(correlationId, a.correlationId) && Objects.equals(idempotencyKey, a.idempotencyKey)
                && Objects.equals(targetScope, a.targetScope) && Objects.equals(createdAt, a.createdAt)
                && Objects.equals(dedupTtlMs, a.dedupTtlMs) && Objects.equals(resumeDelayMs, a.resumeDelayMs)
                && Objects.equals(maxSignalsPerExecution, a.maxSignalsPerExecution)
                && Objects.equals(signalMaxlen, a.signalMaxlen) && Objects.equals(waitpointToken, a.waitpointToken)
                && now == a.now;
    }

    @Override
    public int hashCode() {
        return Objects.hash(executionId, waitpointId, signalId, signalName, Arrays.hashCode(payload), now);
    }

    @Override
    public String toString() {
        return "DeliverSignalArgs[executionId=" + executionId + ", waitpointId=" + waitpointId + ", signalId="
                + signalId + ", signalName=" + signalName + ", signalCategory=" + signalCategory + ", sourceType="
                + sourceType + ", sourceIdentity=" + sourceIdentity + ", payload="
                + (payload == null ? "null" : payload.length + " bytes") + ", idempotencyKey=" + idempotencyKey
                + ", targetScope=" + targetScope + ", waitpointToken=" + WaitpointTokens.redact(waitpointToken)
                + ", now=" + now + "]";
    }
}
