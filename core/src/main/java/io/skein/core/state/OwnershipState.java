package io.skein.core.state;

import io.skein.core.wire.WireEnum;

/** Who may change an execution now (spec 01 §5). */
public enum OwnershipState implements WireEnum {
    UNOWNED, LEASED, LEASE_EXPIRED_RECLAIMABLE, LEASE_REVOKED
}
