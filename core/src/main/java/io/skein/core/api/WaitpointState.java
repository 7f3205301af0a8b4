package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** The life of a waitpoint (spec 04 §1.1): {@code pending} → {@code active} → {@code closed}. */
public enum WaitpointState implements WireEnum {
    PENDING, ACTIVE, CLOSED
}
