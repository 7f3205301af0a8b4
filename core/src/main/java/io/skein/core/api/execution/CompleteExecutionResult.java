package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code completeExecution} (spec 02 §3). */
@ExternallyTagged
public sealed interface CompleteExecutionResult permits CompleteExecutionResult.Completed {

    /** The execution is {@code completed} (or was already, on a replayed call). */
    record Completed(ExecutionId executionId, PublicState publicState) implements CompleteExecutionResult {
        public Completed {
            ArgCheck.present(executionId, "execution_id");
            ArgCheck.present(publicState, "public_state");
        }
    }
}
