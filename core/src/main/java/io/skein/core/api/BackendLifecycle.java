package io.skein.core.api;

import io.skein.core.error.EngineError;
import java.time.Duration;

/**
 * Lifecycle and meta operations of a backend (spec 02 §12). Defaults let a partial backend compile: {@code prepare}
 * is a no-op, {@code shutdownPrepare} returns at once, the label and capabilities say {@code "unknown"}, the clock is
 * the local one, and {@code ping} throws {@code Unavailable{op:"ping"}}.
 */
public interface BackendLifecycle {

    /** Checks the backend is reachable (spec 02 §12 ping). */
    default void ping() {
        throw EngineError.unavailable("ping");
    }

    /** Idempotent boot preparation; {@code Applied} only when it changed something (spec 02 §12 prepare). */
    default PrepareOutcome prepare() {
        return new PrepareOutcome.NoOp();
    }

    /**
     * Stops timers, refuses new stream ops and waits up to {@code grace} for in-flight ones; never fails; afterwards
     * every call is {@code Unavailable} (spec 02 §12 shutdown_prepare).
     */
    default void shutdownPrepare(Duration grace) {
        // Nothing runs in the background of a backend that does not override this.
    }

    /** The backend's identity and supported surfaces (spec 02 §12 capabilities). */
    default Capabilities capabilities() {
        return Capabilities.unknown();
    }

    /** {@code "postgres"}, {@code "sqlite"} or {@code "kafka"}; stable (spec 02 §12 backend_label). */
    default String backendLabel() {
        return BackendIdentity.UNKNOWN;
    }

    /** The backend clock in epoch ms: a true "now", not a transaction start (spec 02 §5 server_time_ms). */
    default long serverTimeMs() {
        return System.currentTimeMillis();
    }
}
