package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code claimExecution} (spec 02 §9); rejections are errors in the check order of 01 §8. */
@ExternallyTagged
public sealed interface ClaimExecutionResult permits ClaimExecutionResult.Claimed {

    /** The execution is {@code active} under a new lease. */
    record Claimed(ClaimedExecution claimed) implements ClaimExecutionResult {
        public Claimed {
            ArgCheck.present(claimed, "claimed");
        }
    }
}
