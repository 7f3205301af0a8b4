package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** Why an attempt failed (spec 01 §10); only {@link #PERMANENT} and {@link #CANCELLED} never retry (D4). */
public enum FailureClass implements WireEnum {
    TRANSIENT, PERMANENT, INFRA_CRASH, TIMEOUT, CANCELLED;

    /** Whether the retry policy may schedule another attempt for this class. */
    public boolean retryable() {
        return this != PERMANENT && this != CANCELLED;
    }

    /** Parses a stored or reported category; unknown or missing strings are {@link #TRANSIENT} (spec 02 §3). */
    public static FailureClass parse(String category) {
        FailureClass c = WireEnum.lookup(FailureClass.class, category);
        return c == null ? TRANSIENT : c;
    }
}
