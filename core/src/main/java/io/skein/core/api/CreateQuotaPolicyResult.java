package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code createQuotaPolicy} (spec 02 §8); an existing policy is never overwritten. */
@ExternallyTagged
public sealed interface CreateQuotaPolicyResult
        permits CreateQuotaPolicyResult.Created, CreateQuotaPolicyResult.AlreadySatisfied {

    record Created() implements CreateQuotaPolicyResult {}

    record AlreadySatisfied() implements CreateQuotaPolicyResult {}
}
