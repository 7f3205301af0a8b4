package io.skein.core.api.policy;

/**
 * Attempt and execution clocks (spec 01 §4); both nullable (none). A claim arms {@code attemptTimeoutMs}; create
 * arms the deadline at {@code created_at + executionDeadlineMs} unless the call passes explicit values.
 */
public record TimeoutPolicy(Long attemptTimeoutMs, Long executionDeadlineMs) {

    public static final TimeoutPolicy NONE = new TimeoutPolicy(null, null);
}
