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
}
