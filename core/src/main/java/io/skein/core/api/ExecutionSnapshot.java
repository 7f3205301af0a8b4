package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WaitpointId;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.PublicState;
import java.util.Map;

/**
 * What {@code describeExecution} reports (spec 02 §1); payloads are excluded. Nullable: {@code flowId},
 * {@code blockingReason}, {@code blockingDetail}, {@code currentAttempt} (before the first claim),
 * {@code currentLease} (present iff a live lease exists), {@code currentWaitpoint}, {@code progressPct},
 * {@code progressMessage}.
 */
public record ExecutionSnapshot(
        ExecutionId executionId,
        FlowId flowId,
        LaneId laneId,
        Namespace namespace,
        PublicState publicState,
        BlockingReason blockingReason,
        String blockingDetail,
        CurrentAttempt currentAttempt,
        CurrentLease currentLease,
        WaitpointId currentWaitpoint,
        long createdAt,
        long lastMutationAt,
        int totalAttemptCount,
        Map<String, String> tags,
        Integer progressPct,
        String progressMessage) {

    public ExecutionSnapshot {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(namespace, "namespace");
        ArgCheck.present(publicState, "public_state");
        tags = ArgCheck.map(tags, "tags");
    }
}
