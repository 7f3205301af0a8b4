package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.CapabilitySet;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/**
 * Arguments of {@code issueReclaimGrant} (spec 02 §3, 01 §11). {@code grantTtlMs} must be 1–60 000. Nullable:
 * {@code capabilityHash}, {@code routeSnapshotJson}, {@code admissionSummary} (stored with the grant, not
 * interpreted).
 */
public record IssueReclaimGrantArgs(
        ExecutionId executionId,
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        LaneId laneId,
        String capabilityHash,
        long grantTtlMs,
        String routeSnapshotJson,
        String admissionSummary,
        CapabilitySet workerCapabilities) {

    public static final long MAX_GRANT_TTL_MS = 60_000;

    public IssueReclaimGrantArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.range(grantTtlMs, 1, MAX_GRANT_TTL_MS, "grant_ttl_ms");
        workerCapabilities = workerCapabilities == null ? CapabilitySet.EMPTY : workerCapabilities;
    }
}
