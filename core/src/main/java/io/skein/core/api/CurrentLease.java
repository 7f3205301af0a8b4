package io.skein.core.api;

import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerInstanceId;

/** The live lease of an execution as an {@link ExecutionSnapshot} reports it; {@code lastHeartbeatAt} is nullable. */
public record CurrentLease(long leaseEpoch, WorkerInstanceId workerInstanceId, long expiresAt, LeaseId leaseId,
                           int attemptIndex, Long lastHeartbeatAt) {

    public CurrentLease {
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(leaseId, "lease_id");
    }
}
