package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.ReclaimGrant;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code issueReclaimGrant} (spec 02 §3). */
@ExternallyTagged
public sealed interface IssueReclaimGrantResult permits IssueReclaimGrantResult.Granted,
        IssueReclaimGrantResult.NotReclaimable, IssueReclaimGrantResult.ReclaimCapExceeded {

    /** A {@code reclaim} grant is stored. */
    record Granted(ReclaimGrant grant) implements IssueReclaimGrantResult {
        public Granted {
            ArgCheck.present(grant, "grant");
        }
    }

    /**
     * Not reclaimable now (01 §11 step 4); for a capability mismatch {@code detail} is the sorted CSV of the
     * missing tokens.
     */
    record NotReclaimable(ExecutionId executionId, String detail) implements IssueReclaimGrantResult {
        public NotReclaimable {
            ArgCheck.present(executionId, "execution_id");
            detail = detail == null ? "" : detail;
        }
    }

    /** The reclaim cap is reached; nothing was changed. */
    record ReclaimCapExceeded(ExecutionId executionId, int reclaimCount) implements IssueReclaimGrantResult {
        public ReclaimCapExceeded {
            ArgCheck.present(executionId, "execution_id");
        }
    }
}
