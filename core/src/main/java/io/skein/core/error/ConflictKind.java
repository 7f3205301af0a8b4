package io.skein.core.error;

import io.skein.core.wire.WireEnum;

/** A permanent clash with an existing record (spec 03 §1). */
public enum ConflictKind implements WireEnum {
    DEPENDENCY_ALREADY_EXISTS, CYCLE_DETECTED, SELF_REFERENCING_EDGE, EXECUTION_ALREADY_IN_FLOW,
    WAITPOINT_ALREADY_EXISTS, BUDGET_ATTACH_CONFLICT, QUOTA_ATTACH_CONFLICT, ROTATION_CONFLICT,
    ACTIVE_ATTEMPT_EXISTS
}
