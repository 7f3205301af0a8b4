package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** What an AnyOf/Quorum group does to its still-running upstream siblings once it fires (spec 04 §4.2). */
public enum OnSatisfied implements WireEnum {
    CANCEL_REMAINING, LET_RUN
}
