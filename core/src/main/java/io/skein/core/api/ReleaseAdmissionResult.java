package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code releaseAdmission} (spec 04 §5.3); idempotent. */
@ExternallyTagged
public sealed interface ReleaseAdmissionResult permits ReleaseAdmissionResult.Released {

    record Released() implements ReleaseAdmissionResult {}
}
