package io.skein.core.error;

import io.skein.core.wire.WireEnum;

/** Classification of an I/O or decode failure (spec 03 §1). */
public enum TransportKind implements WireEnum {
    TRANSPORT, PROTOCOL, TIMEOUT, AUTH, CLUSTER, BUSY_LOADING, OTHER;

    /** Transport, timeout, cluster and busy_loading failures may succeed when tried again. */
    public boolean retryable() {
        return this == TRANSPORT || this == TIMEOUT || this == CLUSTER || this == BUSY_LOADING;
    }
}
