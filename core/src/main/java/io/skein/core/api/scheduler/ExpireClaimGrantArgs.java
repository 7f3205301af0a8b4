package io.skein.core.api.scheduler;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionKey;

/**
 * Arguments of the {@code expireClaimGrant} timer hook (spec 02 §9): deletes the execution's grant when it is due.
 * {@code grantKey} (nullable) narrows it to one grant; the execution stays eligible.
 */
public record ExpireClaimGrantArgs(PartitionKey partition, ExecutionId executionId, String grantKey, long now) {

    public ExpireClaimGrantArgs {
        TimerArgs.checkPartition(partition, executionId);
    }
}
