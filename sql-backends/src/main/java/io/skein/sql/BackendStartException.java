package io.skein.sql;

import java.util.Objects;

/**
 * A SQL backend could not be constructed. Never retryable: the configuration or the database must change first, and
 * the server exits 1 (spec 03 §4). Nothing the refused start would have created is left behind unless the message
 * says otherwise.
 */
public final class BackendStartException extends RuntimeException {

    private final StartFailure failure;

    public BackendStartException(StartFailure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public BackendStartException(StartFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The typed reason, e.g. {@link StartFailure#REQUIRES_DEV_MODE}. */
    public StartFailure failure() {
        return failure;
    }

    /** Always false: a start failure needs a configuration or data change, not a retry. */
    public boolean isRetryable() {
        return false;
    }
}
