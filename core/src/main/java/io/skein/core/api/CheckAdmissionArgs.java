package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import java.util.Objects;

/**
 * Arguments of {@code checkAdmission} (spec 02 §8, 04 §5.3): a rate or cap of 0 is not enforced; {@code jitterMs}
 * is nullable (no jitter).
 */
public record CheckAdmissionArgs(ExecutionId executionId, long now, long windowSeconds, long rateLimit,
                                 long concurrencyCap, Long jitterMs) {

    /** The dimension used when the caller passes none. */
    public static final String DEFAULT_DIMENSION = "default";

    public CheckAdmissionArgs {
        Objects.requireNonNull(executionId, "executionId");
    }

    /** {@code ""} or null → {@code "default"}; any other dimension unchanged. */
    public static String admissionDimension(String dimension) {
        return dimension == null || dimension.isEmpty() ? DEFAULT_DIMENSION : dimension;
    }
}
