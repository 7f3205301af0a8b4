package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/**
 * Arguments of {@code claimResumedExecution}, which consumes a {@code resume} grant (spec 02 §6, 01 §8). Nullable:
 * {@code remainingAttemptTimeoutMs} (re-arms the attempt timeout), {@code grantKey} (as for {@code claimExecution}).
 */
public record ClaimResumedExecutionArgs(
        ExecutionId executionId,
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        LaneId laneId,
        LeaseId leaseId,
        long leaseTtlMs,
        int currentAttemptIndex,
        Long remainingAttemptTimeoutMs,
        long now,
        String grantKey) {

    public ClaimResumedExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(leaseId, "lease_id");
        ArgCheck.range(leaseTtlMs, 1, ClaimPolicy.MAX_LEASE_TTL_MS, "lease_ttl_ms");
        ArgCheck.nonNegative(currentAttemptIndex, "current_attempt_index");
        if (remainingAttemptTimeoutMs != null) {
            ArgCheck.nonNegative(remainingAttemptTimeoutMs, "remaining_attempt_timeout_ms");
        }
    }
}
