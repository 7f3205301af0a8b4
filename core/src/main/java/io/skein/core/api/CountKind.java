package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/**
 * What a {@code Count} resume condition counts as distinct (spec 04 §2.2): waitpoint ids, signal ids, or
 * {@code source_type:source_identity} pairs.
 */
public enum CountKind implements WireEnum {
    DISTINCT_WAITPOINTS, DISTINCT_SIGNALS, DISTINCT_SOURCES
}
