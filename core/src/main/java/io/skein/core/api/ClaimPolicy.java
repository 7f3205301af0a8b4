package io.skein.core.api;

import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/**
 * Who claims and for how long (spec 02 §1). {@code maxWaitMs} (nullable) bounds how long a Kafka-mode claim waits
 * for a dispatch grant (05 §7); direct mode ignores it. Carried in milliseconds rather than a {@code Duration} so the
 * record has the same JSON form in every envelope.
 */
public record ClaimPolicy(WorkerId workerId, WorkerInstanceId workerInstanceId, int leaseTtlMs, Long maxWaitMs) {

    /** The default worker lease TTL (spec 01 §7). */
    public static final int DEFAULT_LEASE_TTL_MS = 30_000;

    /** The longest lease any claim or renewal takes: bounded so lease arithmetic stays far from overflow. */
    public static final long MAX_LEASE_TTL_MS = Integer.MAX_VALUE;

    public ClaimPolicy {
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.range(leaseTtlMs, 1, Integer.MAX_VALUE, "lease_ttl_ms");
        if (maxWaitMs != null) {
            ArgCheck.nonNegative(maxWaitMs, "max_wait_ms");
        }
    }

    /** A policy with the default TTL and no Kafka-mode wait bound. */
    public static ClaimPolicy of(WorkerId workerId, WorkerInstanceId workerInstanceId) {
        return new ClaimPolicy(workerId, workerInstanceId, DEFAULT_LEASE_TTL_MS, null);
    }
}
