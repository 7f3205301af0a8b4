package io.skein.core.state;

import io.skein.core.wire.WireEnum;

/** The life of one attempt (spec 01 §6); the last four are final. */
public enum AttemptLifecycle implements WireEnum {
    CREATED, STARTED, SUSPENDED, ENDED_SUCCESS, ENDED_FAILURE, ENDED_CANCELLED, INTERRUPTED_RECLAIMED;

    /** Whether the attempt has ended and can never run again. */
    public boolean isFinal() {
        return this == ENDED_SUCCESS || this == ENDED_FAILURE || this == ENDED_CANCELLED || this == INTERRUPTED_RECLAIMED;
    }
}
