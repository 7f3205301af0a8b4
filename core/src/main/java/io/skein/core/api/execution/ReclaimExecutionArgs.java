package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/**
 * Arguments of {@code reclaimExecution} (spec 02 §3): the new attempt and handle use the caller's {@code attemptId}
 * and {@code leaseId}. Nullable: {@code capabilityHash}, {@code maxReclaimCount} (the cap falls back to the policy,
 * then 1000); {@code attemptPolicyJson} {@code ""} means none.
 */
public record ReclaimExecutionArgs(
        ExecutionId executionId,
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        LaneId laneId,
        String capabilityHash,
        LeaseId leaseId,
        long leaseTtlMs,
        AttemptId attemptId,
        String attemptPolicyJson,
        Integer maxReclaimCount,
        WorkerInstanceId oldWorkerInstanceId,
        int currentAttemptIndex) {

    /** The reclaim cap when neither the policy nor the call names one (spec 01 §11). */
    public static final int DEFAULT_MAX_RECLAIM_COUNT = 1000;

    public ReclaimExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(leaseId, "lease_id");
        ArgCheck.range(leaseTtlMs, 1, ClaimPolicy.MAX_LEASE_TTL_MS, "lease_ttl_ms");
        ArgCheck.present(attemptId, "attempt_id");
        attemptPolicyJson = attemptPolicyJson == null ? "" : attemptPolicyJson;
        if (maxReclaimCount != null) {
            ArgCheck.nonNegative(maxReclaimCount, "max_reclaim_count");
        }
        ArgCheck.present(oldWorkerInstanceId, "old_worker_instance_id");
        ArgCheck.nonNegative(currentAttemptIndex, "current_attempt_index");
    }
}
