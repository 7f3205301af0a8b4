package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.state.PublicState;

/**
 * One line of {@code searchExecutions}: who the execution is, where it stands and when it last changed.
 *
 * @param attempts  attempts ever created (0 before the first claim)
 * @param updatedAt the last mutation, or the creation time when nothing changed since
 */
public record ExecutionSummary(ExecutionId executionId, LaneId laneId, String executionKind, PublicState publicState,
                               int attempts, long createdAt, long updatedAt) {

    public ExecutionSummary {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(executionKind, "execution_kind");
        ArgCheck.present(publicState, "public_state");
    }
}
