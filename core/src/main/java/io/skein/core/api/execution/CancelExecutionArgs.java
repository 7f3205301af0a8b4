package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.CancelSource;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;

/**
 * Arguments of {@code cancelExecution} (spec 02 §3, 01 §8). The fence fields are separately nullable because the
 * HTTP body passes them through unchanged; the backend applies the triple rules of 01 §7. {@code source} defaults to
 * {@code operator_override}, {@code reason} to {@code ""}.
 */
public record CancelExecutionArgs(
        ExecutionId executionId,
        String reason,
        CancelSource source,
        LeaseId leaseId,
        Long leaseEpoch,
        AttemptId attemptId,
        long now) {

    public CancelExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
        reason = reason == null ? "" : reason;
        source = source == null ? CancelSource.OPERATOR_OVERRIDE : source;
        if (leaseEpoch != null) {
            ArgCheck.nonNegative(leaseEpoch, "lease_epoch");
        }
    }
}
