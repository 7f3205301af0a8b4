package io.skein.core.api.scheduler;

import io.skein.core.wire.WireEnum;

/** Why a worker hands back a lane grant (spec 02 §9 {@code releaseGrant}). */
public enum ReleaseGrantReason implements WireEnum {
    CAPABILITY_MISMATCH, SHUTTING_DOWN, OTHER
}
