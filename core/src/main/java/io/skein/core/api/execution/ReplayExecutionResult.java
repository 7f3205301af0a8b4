package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.state.PublicState;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code replayExecution} (spec 02 §3). */
@ExternallyTagged
public sealed interface ReplayExecutionResult permits ReplayExecutionResult.Replayed {

    /** The execution is runnable again: {@code waiting}, or {@code waiting_children} for a skipped flow member. */
    record Replayed(PublicState publicState) implements ReplayExecutionResult {
        public Replayed {
            ArgCheck.present(publicState, "public_state");
        }
    }
}
