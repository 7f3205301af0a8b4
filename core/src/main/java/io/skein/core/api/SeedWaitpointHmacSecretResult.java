package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code seedWaitpointHmacSecret} (spec 04 §1.3). */
@ExternallyTagged
public sealed interface SeedWaitpointHmacSecretResult
        permits SeedWaitpointHmacSecretResult.Seeded, SeedWaitpointHmacSecretResult.AlreadySeeded {

    /** The keystore was empty; {@code kid} is now current. */
    record Seeded(String kid) implements SeedWaitpointHmacSecretResult {}

    /** {@code kid} was already current; nothing changed. {@code sameSecret} says whether the secrets agree. */
    record AlreadySeeded(String kid, boolean sameSecret) implements SeedWaitpointHmacSecretResult {}
}
