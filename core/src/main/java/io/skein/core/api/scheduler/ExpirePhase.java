package io.skein.core.api.scheduler;

import io.skein.core.wire.WireEnum;

/** Which clock ran out in {@code expireExecution} (spec 02 §9, 01 §8). */
public enum ExpirePhase implements WireEnum {
    ATTEMPT_TIMEOUT, EXECUTION_DEADLINE
}
