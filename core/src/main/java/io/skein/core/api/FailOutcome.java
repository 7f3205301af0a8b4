package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** What {@code fail} decided (spec 01 §10): another attempt after a delay, or terminal {@code failed}. */
@ExternallyTagged
public sealed interface FailOutcome permits FailOutcome.RetryScheduled, FailOutcome.TerminalFailed {

    /** A retry is scheduled; the execution becomes eligible at {@code delayUntil}. */
    record RetryScheduled(long delayUntil) implements FailOutcome {}

    /** No retry remains (or the class never retries): the execution is {@code failed}. */
    record TerminalFailed() implements FailOutcome {}
}
