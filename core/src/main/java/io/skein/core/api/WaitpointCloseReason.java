package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** Why a waitpoint closed (spec 04 §1.1). */
public enum WaitpointCloseReason implements WireEnum {
    RESUMED, CANCELLED, TIMED_OUT_FAIL, TIMED_OUT_CANCEL, TIMED_OUT_EXPIRE, TIMED_OUT_AUTO_RESUME, NEVER_COMMITTED,
    EXPIRED, DEPENDENCY_IMPOSSIBLE
}
