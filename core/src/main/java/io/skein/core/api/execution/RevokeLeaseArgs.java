package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;

/**
 * Arguments of {@code revokeLease} (spec 02 §3, 01 §11). {@code expectedLeaseId} is nullable;
 * {@code workerInstanceId} {@code ""} (the default) matches any holder; {@code reason} defaults to
 * {@code operator_revoke}.
 */
public record RevokeLeaseArgs(ExecutionId executionId, LeaseId expectedLeaseId, String workerInstanceId,
                              String reason) {

    public static final String DEFAULT_REASON = "operator_revoke";

    public RevokeLeaseArgs {
        ArgCheck.present(executionId, "execution_id");
        workerInstanceId = workerInstanceId == null ? "" : ArgCheck.maxBytes(workerInstanceId, 256,
                "worker_instance_id");
        reason = reason == null || reason.isEmpty() ? DEFAULT_REASON : reason;
    }
}
