package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionKey;

/** A short-lived reservation letting one worker claim one execution (spec 02 §1, 04 §5.4 step 7). */
public record ClaimGrant(ExecutionId executionId, PartitionKey partitionKey, String grantKey, long expiresAtMs) {

    public ClaimGrant {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(partitionKey, "partition_key");
        ArgCheck.text(grantKey, 512, "grant_key");
    }
}
