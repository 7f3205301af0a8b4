package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import java.util.Optional;

/** Claim grants ({@code ff_claim_grant}), read-only. */
public interface GrantState {

    /** The execution's grant of {@code kind} ({@code claim}, {@code resume}, {@code reclaim}), if any. */
    Optional<Grant> find(ExecutionId id, String kind);

    Optional<Grant> findById(ExecutionId id, byte[] grantId);

    /** Live Kafka-mode lane grants of {@code lane} on {@code partition} (spec 05 §7). */
    long liveLaneGrants(int partition, String lane, long now);

    /** Any grant of the execution. */
    Optional<Grant> any(ExecutionId id);
}
