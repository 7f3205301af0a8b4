package io.skein.core.api;

/** Result of {@code readQuotaPolicyLimits} (spec 02 §8). */
public record QuotaPolicyLimits(long maxRequestsPerWindow, long requestsPerWindowSeconds, long activeConcurrencyCap,
                                long jitterMs) {

    /** A policy without a rate limit and without a concurrency cap is unlimited: admission skips it. */
    public boolean unlimited() {
        return maxRequestsPerWindow == 0 && activeConcurrencyCap == 0;
    }
}
