package io.skein.core.api.execution;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code renewLease} (spec 02 §3). */
@ExternallyTagged
public sealed interface RenewLeaseResult permits RenewLeaseResult.Renewed {

    /** The lease now expires at {@code expiresAt}; the epoch is unchanged. */
    record Renewed(long expiresAt) implements RenewLeaseResult {}
}
