package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;

/** The exclusive position in the (expiry, execution id) order of {@code listExpiredLeases}. */
public record ExpiredLeaseCursor(long expiresAtMs, ExecutionId executionId) {

    public ExpiredLeaseCursor {
        ArgCheck.present(executionId, "execution_id");
    }
}
