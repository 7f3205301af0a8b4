package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** Who asked for a suspension (spec 04 §2.1). */
public enum SuspensionRequester implements WireEnum {
    WORKER, OPERATOR, POLICY, SYSTEM_TIMEOUT_POLICY
}
