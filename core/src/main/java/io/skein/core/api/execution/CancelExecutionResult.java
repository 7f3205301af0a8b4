package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code cancelExecution} (spec 02 §3); an already cancelled execution gives the same result. */
@ExternallyTagged
public sealed interface CancelExecutionResult permits CancelExecutionResult.Cancelled {

    /** The execution is {@code cancelled}. */
    record Cancelled(ExecutionId executionId, PublicState publicState) implements CancelExecutionResult {
        public Cancelled {
            ArgCheck.present(executionId, "execution_id");
            ArgCheck.present(publicState, "public_state");
        }
    }
}
