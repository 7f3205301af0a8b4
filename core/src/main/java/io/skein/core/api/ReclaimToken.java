package io.skein.core.api;

import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/** What {@code claimFromReclaim} consumes: the grant plus the claiming worker and its lease TTL (spec 02 §1). */
public record ReclaimToken(ReclaimGrant grant, WorkerId workerId, WorkerInstanceId workerInstanceId, int leaseTtlMs) {

    public ReclaimToken {
        ArgCheck.present(grant, "grant");
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.range(leaseTtlMs, 1, Integer.MAX_VALUE, "lease_ttl_ms");
    }
}
