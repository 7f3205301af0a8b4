package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/**
 * Whether an edge group has fired (spec 04 §4.2): {@code pending} until it is satisfied or impossible; it fires
 * once.
 */
public enum EdgeGroupState implements WireEnum {
    PENDING, SATISFIED, IMPOSSIBLE
}
