package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/**
 * How a resolved upstream affects an edge (spec 04 §4.2): {@code success_only}, the only kind, is satisfied by
 * success alone.
 */
public enum DependencyKind implements WireEnum {
    SUCCESS_ONLY
}
