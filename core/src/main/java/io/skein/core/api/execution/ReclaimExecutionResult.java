package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.Handle;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code reclaimExecution} (spec 02 §3). */
@ExternallyTagged
public sealed interface ReclaimExecutionResult permits ReclaimExecutionResult.Claimed,
        ReclaimExecutionResult.NotReclaimable, ReclaimExecutionResult.ReclaimCapExceeded,
        ReclaimExecutionResult.GrantNotFound {

    /** A new attempt of type {@code reclaim} runs under {@code handle} (kind {@code reclaimed}). */
    record Claimed(Handle handle) implements ReclaimExecutionResult {
        public Claimed {
            ArgCheck.present(handle, "handle");
        }
    }

    /** Not reclaimable now (01 §11 step 4). */
    record NotReclaimable(ExecutionId executionId, String detail) implements ReclaimExecutionResult {
        public NotReclaimable {
            ArgCheck.present(executionId, "execution_id");
            detail = detail == null ? "" : detail;
        }
    }

    /** The cap was reached: the execution is now {@code expired} ({@code max_reclaims_exceeded}). */
    record ReclaimCapExceeded(ExecutionId executionId, int reclaimCount) implements ReclaimExecutionResult {
        public ReclaimCapExceeded {
            ArgCheck.present(executionId, "execution_id");
        }
    }

    /** No usable {@code reclaim} grant: missing, expired, or issued to another worker. */
    record GrantNotFound(ExecutionId executionId) implements ReclaimExecutionResult {
        public GrantNotFound {
            ArgCheck.present(executionId, "execution_id");
        }
    }
}
