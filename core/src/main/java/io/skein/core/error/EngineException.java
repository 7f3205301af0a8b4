package io.skein.core.error;

import java.util.Objects;

/** The exception every {@code EngineBackend} operation throws; it carries a typed {@link EngineError}. */
public final class EngineException extends RuntimeException {

    private final transient EngineError error;

    public EngineException(EngineError error) {
        super(Objects.requireNonNull(error, "error").message());
        this.error = error;
    }

    public EngineException(EngineError error, Throwable cause) {
        super(Objects.requireNonNull(error, "error").message(), cause);
        this.error = error;
    }

    public EngineError error() {
        return error;
    }

    public boolean isRetryable() {
        return error.isRetryable();
    }
}
