package io.skein.core.handle;

import io.skein.core.api.LeaseFence;
import io.skein.core.error.EngineError;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerInstanceId;
import java.util.Objects;

/** What a handle's opaque bytes carry (spec 01 §12): the attempt, the fence triple with its TTL, and routing. */
public record HandleFields(
        ExecutionId executionId,
        int attemptIndex,
        AttemptId attemptId,
        LeaseId leaseId,
        long leaseEpoch,
        long leaseTtlMs,
        LaneId laneId,
        WorkerInstanceId workerInstanceId) {

    public HandleFields {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(attemptId, "attemptId");
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(laneId, "laneId");
        Objects.requireNonNull(workerInstanceId, "workerInstanceId");
        if (attemptIndex < 0) {
            throw EngineError.invalidInput("attempt_index: must be >= 0");
        }
        if (leaseEpoch < 0) {
            throw EngineError.invalidInput("lease_epoch: must be >= 0");
        }
        if (leaseTtlMs < 0) {
            throw EngineError.invalidInput("lease_ttl_ms: must be >= 0");
        }
    }

    /** The fence triple every owner-only operation is checked against. */
    public LeaseFence fence() {
        return new LeaseFence(leaseId, leaseEpoch, attemptId);
    }
}
