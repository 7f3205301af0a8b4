package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.CapabilitySet;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/**
 * Arguments of {@code issueClaimGrant} (spec 02 §9). Nullable: {@code capabilityHash}, {@code routeSnapshotJson},
 * {@code admissionSummary}. {@code grantTtlMs} must be 1–60 000.
 */
public record IssueClaimGrantArgs(
        ExecutionId executionId,
        LaneId laneId,
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        PartitionKey partition,
        String capabilityHash,
        String routeSnapshotJson,
        String admissionSummary,
        CapabilitySet workerCapabilities,
        long grantTtlMs,
        long now) {

    public IssueClaimGrantArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(partition, "partition");
        workerCapabilities = workerCapabilities == null ? CapabilitySet.EMPTY : workerCapabilities;
        ArgCheck.range(grantTtlMs, 1, ClaimForWorkerArgs.MAX_GRANT_TTL_MS, "grant_ttl_ms");
    }
}
