package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** Which backend issued a handle (spec 01 §12); {@code 0x01} was FlowFabric's Valkey and is never issued. */
public enum BackendTag implements WireEnum {
    POSTGRES((byte) 0x02), SQLITE((byte) 0x03), KAFKA((byte) 0x04);

    private final byte tag;

    BackendTag(byte tag) {
        this.tag = tag;
    }

    public byte tag() {
        return tag;
    }

    /** The backend with this tag byte, or null. */
    public static BackendTag ofTag(byte b) {
        for (BackendTag t : values()) {
            if (t.tag == b) {
                return t;
            }
        }
        return null;
    }
}
