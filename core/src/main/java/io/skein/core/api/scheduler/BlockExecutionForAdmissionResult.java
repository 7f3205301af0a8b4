package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.BlockingReason;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code blockExecutionForAdmission} (spec 02 §8). */
@ExternallyTagged
public sealed interface BlockExecutionForAdmissionResult permits BlockExecutionForAdmissionResult.Blocked {

    /** The execution is blocked with {@code reason} until the unblock timer re-checks it. */
    record Blocked(ExecutionId executionId, BlockingReason reason) implements BlockExecutionForAdmissionResult {
        public Blocked {
            ArgCheck.present(executionId, "execution_id");
            ArgCheck.present(reason, "reason");
        }
    }
}
