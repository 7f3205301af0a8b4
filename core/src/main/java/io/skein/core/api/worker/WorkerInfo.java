package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.CapabilitySet;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.util.SortedSet;

/** One live registered worker (spec 02 §10). */
public record WorkerInfo(
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        Namespace namespace,
        SortedSet<LaneId> lanes,
        CapabilitySet capabilities,
        long lastHeartbeatMs,
        long livenessTtlMs,
        long registeredAtMs) {

    public WorkerInfo {
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(namespace, "namespace");
        lanes = RegisterWorkerArgs.sortedLanes(lanes);
        capabilities = capabilities == null ? CapabilitySet.EMPTY : capabilities;
    }
}
