package io.skein.core.state;

import io.skein.core.wire.WireEnum;

/** The one-word state users see, always derived from the vector (spec 01 §5). */
public enum PublicState implements WireEnum {
    WAITING, DELAYED, RATE_LIMITED, WAITING_CHILDREN, ACTIVE, SUSPENDED, COMPLETED, FAILED, CANCELLED,
    EXPIRED, SKIPPED
}
