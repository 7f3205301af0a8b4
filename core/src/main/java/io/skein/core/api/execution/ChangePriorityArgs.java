package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.Priority;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;

/** Arguments of {@code changePriority} (spec 02 §3); {@code laneId} is nullable (read from state when absent). */
public record ChangePriorityArgs(ExecutionId executionId, int newPriority, LaneId laneId, long now) {

    public ChangePriorityArgs {
        ArgCheck.present(executionId, "execution_id");
    }

    /** The priority the backend stores: {@code newPriority} clamped to [0, 9000]. */
    public int clampedPriority() {
        return Priority.clamp(newPriority);
    }
}
