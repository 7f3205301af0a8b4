package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionKey;

/**
 * Arguments of the {@code expireExecution} timer hook (spec 02 §9): an attempt timeout fails the attempt with class
 * {@code timeout}; an execution deadline ends it {@code expired}. {@code stateVersion} is nullable (see
 * {@link TimerArgs}).
 */
public record ExpireExecutionArgs(PartitionKey partition, ExecutionId executionId, ExpirePhase phase,
                                  Long stateVersion, long now) {

    public ExpireExecutionArgs {
        TimerArgs.checkPartition(partition, executionId);
        ArgCheck.present(phase, "phase");
    }
}
