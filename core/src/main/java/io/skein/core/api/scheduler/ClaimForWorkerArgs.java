package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.CapabilitySet;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/** Arguments of {@code claimForWorker} (spec 02 §9, 04 §5.4); {@code grantTtlMs} must be 1–60 000. */
public record ClaimForWorkerArgs(
        LaneId laneId,
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        CapabilitySet workerCapabilities,
        long grantTtlMs) {

    public static final long MAX_GRANT_TTL_MS = 60_000;

    public ClaimForWorkerArgs {
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        workerCapabilities = workerCapabilities == null ? CapabilitySet.EMPTY : workerCapabilities;
        ArgCheck.range(grantTtlMs, 1, MAX_GRANT_TTL_MS, "grant_ttl_ms");
    }
}
