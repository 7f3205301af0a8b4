package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.Handle;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.state.AttemptType;

/** The attempt and lease a fresh claim opened, with the handle a worker uses from now on (spec 02 §9). */
public record ClaimedExecution(
        ExecutionId executionId,
        LeaseId leaseId,
        long leaseEpoch,
        int attemptIndex,
        AttemptId attemptId,
        AttemptType attemptType,
        long leaseExpiresAt,
        Handle handle) {

    public ClaimedExecution {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(leaseId, "lease_id");
        ArgCheck.present(attemptId, "attempt_id");
        ArgCheck.present(attemptType, "attempt_type");
        ArgCheck.present(handle, "handle");
    }
}
