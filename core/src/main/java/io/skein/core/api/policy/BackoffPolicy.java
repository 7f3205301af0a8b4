package io.skein.core.api.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry (spec 01 §10). JSON {@code {"type":"exponential", …}} or
 * {@code {"type":"fixed","delay_ms":…}}. With {@code jitter} the delay is uniform in [d/2, d]; it is off by default.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BackoffPolicy.Exponential.class, name = "exponential"),
        @JsonSubTypes.Type(value = BackoffPolicy.Fixed.class, name = "fixed")})
public sealed interface BackoffPolicy permits BackoffPolicy.Exponential, BackoffPolicy.Fixed {

    /** The default: exponential from 1 s, doubling, capped at 60 s, no jitter. */
    Exponential DEFAULT = new Exponential(1000, 2.0, 60_000, false);

    boolean jitter();

    /** The delay before retry number {@code retryCount + 1}, without jitter. */
    long baseDelayMs(int retryCount);

    /**
     * The delay before the retry that follows {@code retryCount} already scheduled retries (the first retry passes
     * 0); with jitter, uniform in [d/2, d] drawn from {@code random}.
     */
    default long delayMs(int retryCount, RandomGenerator random) {
        long d = baseDelayMs(Math.max(0, retryCount));
        if (!jitter() || d <= 0) {
            return d;
        }
        long low = d / 2;
        return low + random.nextLong(d - low + 1);
    }

    /** {@code min(initialDelayMs × multiplier^retryCount, maxDelayMs)}. */
    @JsonTypeName("exponential")
    record Exponential(long initialDelayMs, double multiplier, long maxDelayMs, boolean jitter) implements BackoffPolicy {
        public Exponential {
            if (initialDelayMs < 0 || maxDelayMs < 0) {
                throw EngineError.validation(ValidationKind.INVALID_POLICY_JSON,
                        "retry_policy.backoff: delays must be >= 0");
            }
            if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
                throw EngineError.validation(ValidationKind.INVALID_POLICY_JSON,
                        "retry_policy.backoff.multiplier: must be a finite number > 0");
            }
        }

        @Override
        public long baseDelayMs(int retryCount) {
            double raw = initialDelayMs * Math.pow(multiplier, retryCount);
            if (Double.isNaN(raw) || raw >= maxDelayMs) {
                return maxDelayMs;
            }
            return Math.min(Math.round(raw), maxDelayMs);
        }
    }

    /** Always {@code delayMs}. */
    @JsonTypeName("fixed")
    record Fixed(long delayMs, boolean jitter) implements BackoffPolicy {
        public Fixed {
            if (delayMs < 0) {
                throw EngineError.validation(ValidationKind.INVALID_POLICY_JSON,
                        "retry_policy.backoff.delay_ms: must be >= 0");
            }
        }

        @Override
        public long baseDelayMs(int retryCount) {
            return delayMs;
        }
    }
}
