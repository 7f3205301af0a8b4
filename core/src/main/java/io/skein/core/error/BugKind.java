package io.skein.core.error;

import io.skein.core.wire.WireEnum;

/** An internal invariant that was broken (spec 03 §1). */
public enum BugKind implements WireEnum {
    ATTEMPT_NOT_IN_CREATED_STATE
}
