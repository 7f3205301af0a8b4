package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.LeaseId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code revokeLease} (spec 02 §3). */
@ExternallyTagged
public sealed interface RevokeLeaseResult permits RevokeLeaseResult.Revoked, RevokeLeaseResult.AlreadySatisfied {

    /** The lease was revoked; the execution is re-queued by the next timer pass. */
    record Revoked(LeaseId leaseId, long leaseEpoch) implements RevokeLeaseResult {
        public Revoked {
            ArgCheck.present(leaseId, "lease_id");
        }
    }

    /**
     * Nothing to revoke; {@code reason} is one of {@link #NO_ACTIVE_LEASE}, {@link #ALREADY_REVOKED},
     * {@link #ALREADY_EXPIRED}, {@link #DIFFERENT_WORKER_INSTANCE_ID}.
     */
    record AlreadySatisfied(String reason) implements RevokeLeaseResult {
        public static final String NO_ACTIVE_LEASE = "no_active_lease";
        public static final String ALREADY_REVOKED = "already_revoked";
        public static final String ALREADY_EXPIRED = "already_expired";
        public static final String DIFFERENT_WORKER_INSTANCE_ID = "different_worker_instance_id";

        public AlreadySatisfied {
            ArgCheck.present(reason, "reason");
        }
    }
}
