package io.skein.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who asked for a cancel or an unfenced complete/fail (spec 02 §1). An open set: the named constants have
 * meaning to the engine (only {@link #OPERATOR_OVERRIDE} may act without a fence triple, 01 §7), any other
 * non-empty string (≤ 256 bytes) is recorded as given.
 */
public record CancelSource(String value) {

    public static final CancelSource OPERATOR_OVERRIDE = new CancelSource("operator_override");
    public static final CancelSource LEASE_HOLDER = new CancelSource("lease_holder");
    public static final CancelSource FLOW_CASCADE = new CancelSource("flow_cascade");
    public static final CancelSource SYSTEM_TIMEOUT = new CancelSource("system_timeout");

    public CancelSource {
        ArgCheck.text(value, 256, "source");
    }

    /** The source named by {@code value}; null means the default, {@link #OPERATOR_OVERRIDE}. */
    @JsonCreator
    public static CancelSource of(String value) {
        return value == null ? OPERATOR_OVERRIDE : new CancelSource(value);
    }

    public boolean isOperatorOverride() {
        return OPERATOR_OVERRIDE.value.equals(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
