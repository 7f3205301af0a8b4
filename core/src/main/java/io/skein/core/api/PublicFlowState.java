package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** The authoritative state of a flow header (spec 04 §4.5); only {@code cancelled} refuses mutations. */
public enum PublicFlowState implements WireEnum {
    OPEN, CANCELLED
}
