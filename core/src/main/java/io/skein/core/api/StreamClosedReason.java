package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** Why an attempt's stream closed (spec 04 §3.4). */
public enum StreamClosedReason implements WireEnum {
    ATTEMPT_SUCCESS, ATTEMPT_FAILURE, ATTEMPT_CANCELLED, EXPIRED, SUSPENSION_TIMEOUT, DEPENDENCY_IMPOSSIBLE,
    LEASE_EXPIRED, LEASE_REVOKED
}
