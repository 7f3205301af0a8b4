package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code checkAdmission} (spec 04 §5.3). */
@ExternallyTagged
public sealed interface CheckAdmissionResult permits CheckAdmissionResult.Admitted,
        CheckAdmissionResult.AlreadyAdmitted, CheckAdmissionResult.RateExceeded,
        CheckAdmissionResult.ConcurrencyExceeded {

    /** Admitted: a window entry and guard were written. */
    record Admitted() implements CheckAdmissionResult {}

    /** A live guard already admits this execution. */
    record AlreadyAdmitted() implements CheckAdmissionResult {}

    /** The window is full; retry after {@code retryAfterMs} (jitter included). */
    record RateExceeded(long retryAfterMs) implements CheckAdmissionResult {}

    /** The concurrency cap is reached. */
    record ConcurrencyExceeded() implements CheckAdmissionResult {}
}
