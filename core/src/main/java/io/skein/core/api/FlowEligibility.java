package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** Answer of {@code evaluateFlowEligibility} (spec 04 §4.2). */
public enum FlowEligibility implements WireEnum {
    NOT_FOUND, NOT_RUNNABLE, OWNED, TERMINAL, IMPOSSIBLE, BLOCKED_BY_DEPENDENCIES, ELIGIBLE
}
