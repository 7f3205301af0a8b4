package io.skein.core.api;

import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;

/**
 * A non-primary waitpoint of a suspension with its own token, so each can be signalled on its own (spec 04 §2.1).
 * The token is a secret: {@link #toString()} redacts it.
 */
public record AdditionalWaitpoint(WaitpointId waitpointId, WaitpointKey waitpointKey, String waitpointToken) {

    @Override
    public String toString() {
        return "AdditionalWaitpoint[waitpointId=" + waitpointId + ", waitpointKey=" + waitpointKey
                + ", waitpointToken=" + WaitpointTokens.redact(waitpointToken) + "]";
    }
}
