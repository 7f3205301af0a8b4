package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.state.PublicState;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code resumeExecution} (spec 02 §3). */
@ExternallyTagged
public sealed interface ResumeExecutionResult permits ResumeExecutionResult.Resumed {

    /** The execution left {@code suspended}: {@code waiting}, or {@code delayed} with a resume delay. */
    record Resumed(PublicState publicState) implements ResumeExecutionResult {
        public Resumed {
            ArgCheck.present(publicState, "public_state");
        }
    }
}
