package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.state.PublicState;

/**
 * What {@code readExecutionInfo} and {@code GET /v1/executions/{id}} report (spec 02 §1), legacy literals
 * normalised (01 §5). Nullable: {@code startedAt}, {@code completedAt}, {@code flowId}; {@code blockingDetail} is
 * {@code ""} when there is none.
 */
public record ExecutionInfo(
        ExecutionId executionId,
        Namespace namespace,
        LaneId laneId,
        int priority,
        String executionKind,
        StateVectorView stateVector,
        PublicState publicState,
        long createdAt,
        Long startedAt,
        Long completedAt,
        int currentAttemptIndex,
        FlowId flowId,
        String blockingDetail) {

    public ExecutionInfo {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(namespace, "namespace");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(executionKind, "execution_kind");
        ArgCheck.present(stateVector, "state_vector");
        ArgCheck.present(publicState, "public_state");
        blockingDetail = blockingDetail == null ? "" : blockingDetail;
    }
}
