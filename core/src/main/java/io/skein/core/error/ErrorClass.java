package io.skein.core.error;

import io.skein.core.wire.WireEnum;

/** How a caller should treat an error (spec 03 §1). */
public enum ErrorClass implements WireEnum {
    TERMINAL, RETRYABLE, COOPERATIVE, INFORMATIONAL, ADVISORY, BUG, EXPECTED, SOFT_ERROR
}
