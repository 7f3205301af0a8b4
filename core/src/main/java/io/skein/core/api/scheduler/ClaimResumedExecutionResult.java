package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.Handle;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code claimResumedExecution} (spec 02 §6). */
@ExternallyTagged
public sealed interface ClaimResumedExecutionResult permits ClaimResumedExecutionResult.Claimed {

    /**
     * The suspended attempt continues under a new lease (epoch + 1); {@code handle} has kind {@code resumed};
     * {@code input} is what the worker needs to run it (nullable, as in {@link ClaimedExecution}).
     */
    record Claimed(
            ExecutionId executionId,
            LeaseId leaseId,
            long leaseEpoch,
            int attemptIndex,
            AttemptId attemptId,
            long leaseExpiresAt,
            Handle handle,
            ClaimedInput input) implements ClaimResumedExecutionResult {
        public Claimed {
            ArgCheck.present(executionId, "execution_id");
            ArgCheck.present(leaseId, "lease_id");
            ArgCheck.present(attemptId, "attempt_id");
            ArgCheck.present(handle, "handle");
        }

        /** A resumed claim without the execution's input (as engines older than the field answered). */
        public Claimed(ExecutionId executionId, LeaseId leaseId, long leaseEpoch, int attemptIndex,
                       AttemptId attemptId, long leaseExpiresAt, Handle handle) {
            this(executionId, leaseId, leaseEpoch, attemptIndex, attemptId, leaseExpiresAt, handle, null);
        }
    }
}
