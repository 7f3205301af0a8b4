package io.skein.core.api;

import io.skein.core.id.AttemptId;

/** The current attempt of an execution as an {@link ExecutionSnapshot} reports it. */
public record CurrentAttempt(AttemptId attemptId, int attemptIndex) {

    public CurrentAttempt {
        ArgCheck.present(attemptId, "attempt_id");
    }
}
