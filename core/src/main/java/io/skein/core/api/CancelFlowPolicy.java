package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.wire.WireEnum;

/** Which members a flow cancel cancels (spec 04 §4.4). */
public enum CancelFlowPolicy implements WireEnum {
    /** Every non-terminal member. */
    CANCEL_ALL,
    /** Every non-terminal member that is not {@code active}; running members drain. */
    CANCEL_PENDING,
    /** None: only the flow header is cancelled. */
    FLOW_ONLY;

    /** The input alias of {@link #FLOW_ONLY}; never emitted. */
    public static final String FLOW_ONLY_ALIAS = "cancel_flow_only";

    /** Parses a wire string or the alias {@code cancel_flow_only}; anything else is {@code InvalidInput}. */
    public static CancelFlowPolicy parse(String text) {
        if (FLOW_ONLY_ALIAS.equals(text)) {
            return FLOW_ONLY;
        }
        CancelFlowPolicy value = WireEnum.lookup(CancelFlowPolicy.class, text);
        if (value == null) {
            throw EngineError.invalidInput("cancellation_policy: unknown policy");
        }
        return value;
    }
}
