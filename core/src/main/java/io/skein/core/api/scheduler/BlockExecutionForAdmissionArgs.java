package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;
import io.skein.core.state.BlockingReason;
import java.util.Set;

/**
 * Arguments of {@code blockExecutionForAdmission} (spec 02 §8). {@code reason} must be one of
 * {@link #ADMISSION_REASONS}, else {@code Validation(InvalidBlockingReason)}; {@code reasonDetail} is nullable.
 */
public record BlockExecutionForAdmissionArgs(
        ExecutionId executionId,
        LaneId laneId,
        PartitionKey partition,
        BlockingReason reason,
        String reasonDetail,
        long now) {

    /** The blocking reasons admission may set. */
    public static final Set<BlockingReason> ADMISSION_REASONS = Set.of(BlockingReason.WAITING_FOR_BUDGET,
            BlockingReason.WAITING_FOR_QUOTA, BlockingReason.WAITING_FOR_CAPABLE_WORKER,
            BlockingReason.PAUSED_BY_OPERATOR, BlockingReason.PAUSED_BY_POLICY);

    public BlockExecutionForAdmissionArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(partition, "partition");
        ArgCheck.present(reason, "reason");
        if (!ADMISSION_REASONS.contains(reason)) {
            throw EngineError.validation(ValidationKind.INVALID_BLOCKING_REASON,
                    "reason: " + reason.wire() + " is not an admission blocking reason");
        }
    }
}
