package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.wire.ExternallyTagged;
import java.time.Duration;

/**
 * Whether {@code cancelFlow} waits for owed members (spec 04 §4.4); {@link FlowCancellation#cancelFlowWaitDeadline}
 * turns it into a deadline.
 */
@ExternallyTagged
public sealed interface CancelFlowWait
        permits CancelFlowWait.NoWait, CancelFlowWait.WaitTimeout, CancelFlowWait.WaitIndefinite {

    /** Return after the header unit. */
    record NoWait() implements CancelFlowWait {}

    /** Wait up to {@code timeout} (whole milliseconds in JSON, non-negative). */
    record WaitTimeout(Duration timeout) implements CancelFlowWait {
        public WaitTimeout {
            if (timeout == null || timeout.isNegative()) {
                throw EngineError.invalidInput("wait.timeout: must be a non-negative duration");
            }
        }
    }

    /** Wait until drained, capped at {@link FlowCancellation#INDEFINITE_WAIT_CAP}. */
    record WaitIndefinite() implements CancelFlowWait {}
}
