package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;

/** A {@code resume} grant: a claim grant for a resumed claim, bound to the execution's lane (spec 02 §1). */
public record ResumeGrant(ExecutionId executionId, PartitionKey partitionKey, String grantKey, long expiresAtMs,
                          LaneId laneId) {

    public ResumeGrant {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(partitionKey, "partition_key");
        ArgCheck.text(grantKey, 512, "grant_key");
        ArgCheck.present(laneId, "lane_id");
    }
}
