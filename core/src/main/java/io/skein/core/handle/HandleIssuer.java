package io.skein.core.handle;

import io.skein.core.api.BackendTag;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import java.util.Objects;

/**
 * How a backend issues and reads handles (spec 01 §12): the backend tag it stamps on them (its dialect's, or
 * Kafka's when a topology fronts it) and the key it tags them with. A handle is read only once its tag verifies.
 */
public record HandleIssuer(BackendTag tag, HandleKey key) {

    public HandleIssuer {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(key, "key");
    }

    public Handle issue(HandleKind kind, HandleFields fields) {
        return HandleCodec.encode(key, tag, kind, fields);
    }

    /** Step 1 of the fence check: the handle verifies under this key and names this backend. */
    public HandleFields read(Handle handle) {
        return HandleCodec.decode(key, handle, tag);
    }

    /** The same key, stamping {@code other}. */
    public HandleIssuer as(BackendTag other) {
        return new HandleIssuer(other, key);
    }
}
