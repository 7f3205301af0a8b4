package io.skein.core.error;

import io.skein.core.wire.WireEnum;

/** A transient race: re-read, re-dispatch, retry (spec 03 §1). */
public enum ContentionKind implements WireEnum {
    USE_CLAIM_RESUMED_EXECUTION, NOT_A_RESUMED_EXECUTION, EXECUTION_NOT_LEASEABLE, LEASE_CONFLICT,
    INVALID_CLAIM_GRANT, CLAIM_GRANT_EXPIRED, NO_ELIGIBLE_EXECUTION, WAITPOINT_NOT_FOUND,
    WAITPOINT_PENDING_USE_BUFFER_SCRIPT, STALE_GRAPH_REVISION, EXECUTION_NOT_ACTIVE, EXECUTION_NOT_ELIGIBLE,
    EXECUTION_NOT_IN_ELIGIBLE_SET, EXECUTION_NOT_RECLAIMABLE, NO_ACTIVE_LEASE, RATE_LIMIT_EXCEEDED,
    CONCURRENCY_LIMIT_EXCEEDED,
    /** Three serialization retries failed; the only contention that is not retryable. */
    RETRY_EXHAUSTED
}
