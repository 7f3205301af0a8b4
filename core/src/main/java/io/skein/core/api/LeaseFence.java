package io.skein.core.api;

import io.skein.core.id.AttemptId;
import io.skein.core.id.LeaseId;
import java.util.Objects;

/** The fence triple every owner-only operation is checked against (spec 01 §7). */
public record LeaseFence(LeaseId leaseId, long leaseEpoch, AttemptId attemptId) {

    public LeaseFence {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(attemptId, "attemptId");
        if (leaseEpoch < 0) {
            throw io.skein.core.error.EngineError.invalidInput("lease_epoch: must be >= 0");
        }
    }
}
