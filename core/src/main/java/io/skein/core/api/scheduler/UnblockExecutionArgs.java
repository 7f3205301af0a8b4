package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionKey;
import io.skein.core.state.BlockingReason;

/**
 * Arguments of the {@code unblockExecution} timer hook (spec 02 §9, 04 §5.4): returns an admission-blocked
 * execution to {@code waiting} when it is still blocked with {@code expectedReason} and the block no longer holds.
 */
public record UnblockExecutionArgs(PartitionKey partition, ExecutionId executionId, BlockingReason expectedReason,
                                   long now) {

    public UnblockExecutionArgs {
        TimerArgs.checkPartition(partition, executionId);
        ArgCheck.present(expectedReason, "expected_reason");
    }
}
