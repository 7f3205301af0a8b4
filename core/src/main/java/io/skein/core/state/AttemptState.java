package io.skein.core.state;

import io.skein.core.wire.WireEnum;

/** The execution's view of its attempts (spec 01 §5). */
public enum AttemptState implements WireEnum {
    NONE, PENDING_FIRST_ATTEMPT, RUNNING_ATTEMPT, ATTEMPT_INTERRUPTED, PENDING_RETRY_ATTEMPT,
    PENDING_REPLAY_ATTEMPT, ATTEMPT_TERMINAL
}
