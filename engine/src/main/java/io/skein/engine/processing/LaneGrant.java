package io.skein.engine.processing;

import io.skein.core.id.ExecutionId;
import java.util.List;

/**
 * A Kafka-mode lane grant just issued (spec 05 §7): an {@code ff_claim_grant} row bound to no worker, plus what its
 * dispatch record carries so a worker holding several picks the best.
 */
public record LaneGrant(ExecutionId executionId, String laneId, String grantKey, String kind, int priority,
                        long createdAtMs, long expiresAtMs, List<String> requiredCapabilities) {

    public LaneGrant {
        requiredCapabilities = List.copyOf(requiredCapabilities);
    }
}
