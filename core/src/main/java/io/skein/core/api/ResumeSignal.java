package io.skein.core.api;

import io.skein.core.id.SignalId;
import java.util.Arrays;
import java.util.Objects;

/**
 * A satisfier signal read back by {@code observeSignals} (spec 04 §2.4). {@code correlationId} and {@code payload}
 * are nullable.
 */
public record ResumeSignal(SignalId signalId, String signalName, String signalCategory, String sourceType,
                           String sourceIdentity, String correlationId, long acceptedAt, byte[] payload) {

    public ResumeSignal {
        payload = payload == null ? null : payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResumeSignal s && Objects.equals(signalId, s.signalId)
                && Objects.equals(signalName, s.signalName) && Objects.equals(signalCategory, s.signalCategory)
                && Objects.equals(sourceType, s.sourceType) && Objects.equals(sourceIdentity, s.sourceIdentity)
                && Objects.equals(correlationId, s.correlationId) && acceptedAt == s.acceptedAt
                && Arrays.equals(payload, s.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(signalId, signalName, signalCategory, sourceType, sourceIdentity, correlationId,
                acceptedAt, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "ResumeSignal[signalId=" + signalId + ", signalName=" + signalName + ", signalCategory="
                + signalCategory + ", sourceType=" + sourceType + ", sourceIdentity=" + sourceIdentity
                + ", correlationId=" + correlationId + ", acceptedAt=" + acceptedAt + ", payload="
                + (payload == null ? "null" : payload.length + " bytes") + "]";
    }
}
