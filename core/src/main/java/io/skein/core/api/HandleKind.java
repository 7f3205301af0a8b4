package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** How a handle was obtained (spec 01 §12); {@code suspended} handles carry no live lease. */
public enum HandleKind implements WireEnum {
    FRESH, RESUMED, RECLAIMED, SUSPENDED
}
