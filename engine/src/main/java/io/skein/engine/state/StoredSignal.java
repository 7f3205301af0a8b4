package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import java.util.UUID;

/** The image of one {@code ff_signal} row (spec 05 §1.6, 04 §2.4 "Signal record"). */
public final class StoredSignal {
    public ExecutionId executionId;
    public UUID signalId;
    public UUID waitpointId;
    public UUID suspensionId;
    public String signalName;
    public String signalCategory;
    public String sourceType;
    public String sourceIdentity;
    public byte[] payload;
    public String payloadEncoding;
    public String correlationId;
    public String idempotencyKey;
    public String targetScope;
    public Long createdAtMs;
    public long acceptedAtMs;
    public String observedEffect;
    public boolean matched;
    public boolean satisfier;

    /** A copy of this image: a store that keeps images in memory hands out copies, so a decision that is
     *  rejected half way leaves the stored one untouched. Byte arrays are never changed in place, so they are
     *  shared. */
    public StoredSignal copy() {
        StoredSignal c = new StoredSignal();
        c.executionId = executionId;
        c.signalId = signalId;
        c.waitpointId = waitpointId;
        c.suspensionId = suspensionId;
        c.signalName = signalName;
        c.signalCategory = signalCategory;
        c.sourceType = sourceType;
        c.sourceIdentity = sourceIdentity;
        c.payload = payload;
        c.payloadEncoding = payloadEncoding;
        c.correlationId = correlationId;
        c.idempotencyKey = idempotencyKey;
        c.targetScope = targetScope;
        c.createdAtMs = createdAtMs;
        c.acceptedAtMs = acceptedAtMs;
        c.observedEffect = observedEffect;
        c.matched = matched;
        c.satisfier = satisfier;
        return c;
    }
}
