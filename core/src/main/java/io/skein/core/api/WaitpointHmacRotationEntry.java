package io.skein.core.api;

import java.util.Objects;

/** One partition's result of a rotation; Skein has one global keystore (partition 0). */
public record WaitpointHmacRotationEntry(int partition, WaitpointHmacRotation result) {

    public WaitpointHmacRotationEntry {
        Objects.requireNonNull(result, "result");
    }
}
