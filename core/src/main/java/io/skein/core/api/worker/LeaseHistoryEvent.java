package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.wire.ExternallyTagged;

/**
 * One lease-history event (spec 02 §11 {@code subscribeLeaseHistory}); {@code Renewed} is never produced.
 * Nullable in every variant: {@code leaseId}, {@code workerInstanceId}, and the variant-specific owner fields.
 */
@ExternallyTagged
public sealed interface LeaseHistoryEvent permits LeaseHistoryEvent.Acquired, LeaseHistoryEvent.Expired,
        LeaseHistoryEvent.Reclaimed, LeaseHistoryEvent.Revoked {

    EventCursor cursor();

    ExecutionId executionId();

    long at();

    /** A claim opened a lease. */
    record Acquired(EventCursor cursor, ExecutionId executionId, LeaseId leaseId, WorkerInstanceId workerInstanceId,
                    long at) implements LeaseHistoryEvent {
        public Acquired {
            ArgCheck.present(cursor, "cursor");
            ArgCheck.present(executionId, "execution_id");
        }
    }

    /** A lease ran out; {@code prevOwner} held it. */
    record Expired(EventCursor cursor, ExecutionId executionId, LeaseId leaseId, WorkerInstanceId workerInstanceId,
                   long at, WorkerInstanceId prevOwner) implements LeaseHistoryEvent {
        public Expired {
            ArgCheck.present(cursor, "cursor");
            ArgCheck.present(executionId, "execution_id");
        }
    }

    /** An expired or revoked lease was reclaimed by {@code newOwner} under {@code newLeaseId}. */
    record Reclaimed(EventCursor cursor, ExecutionId executionId, LeaseId leaseId, WorkerInstanceId workerInstanceId,
                     long at, LeaseId newLeaseId, WorkerInstanceId newOwner) implements LeaseHistoryEvent {
        public Reclaimed {
            ArgCheck.present(cursor, "cursor");
            ArgCheck.present(executionId, "execution_id");
        }
    }

    /** An operator revoked the lease. */
    record Revoked(EventCursor cursor, ExecutionId executionId, LeaseId leaseId, WorkerInstanceId workerInstanceId,
                   long at, String revokedBy) implements LeaseHistoryEvent {
        public Revoked {
            ArgCheck.present(cursor, "cursor");
            ArgCheck.present(executionId, "execution_id");
            revokedBy = revokedBy == null ? "" : revokedBy;
        }
    }
}
