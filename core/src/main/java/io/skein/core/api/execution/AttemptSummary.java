package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptType;

/**
 * One attempt of an execution as people read it: how it started, how it ended and how long it ran. Nullable:
 * {@code attemptType}, {@code workerInstanceId}, {@code startedAt} (not started), {@code endedAt} (still open),
 * {@code failureReason}.
 */
public record AttemptSummary(int attemptIndex, AttemptType attemptType, AttemptLifecycle lifecycle,
                             String workerInstanceId, Long startedAt, Long endedAt, String failureReason) {

    public AttemptSummary {
        ArgCheck.present(lifecycle, "lifecycle");
    }
}
