package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code setEdgeGroupPolicy} (spec 02 §4). */
@ExternallyTagged
public sealed interface SetEdgeGroupPolicyResult
        permits SetEdgeGroupPolicyResult.Set, SetEdgeGroupPolicyResult.AlreadySet {

    /** The policy is stored for the downstream's group. */
    record Set() implements SetEdgeGroupPolicyResult {}

    /** The same policy was already stored. */
    record AlreadySet() implements SetEdgeGroupPolicyResult {}
}
