package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;

/** Arguments of {@code issueGrantAndClaim}, the operator claim in one unit (spec 02 §9). */
public record IssueGrantAndClaimArgs(ExecutionId executionId, LaneId laneId, long leaseDurationMs) {

    public IssueGrantAndClaimArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.range(leaseDurationMs, 1, Long.MAX_VALUE, "lease_duration_ms");
    }
}
