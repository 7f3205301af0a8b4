package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.Handle;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.state.AttemptType;

/**
 * The attempt and lease a fresh claim opened, with the handle a worker uses from now on (spec 02 §9), and what the
 * worker needs to run it ({@code input}: nullable, absent in replies of engines older than the field).
 */
public record ClaimedExecution(
        ExecutionId executionId,
        LeaseId leaseId,
        long leaseEpoch,
        int attemptIndex,
        AttemptId attemptId,
        AttemptType attemptType,
        long leaseExpiresAt,
        Handle handle,
        ClaimedInput input) {

    public ClaimedExecution {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(leaseId, "lease_id");
        ArgCheck.present(attemptId, "attempt_id");
        ArgCheck.present(attemptType, "attempt_type");
        ArgCheck.present(handle, "handle");
    }

    /** A claim result without the execution's input (as engines older than the field answered). */
    public ClaimedExecution(ExecutionId executionId, LeaseId leaseId, long leaseEpoch, int attemptIndex,
                            AttemptId attemptId, AttemptType attemptType, long leaseExpiresAt, Handle handle) {
        this(executionId, leaseId, leaseEpoch, attemptIndex, attemptId, attemptType, leaseExpiresAt, handle, null);
    }
}
