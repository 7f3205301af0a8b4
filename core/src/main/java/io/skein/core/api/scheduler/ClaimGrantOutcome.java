package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.LeaseId;

/** Result of {@code issueGrantAndClaim} (spec 02 §9): the lease the operator claim opened. */
public record ClaimGrantOutcome(LeaseId leaseId, long leaseEpoch, int attemptIndex) {

    public ClaimGrantOutcome {
        ArgCheck.present(leaseId, "lease_id");
    }
}
