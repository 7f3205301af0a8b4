package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code blockRoute} (spec 02 §9). */
@ExternallyTagged
public sealed interface BlockRouteResult permits BlockRouteResult.Blocked {

    /** The execution is {@code blocked_by_route} / {@code waiting_for_capable_worker}. */
    record Blocked(ExecutionId executionId) implements BlockRouteResult {
        public Blocked {
            ArgCheck.present(executionId, "execution_id");
        }
    }
}
