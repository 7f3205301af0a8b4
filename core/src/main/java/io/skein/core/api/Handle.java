package io.skein.core.api;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The opaque token a claim returns (spec 01 §12). JSON form {@code {"backend":"sqlite","kind":"fresh",
 * "opaque":"<base64url>"}}; the bytes are laid out by {@code io.skein.core.handle.HandleCodec}. A handle is not a
 * credential: its power comes from the fence check.
 */
public record Handle(BackendTag backend, HandleKind kind, byte[] opaque) {

    public Handle {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(kind, "kind");
        opaque = Objects.requireNonNull(opaque, "opaque").clone();
    }

    @Override
    public byte[] opaque() {
        return opaque.clone();
    }

    /** The opaque bytes as unpadded base64url, the form carried in JSON and command envelopes. */
    public String opaqueBase64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(opaque);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handle h && backend == h.backend && kind == h.kind && Arrays.equals(opaque, h.opaque);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, kind, Arrays.hashCode(opaque));
    }

    @Override
    public String toString() {
        return "Handle[" + backend.wire() + "," + kind.wire() + "," + opaque.length + " bytes]";
    }
}
