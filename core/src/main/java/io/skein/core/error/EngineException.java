package io.skein.core.error;

import java.util.Objects;

/** The exception every {@code EngineBackend} operation throws; it carries a typed {@link EngineError}. */
public final class EngineException extends RuntimeException {

    private final transient EngineError error;
    private final boolean keepsEffects;

    public EngineException(EngineError error) {
        this(error, null, false);
    }

    public EngineException(EngineError error, Throwable cause) {
        this(error, cause, false);
    }

    private EngineException(EngineError error, Throwable cause, boolean keepsEffects) {
        super(Objects.requireNonNull(error, "error").message(), cause);
        this.error = error;
        this.keepsEffects = keepsEffects;
    }

    /**
     * A rejection whose unit keeps what it wrote before refusing: a claim refused by admission parks the execution
     * (blocked by quota) and still answers the claimer with an error (spec 04 §5.4 steps 4–5).
     */
    public static EngineException afterEffects(EngineError error) {
        return new EngineException(error, null, true);
    }

    /** Whether the unit that threw this commits its writes instead of rolling them back. */
    public boolean keepsEffects() {
        return keepsEffects;
    }

    public EngineError error() {
        return error;
    }

    public boolean isRetryable() {
        return error.isRetryable();
    }
}
