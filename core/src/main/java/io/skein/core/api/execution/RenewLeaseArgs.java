package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.LeaseFence;
import io.skein.core.id.ExecutionId;

/**
 * Arguments of {@code renewLease} (spec 02 §3); the fence is mandatory. {@code leaseHistoryGraceMs} defaults to
 * 60 000 when absent.
 */
public record RenewLeaseArgs(
        ExecutionId executionId,
        int attemptIndex,
        LeaseFence fence,
        long leaseTtlMs,
        Long leaseHistoryGraceMs) {

    public static final long DEFAULT_LEASE_HISTORY_GRACE_MS = 60_000;

    public RenewLeaseArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.nonNegative(attemptIndex, "attempt_index");
        if (fence == null) {
            throw io.skein.core.error.EngineError.invalidInput("fence_required");
        }
        ArgCheck.range(leaseTtlMs, 1, ClaimPolicy.MAX_LEASE_TTL_MS, "lease_ttl_ms");
        leaseHistoryGraceMs = leaseHistoryGraceMs == null ? DEFAULT_LEASE_HISTORY_GRACE_MS
                : ArgCheck.nonNegative(leaseHistoryGraceMs, "lease_history_grace_ms");
    }
}
