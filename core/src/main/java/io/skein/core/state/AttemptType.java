package io.skein.core.state;

import io.skein.core.wire.WireEnum;

/** Why an attempt was opened (spec 01 §6); {@code fallback} is reserved. */
public enum AttemptType implements WireEnum {
    INITIAL, RETRY, RECLAIM, REPLAY, FALLBACK
}
