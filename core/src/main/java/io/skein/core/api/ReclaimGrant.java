package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;

/** A {@code reclaim} grant for an execution whose lease expired or was revoked (spec 01 §11, 02 §1). */
public record ReclaimGrant(ExecutionId executionId, PartitionKey partitionKey, String grantKey, long expiresAtMs,
                           LaneId laneId) {

    public ReclaimGrant {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(partitionKey, "partition_key");
        ArgCheck.text(grantKey, 512, "grant_key");
        ArgCheck.present(laneId, "lane_id");
    }
}
