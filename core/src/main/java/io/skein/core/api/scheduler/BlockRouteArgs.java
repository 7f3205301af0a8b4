package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;

/**
 * Arguments of {@code blockRoute}, the {@code waiting_for_capable_worker} block (spec 02 §9). {@code reasonCode}
 * and {@code reasonDetail} default to {@code ""}.
 */
public record BlockRouteArgs(
        ExecutionId executionId,
        LaneId laneId,
        PartitionKey partition,
        String reasonCode,
        String reasonDetail,
        long now) {

    public BlockRouteArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(partition, "partition");
        reasonCode = reasonCode == null ? "" : reasonCode;
        reasonDetail = reasonDetail == null ? "" : reasonDetail;
    }
}
