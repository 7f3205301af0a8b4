package io.skein.core.state;

import io.skein.core.wire.WireEnum;

/** Whether a runnable execution may be claimed now (spec 01 §5). */
public enum EligibilityState implements WireEnum {
    ELIGIBLE_NOW, NOT_ELIGIBLE_UNTIL_TIME, BLOCKED_BY_DEPENDENCIES, BLOCKED_BY_BUDGET, BLOCKED_BY_QUOTA,
    BLOCKED_BY_ROUTE, BLOCKED_BY_LANE_STATE, BLOCKED_BY_OPERATOR, NOT_APPLICABLE
}
