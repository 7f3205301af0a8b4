package io.skein.core.api.policy;

import io.skein.core.api.CapabilitySet;

/**
 * Claim matching (spec 01 §4): a worker must hold every {@code requiredCapabilities} token.
 * {@code preferredLocality} and {@code isolationLevel} are nullable and stored, not interpreted.
 */
public record RoutingRequirements(CapabilitySet requiredCapabilities, String preferredLocality,
                                  String isolationLevel) {

    public static final RoutingRequirements NONE = new RoutingRequirements(CapabilitySet.EMPTY, null, null);

    public RoutingRequirements {
        requiredCapabilities = requiredCapabilities == null ? CapabilitySet.EMPTY : requiredCapabilities;
    }
}
