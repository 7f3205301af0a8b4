package io.skein.engine.state;

import io.skein.core.id.ExecutionId;

/** One {@code ff_claim_grant} row (spec 05 §1.4). {@code kind} is {@code claim}, {@code resume} or {@code reclaim}. */
public record Grant(
        ExecutionId executionId,
        byte[] grantId,
        String kind,
        String workerId,
        String workerInstanceId,
        String laneId,
        String capabilityHash,
        String workerCapabilities,
        String routeSnapshotJson,
        String admissionSummary,
        long grantTtlMs,
        long issuedAtMs,
        long expiresAtMs) {

    /** Kafka-mode lane grants are bound to no worker: any worker of the lane may consume them (spec 05 §7). */
    public static final String ANY_WORKER = "*";

    public boolean isLaneGrant() {
        return ANY_WORKER.equals(workerId);
    }
}
