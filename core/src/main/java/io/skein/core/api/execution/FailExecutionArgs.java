package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.CancelSource;
import io.skein.core.api.FailureClass;
import io.skein.core.api.LeaseFence;
import io.skein.core.id.ExecutionId;

/**
 * Arguments of {@code failExecution} (spec 02 §3). {@code fence} is nullable (01 §7). {@code failureCategory} is
 * parsed as a {@link FailureClass}, unknown → {@code transient}. {@code retryPolicyJson}, when non-empty, replaces the
 * stored retry policy for this decision (01 §10); {@code nextAttemptPolicyJson} is stored for the next attempt. Both
 * default to {@code ""}; {@code source} defaults to {@code operator_override}.
 */
public record FailExecutionArgs(
        ExecutionId executionId,
        LeaseFence fence,
        int attemptIndex,
        String failureReason,
        String failureCategory,
        String retryPolicyJson,
        String nextAttemptPolicyJson,
        CancelSource source,
        long now) {

    public FailExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.nonNegative(attemptIndex, "attempt_index");
        failureReason = failureReason == null ? "" : failureReason;
        failureCategory = failureCategory == null ? "" : failureCategory;
        retryPolicyJson = retryPolicyJson == null ? "" : retryPolicyJson;
        nextAttemptPolicyJson = nextAttemptPolicyJson == null ? "" : nextAttemptPolicyJson;
        source = source == null ? CancelSource.OPERATOR_OVERRIDE : source;
    }

    /** The class that drives the retry decision. */
    public FailureClass failureClass() {
        return FailureClass.parse(failureCategory);
    }
}
