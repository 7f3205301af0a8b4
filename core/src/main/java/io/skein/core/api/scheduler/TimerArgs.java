package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionKey;

/**
 * Arguments of the per-execution timer hooks (spec 02 §9, 05 §4): {@code markLeaseExpiredIfDue},
 * {@code requeueReclaimable}, {@code promoteDelayed}, {@code expireSuspension}. {@code stateVersion} (nullable) is
 * the version the timer was armed for: when given and no longer current the hook is a no-op (D3). The partition must
 * be the execution's own.
 */
public record TimerArgs(PartitionKey partition, ExecutionId executionId, Long stateVersion, long now) {

    public TimerArgs {
        checkPartition(partition, executionId);
    }

    static void checkPartition(PartitionKey partition, ExecutionId executionId) {
        ArgCheck.present(partition, "partition");
        ArgCheck.present(executionId, "execution_id");
        if (!partition.equals(executionId.partitionKey())) {
            throw EngineError.invalidInput("partition_mismatch: " + partition + " is not the partition of "
                    + executionId);
        }
    }
}
