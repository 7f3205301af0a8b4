package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.WaitpointId;

/**
 * Arguments of the {@code closeWaitpoint} timer hook (spec 02 §9): a {@code pending} waitpoint past
 * {@code expires_at} is closed {@code never_committed}; the execution is unchanged.
 */
public record CloseWaitpointArgs(PartitionKey partition, ExecutionId executionId, WaitpointId waitpointId, long now) {

    public CloseWaitpointArgs {
        TimerArgs.checkPartition(partition, executionId);
        ArgCheck.present(waitpointId, "waitpoint_id");
    }
}
