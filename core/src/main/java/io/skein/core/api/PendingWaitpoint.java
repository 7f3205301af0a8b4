package io.skein.core.api;

import io.skein.core.id.WaitpointId;
import java.util.Objects;

/**
 * Result of {@code createWaitpoint} (spec 02 §2): the pending waitpoint and its token ({@link #toString()} redacts
 * it).
 */
public record PendingWaitpoint(WaitpointId waitpointId, String hmacToken) {

    public PendingWaitpoint {
        Objects.requireNonNull(waitpointId, "waitpointId");
        Objects.requireNonNull(hmacToken, "hmacToken");
    }

    @Override
    public String toString() {
        return "PendingWaitpoint[waitpointId=" + waitpointId + ", hmacToken=" + WaitpointTokens.redact(hmacToken) + "]";
    }
}
