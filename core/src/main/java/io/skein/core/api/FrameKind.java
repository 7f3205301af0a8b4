package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** The kind of an appended frame (spec 04 §3.1); its wire name is the default {@code frame_type}. */
public enum FrameKind implements WireEnum {
    STDOUT, STDERR, EVENT, BLOB
}
