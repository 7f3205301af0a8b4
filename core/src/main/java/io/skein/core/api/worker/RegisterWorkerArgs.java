package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.CapabilitySet;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Arguments of {@code registerWorker} (spec 02 §10, T2); identity is (namespace, worker instance id). */
public record RegisterWorkerArgs(
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        SortedSet<LaneId> lanes,
        CapabilitySet capabilities,
        long livenessTtlMs,
        Namespace namespace,
        long now) {

    /**
     * The longest liveness TTL: the largest integer JSON keeps exact (2^53 − 1), so {@code last_heartbeat + ttl}
     * never overflows a 64-bit column.
     */
    public static final long MAX_LIVENESS_TTL_MS = (1L << 53) - 1;

    public RegisterWorkerArgs {
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        lanes = sortedLanes(lanes);
        capabilities = capabilities == null ? CapabilitySet.EMPTY : capabilities;
        ArgCheck.range(livenessTtlMs, 1, MAX_LIVENESS_TTL_MS, "liveness_ttl_ms");
        ArgCheck.present(namespace, "namespace");
    }

    static SortedSet<LaneId> sortedLanes(Set<LaneId> lanes) {
        if (lanes == null) {
            return Collections.emptySortedSet();
        }
        for (LaneId lane : lanes) {
            if (lane == null) {
                throw io.skein.core.error.EngineError.invalidInput("lanes: contains a null element");
            }
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(lanes));
    }
}
