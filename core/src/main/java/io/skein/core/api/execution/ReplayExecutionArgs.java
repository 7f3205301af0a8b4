package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;

/** Arguments of {@code replayExecution} (spec 02 §3, 01 §8). */
public record ReplayExecutionArgs(ExecutionId executionId, long now) {

    public ReplayExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
    }
}
