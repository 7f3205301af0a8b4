package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.id.QuotaPolicyId;
import java.util.Objects;

/**
 * Arguments of {@code createQuotaPolicy} (spec 02 §8, 04 §5.3): 0 means unlimited on that axis; negative values are
 * {@code InvalidInput}.
 */
public record CreateQuotaPolicyArgs(QuotaPolicyId quotaPolicyId, long windowSeconds, long maxRequestsPerWindow,
                                    long maxConcurrent, long now) {

    public CreateQuotaPolicyArgs {
        Objects.requireNonNull(quotaPolicyId, "quotaPolicyId");
        if (windowSeconds < 0 || maxRequestsPerWindow < 0 || maxConcurrent < 0) {
            throw EngineError.invalidInput("quota policy: window_seconds, max_requests_per_window and "
                    + "max_concurrent must be >= 0");
        }
    }
}
