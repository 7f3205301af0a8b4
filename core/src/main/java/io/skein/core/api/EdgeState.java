package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/**
 * The state of a dependency edge (spec 04 §4.1–§4.2): staged {@code pending}, applied {@code unsatisfied}, then
 * resolved {@code satisfied} or {@code impossible}.
 */
public enum EdgeState implements WireEnum {
    PENDING, UNSATISFIED, SATISFIED, IMPOSSIBLE
}
