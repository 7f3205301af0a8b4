package io.skein.core.wire;

import java.util.List;
import java.util.Objects;

/**
 * A claim grant on {@code ff.dispatch.<lane>} (spec 07), keyed by {@code grantKey}. Records carry priority and
 * creation time so a worker holding several picks the best.
 */
public record GrantRecord(
        int v,
        String executionId,
        String laneId,
        String grantKey,
        long expiresAtMs,
        long createdAtMs,
        int priority,
        List<String> requiredCapabilities,
        Kind kind) {

    /** {@code claim} → {@code claim_execution}; {@code resume} → {@code claim_resumed_execution}. */
    public enum Kind implements WireEnum { CLAIM, RESUME }

    public GrantRecord {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(laneId, "laneId");
        Objects.requireNonNull(grantKey, "grantKey");
        Objects.requireNonNull(kind, "kind");
        requiredCapabilities = requiredCapabilities == null ? List.of() : List.copyOf(requiredCapabilities);
    }
}
