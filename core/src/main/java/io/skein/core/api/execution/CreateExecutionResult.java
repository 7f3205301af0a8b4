package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code createExecution} (spec 02 §4). */
@ExternallyTagged
public sealed interface CreateExecutionResult permits CreateExecutionResult.Created, CreateExecutionResult.Duplicate {

    /** A new execution, {@code waiting} or {@code delayed} (D1). */
    record Created(ExecutionId executionId, PublicState publicState) implements CreateExecutionResult {
        public Created {
            ArgCheck.present(executionId, "execution_id");
            ArgCheck.present(publicState, "public_state");
        }
    }

    /** The id already exists, or the idempotency key has a live entry: {@code executionId} is the original. */
    record Duplicate(ExecutionId executionId) implements CreateExecutionResult {
        public Duplicate {
            ArgCheck.present(executionId, "execution_id");
        }
    }
}
