package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** What a rotation did on one partition (spec 04 §1.3). */
@ExternallyTagged
public sealed interface WaitpointHmacRotation
        permits WaitpointHmacRotation.Rotated, WaitpointHmacRotation.Noop, WaitpointHmacRotation.Failed {

    /** The new kid is current; {@code previousKid} is null on an empty keystore; {@code gcCount} kids were purged. */
    record Rotated(String previousKid, String newKid, long gcCount) implements WaitpointHmacRotation {}

    /** The kid was already current with the same secret. */
    record Noop(String kid) implements WaitpointHmacRotation {}

    /** The partition failed: the error's variant ({@code conflict}, …) and its one-line message. */
    record Failed(String errorVariant, String message) implements WaitpointHmacRotation {}
}
