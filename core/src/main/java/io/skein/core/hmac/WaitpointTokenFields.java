package io.skein.core.hmac;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The stored waitpoint fields a token is bound to (spec 04 §1.2). Verification always recomputes over the
 * stored row, never over values the caller sent.
 */
public record WaitpointTokenFields(ExecutionId executionId, WaitpointId waitpointId, WaitpointKey waitpointKey,
                                   long createdAtMs) {

    public WaitpointTokenFields {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(waitpointId, "waitpointId");
        Objects.requireNonNull(waitpointKey, "waitpointKey");
    }

    /** The signed message: UTF-8 of {@code <execution_id>|<waitpoint_id>|<waitpoint_key>|<created_at_ms>}. */
    public byte[] message() {
        String text = executionId + "|" + waitpointId + "|" + waitpointKey.value() + "|" + createdAtMs;
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
