package io.skein.core.api.scheduler;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code releaseGrant} (spec 02 §9). */
@ExternallyTagged
public sealed interface ReleaseGrantResult permits ReleaseGrantResult.Released, ReleaseGrantResult.AlreadyGone {

    /** The grant is gone and the execution was granted again under a new key (Kafka mode). */
    record Released() implements ReleaseGrantResult {}

    /** The grant had already been consumed, expired or released. */
    record AlreadyGone() implements ReleaseGrantResult {}
}
