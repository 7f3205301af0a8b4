package io.skein.core.api;

import java.util.List;

/** Result of {@code rotateWaitpointHmacSecretAll} (spec 02 §6): one entry per keystore, i.e. exactly one. */
public record RotateWaitpointHmacSecretAllResult(List<WaitpointHmacRotationEntry> entries) {

    public RotateWaitpointHmacSecretAllResult {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
