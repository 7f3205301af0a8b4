package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerInstanceId;

/** An {@code active} execution whose current lease expired (spec 02 §10). */
public record ExpiredLeaseInfo(ExecutionId executionId, LeaseId leaseId, long leaseEpoch,
                               WorkerInstanceId workerInstanceId, long expiresAtMs, int attemptIndex) {

    public ExpiredLeaseInfo {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(leaseId, "lease_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
    }
}
