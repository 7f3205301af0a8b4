package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** Which frames a tail returns (spec 04 §3.5): all, or all but {@code best_effort} ones (summary frames stay). */
public enum TailVisibility implements WireEnum {
    ALL, EXCLUDE_BEST_EFFORT;

    /** Whether a frame stored with {@code mode} is visible. */
    public boolean shows(StreamModeKind mode) {
        return this == ALL || mode != StreamModeKind.BEST_EFFORT;
    }
}
