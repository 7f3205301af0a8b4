package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** A flow's status in {@code listFlows} (spec 02 §5): open/running/blocked roll-ups list as {@code active}. */
public enum FlowSummaryStatus implements WireEnum {
    ACTIVE, COMPLETED, FAILED, CANCELLED, UNKNOWN
}
