package io.skein.core.api.execution;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code failExecution} (spec 02 §3, 01 §10). */
@ExternallyTagged
public sealed interface FailExecutionResult permits FailExecutionResult.RetryScheduled, FailExecutionResult.TerminalFailed {

    /** Another attempt, index {@code nextAttemptIndex}, becomes eligible at {@code delayUntil}. */
    record RetryScheduled(long delayUntil, int nextAttemptIndex) implements FailExecutionResult {}

    /** No retry: the execution is {@code failed}. */
    record TerminalFailed() implements FailExecutionResult {}
}
