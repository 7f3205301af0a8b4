package io.skein.core.api.policy;

import io.skein.core.api.FailureClass;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How often and how late a failed attempt is retried (spec 01 §4, §10). {@code retryableCategories} is stored, not
 * interpreted: the {@link FailureClass} alone drives the decision.
 */
public record RetryPolicy(int maxRetries, BackoffPolicy backoff, List<String> retryableCategories) {

    /** What applies when a policy has no {@code retry_policy}: 3 retries, exponential backoff (differs: FF retries 0). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, BackoffPolicy.DEFAULT, List.of());

    public RetryPolicy {
        if (maxRetries < 0) {
            throw EngineError.validation(ValidationKind.INVALID_POLICY_JSON, "retry_policy.max_retries: must be >= 0");
        }
        backoff = backoff == null ? BackoffPolicy.DEFAULT : backoff;
        retryableCategories = retryableCategories == null ? List.of() : List.copyOf(retryableCategories);
    }

    /**
     * Parses a {@code retry_policy} object on its own ({@code failExecution.retry_policy_json}); malformed →
     * {@code Validation(InvalidPolicyJson)}.
     */
    public static RetryPolicy parse(String json) {
        return PolicyParser.parseRetryPolicy(json);
    }

    /** Whether a failure of class {@code failureClass} after {@code retryCount} scheduled retries gets another. */
    public boolean canRetry(FailureClass failureClass, int retryCount) {
        return failureClass.retryable() && retryCount < maxRetries;
    }

    /** The delay before the next retry, {@code retryCount} retries having been scheduled already. */
    public long delayMs(int retryCount, RandomGenerator random) {
        return backoff.delayMs(retryCount, random);
    }

    /** The decision for one failure. */
    public RetryDecision decide(FailureClass failureClass, int retryCount, RandomGenerator random) {
        if (!canRetry(failureClass, retryCount)) {
            return new RetryDecision.Exhausted();
        }
        return new RetryDecision.Retry(delayMs(retryCount, random));
    }
}
