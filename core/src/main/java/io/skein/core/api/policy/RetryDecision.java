package io.skein.core.api.policy;

/** What the retry policy decided for one failure (spec 01 §10, D4). */
public sealed interface RetryDecision permits RetryDecision.Retry, RetryDecision.Exhausted {

    /** Schedule another attempt after {@code delayMs}. */
    record Retry(long delayMs) implements RetryDecision {}

    /** No retry: the class never retries or {@code max_retries} is used up; the execution ends {@code failed}. */
    record Exhausted() implements RetryDecision {}
}
