package io.skein.core.error;

import java.util.Objects;

/**
 * Every failure an engine operation can report (spec 03 §1). Each variant knows its class, whether a
 * retry may succeed, and a one-line message; {@link HttpErrorMapping} turns it into an HTTP answer.
 */
public sealed interface EngineError {

    /** The class a caller reacts to. */
    ErrorClass errorClass();

    /** Whether the same call may succeed when tried again. */
    boolean isRetryable();

    /** The snake_case variant name: {@code not_found}, {@code validation}, … */
    String variant();

    /** A human-readable one-line description, safe to log (never contains secrets). */
    String message();

    // ---------------------------------------------------------------------------------------------
    // Variants

    /** A uniquely identified resource is missing; {@code entity} is one of {@link NotFound#ENTITIES}. */
    record NotFound(String entity) implements EngineError {
        public static final java.util.Set<String> ENTITIES = java.util.Set.of(
                "execution", "flow", "edge", "attempt", "budget", "quota_policy", "stream", "waitpoint",
                "suspension");

        public NotFound {
            Objects.requireNonNull(entity, "entity");
        }

        @Override public ErrorClass errorClass() { return ErrorClass.TERMINAL; }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "not_found"; }
        @Override public String message() { return "not found: " + entity; }
    }

    /** Input rejected, or stored data unreadable. */
    record Validation(ValidationKind kind, String detail) implements EngineError {
        public Validation {
            Objects.requireNonNull(kind, "kind");
            detail = detail == null ? "" : detail;
        }

        @Override public ErrorClass errorClass() { return ErrorClass.TERMINAL; }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "validation"; }
        @Override public String message() { return detail.isEmpty() ? kind.wire() : kind.wire() + ": " + detail; }
    }

    /**
     * A transient race. {@code notActive} carries the stored values for {@link ContentionKind#EXECUTION_NOT_ACTIVE}
     * and is null otherwise.
     */
    record Contention(ContentionKind kind, String detail, ExecutionNotActive notActive) implements EngineError {
        public Contention {
            Objects.requireNonNull(kind, "kind");
            detail = detail == null ? "" : detail;
        }

        public Contention(ContentionKind kind) {
            this(kind, "", null);
        }

        @Override public ErrorClass errorClass() {
            return kind == ContentionKind.RETRY_EXHAUSTED ? ErrorClass.TERMINAL : ErrorClass.RETRYABLE;
        }
        @Override public boolean isRetryable() { return kind != ContentionKind.RETRY_EXHAUSTED; }
        @Override public String variant() { return "contention"; }
        @Override public String message() {
            if (notActive != null) {
                return kind.wire() + ": " + notActive;
            }
            return detail.isEmpty() ? kind.wire() : kind.wire() + ": " + detail;
        }
    }

    /** The stored values reported with {@code execution_not_active} (spec 01 §7 step 3). */
    record ExecutionNotActive(String terminalOutcome, long leaseEpoch, String lifecyclePhase, String attemptId) {
        @Override public String toString() {
            return "terminal_outcome=" + terminalOutcome + " lease_epoch=" + leaseEpoch
                    + " lifecycle_phase=" + lifecyclePhase + " attempt_id=" + attemptId;
        }
    }

    /**
     * A permanent clash. {@code detail} names the clashing record: the kid for {@code rotation_conflict}, the
     * existing edge id for {@code dependency_already_exists}.
     */
    record Conflict(ConflictKind kind, String detail) implements EngineError {
        public Conflict {
            Objects.requireNonNull(kind, "kind");
            detail = detail == null ? "" : detail;
        }

        public Conflict(ConflictKind kind) {
            this(kind, "");
        }

        @Override public ErrorClass errorClass() { return ErrorClass.TERMINAL; }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "conflict"; }
        @Override public String message() { return detail.isEmpty() ? kind.wire() : kind.wire() + ": " + detail; }
    }

    /** A legal but surprising state; {@code detail} says which values were expected and found. */
    record State(StateKind kind, String detail) implements EngineError {
        public State {
            Objects.requireNonNull(kind, "kind");
            detail = detail == null ? "" : detail;
        }

        public State(StateKind kind) {
            this(kind, "");
        }

        @Override public ErrorClass errorClass() { return kind.errorClass(); }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "state"; }
        @Override public String message() { return detail.isEmpty() ? kind.wire() : kind.wire() + ": " + detail; }
    }

    /** An internal invariant was broken. */
    record Bug(BugKind kind, String detail) implements EngineError {
        public Bug {
            Objects.requireNonNull(kind, "kind");
            detail = detail == null ? "" : detail;
        }

        @Override public ErrorClass errorClass() { return ErrorClass.BUG; }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "bug"; }
        @Override public String message() { return detail.isEmpty() ? kind.wire() : kind.wire() + ": " + detail; }
    }

    /** An I/O or decode failure; the operation may or may not have applied. */
    record Transport(TransportKind backendKind, String detail) implements EngineError {
        public Transport {
            Objects.requireNonNull(backendKind, "backendKind");
            detail = detail == null ? "" : detail;
        }

        @Override public ErrorClass errorClass() {
            return backendKind.retryable() ? ErrorClass.RETRYABLE : ErrorClass.TERMINAL;
        }
        @Override public boolean isRetryable() { return backendKind.retryable(); }
        @Override public String variant() { return "transport"; }
        @Override public String message() { return backendKind.wire() + ": " + detail; }
    }

    /**
     * The operation is not supported here, the backend is shutting down, or the keystore is empty. The
     * {@code op} string reaches the caller verbatim (spec 02 §12).
     */
    record Unavailable(String op) implements EngineError {
        public Unavailable {
            Objects.requireNonNull(op, "op");
        }

        @Override public ErrorClass errorClass() { return ErrorClass.TERMINAL; }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "unavailable"; }
        @Override public String message() { return "backend op unavailable: " + op; }
    }

    /** A bounded pool is full. */
    record ResourceExhausted(String pool, int max, Long retryAfterMs) implements EngineError {
        public ResourceExhausted {
            Objects.requireNonNull(pool, "pool");
        }

        @Override public ErrorClass errorClass() { return ErrorClass.RETRYABLE; }
        @Override public boolean isRetryable() { return true; }
        @Override public String variant() { return "resource_exhausted"; }
        @Override public String message() { return "resource exhausted: " + pool + " (max " + max + ")"; }
    }

    /** The operation's deadline passed (cancel_flow wait, Kafka reply). */
    record Timeout(String op, long elapsedMs) implements EngineError {
        public Timeout {
            Objects.requireNonNull(op, "op");
        }

        @Override public ErrorClass errorClass() { return ErrorClass.TERMINAL; }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "timeout"; }
        @Override public String message() { return "timeout: " + op + " after " + elapsedMs + " ms"; }
    }

    /** A subscription ended; resubscribe from {@code cursor}. */
    record StreamDisconnected(byte[] cursor) implements EngineError {
        public StreamDisconnected {
            cursor = cursor == null ? new byte[0] : cursor.clone();
        }

        @Override public byte[] cursor() { return cursor.clone(); }
        @Override public ErrorClass errorClass() { return ErrorClass.TERMINAL; }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "stream_disconnected"; }
        @Override public String message() { return "stream disconnected"; }
        @Override public boolean equals(Object o) {
            return o instanceof StreamDisconnected s && java.util.Arrays.equals(cursor, s.cursor);
        }
        @Override public int hashCode() { return java.util.Arrays.hashCode(cursor); }
    }

    /** A subscription dropped events; re-read state. */
    record StreamBackpressure() implements EngineError {
        @Override public ErrorClass errorClass() { return ErrorClass.INFORMATIONAL; }
        @Override public boolean isRetryable() { return false; }
        @Override public String variant() { return "stream_backpressure"; }
        @Override public String message() { return "stream backpressure: events were dropped"; }
    }

    /** A call-site label around a Transport, Unavailable, ResourceExhausted or Timeout error. */
    record Contextual(EngineError source, String context) implements EngineError {
        public Contextual {
            Objects.requireNonNull(source, "source");
            context = context == null ? "" : context;
        }

        @Override public ErrorClass errorClass() { return source.errorClass(); }
        @Override public boolean isRetryable() { return source.isRetryable(); }
        @Override public String variant() { return "contextual"; }
        @Override public String message() { return context + ": " + source.message(); }
    }

    // ---------------------------------------------------------------------------------------------
    // Shorthands used by backends and validators

    static EngineException invalidInput(String detail) {
        return new EngineException(new Validation(ValidationKind.INVALID_INPUT, detail));
    }

    static EngineException validation(ValidationKind kind, String detail) {
        return new EngineException(new Validation(kind, detail));
    }

    static EngineException notFound(String entity) {
        return new EngineException(new NotFound(entity));
    }

    static EngineException contention(ContentionKind kind) {
        return new EngineException(new Contention(kind));
    }

    static EngineException conflict(ConflictKind kind) {
        return new EngineException(new Conflict(kind));
    }

    static EngineException state(StateKind kind, String detail) {
        return new EngineException(new State(kind, detail));
    }

    static EngineException unavailable(String op) {
        return new EngineException(new Unavailable(op));
    }
}
