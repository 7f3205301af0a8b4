package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/**
 * Arguments of {@code claimExecution}, the fresh claim that consumes a {@code claim} grant (spec 02 §9, 01 §8).
 * {@code attemptPolicyJson} {@code ""} means none; {@code expectedAttemptIndex} is advisory. Nullable:
 * {@code attemptTimeoutMs}, {@code executionDeadlineAt}, {@code grantKey} (look the grant up by this key, Kafka
 * lane grants, instead of by execution and kind).
 */
public record ClaimExecutionArgs(
        ExecutionId executionId,
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        LaneId laneId,
        LeaseId leaseId,
        long leaseTtlMs,
        AttemptId attemptId,
        int expectedAttemptIndex,
        String attemptPolicyJson,
        Long attemptTimeoutMs,
        Long executionDeadlineAt,
        long now,
        String grantKey) {

    public ClaimExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(leaseId, "lease_id");
        ArgCheck.range(leaseTtlMs, 1, ClaimPolicy.MAX_LEASE_TTL_MS, "lease_ttl_ms");
        ArgCheck.present(attemptId, "attempt_id");
        attemptPolicyJson = attemptPolicyJson == null ? "" : attemptPolicyJson;
        if (attemptTimeoutMs != null) {
            ArgCheck.nonNegative(attemptTimeoutMs, "attempt_timeout_ms");
        }
    }
}
