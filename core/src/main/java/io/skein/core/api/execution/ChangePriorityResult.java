package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code changePriority} (spec 02 §3). */
@ExternallyTagged
public sealed interface ChangePriorityResult permits ChangePriorityResult.Changed {

    /** The clamped priority is stored and the eligible order updated. */
    record Changed(ExecutionId executionId) implements ChangePriorityResult {
        public Changed {
            ArgCheck.present(executionId, "execution_id");
        }
    }
}
