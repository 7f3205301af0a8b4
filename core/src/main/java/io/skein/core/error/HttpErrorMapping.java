package io.skein.core.error;

import java.util.EnumSet;
import java.util.Set;

/**
 * Maps an {@link EngineError} to the HTTP status, {@code kind} code and body text of spec 03 §2.4. The HTTP
 * server and the Kafka reply envelope both use it, so a client sees the same kind whichever way it came in.
 */
public final class HttpErrorMapping {

    /** The HTTP answer for an error: status, the {@code kind} code, the {@code error} text, retryable. */
    public record HttpError(int status, String kind, String error, boolean retryable) {}

    private static final Set<StateKind> STATE_SAME_NAME = EnumSet.of(
            StateKind.EXECUTION_NOT_TERMINAL, StateKind.MAX_REPLAYS_EXHAUSTED, StateKind.REPLAY_NOT_ALLOWED,
            StateKind.NOT_RUNNABLE, StateKind.TERMINAL, StateKind.FLOW_ALREADY_TERMINAL, StateKind.BUDGET_EXCEEDED,
            StateKind.BUDGET_SOFT_EXCEEDED);

    private static final Set<StateKind> STATE_ALREADY_SATISFIED = EnumSet.of(
            StateKind.ALREADY_SATISFIED, StateKind.DUPLICATE_SIGNAL, StateKind.OK_ALREADY_APPLIED,
            StateKind.ATTEMPT_ALREADY_TERMINAL, StateKind.STREAM_ALREADY_CLOSED, StateKind.LEASE_EXPIRED,
            StateKind.LEASE_REVOKED);

    private HttpErrorMapping() {}

    public static HttpError map(EngineError error) {
        if (error instanceof EngineError.NotFound nf) {
            return new HttpError(404, "not_found", nf.message(), false);
        }
        if (error instanceof EngineError.Validation v) {
            String kind = v.kind() == ValidationKind.CORRUPTION || v.kind() == ValidationKind.HANDLE_FROM_OTHER_BACKEND
                    ? "validation_error" : v.kind().wire();
            return new HttpError(400, kind, kind + ": " + v.detail(), false);
        }
        if (error instanceof EngineError.Conflict c) {
            return new HttpError(409, c.kind().wire(), c.kind().wire() + ": " + c.detail(), false);
        }
        if (error instanceof EngineError.Contention c) {
            if (c.kind() == ContentionKind.RATE_LIMIT_EXCEEDED || c.kind() == ContentionKind.CONCURRENCY_LIMIT_EXCEEDED) {
                return new HttpError(429, c.kind().wire(), c.message(), true);
            }
            if (c.kind() == ContentionKind.RETRY_EXHAUSTED) {
                return new HttpError(500, "retry_exhausted", c.message(), false);
            }
            return new HttpError(409, "contention", "contention: " + c.message(), true);
        }
        if (error instanceof EngineError.State s) {
            String kind;
            if (STATE_SAME_NAME.contains(s.kind())) {
                kind = s.kind().wire();
            } else if (STATE_ALREADY_SATISFIED.contains(s.kind())) {
                kind = "already_satisfied";
            } else {
                kind = "state_conflict";
            }
            return new HttpError(409, kind, kind + ": " + s.message(), false);
        }
        if (error instanceof EngineError.ResourceExhausted r) {
            return new HttpError(429, "resource_exhausted", r.message(), true);
        }
        if (error instanceof EngineError.Unavailable u) {
            return new HttpError(503, "unavailable", u.message(), false);
        }
        if (error instanceof EngineError.Transport t) {
            return new HttpError(500, t.backendKind().wire(), t.message(), t.isRetryable());
        }
        if (error instanceof EngineError.Timeout t) {
            return new HttpError(500, "timeout", t.message(), false);
        }
        if (error instanceof EngineError.Bug b) {
            return new HttpError(500, "bug", b.message(), false);
        }
        if (error instanceof EngineError.Contextual c) {
            HttpError inner = map(c.source());
            return new HttpError(inner.status(), inner.kind(), c.context() + ": " + inner.error(), inner.retryable());
        }
        // StreamDisconnected / StreamBackpressure end subscriptions; no HTTP route returns them.
        return new HttpError(500, error.variant(), error.message(), error.isRetryable());
    }

    /** The 400 for malformed/unknown JSON, a bad query or a path/body mismatch (before any backend call). */
    public static HttpError badRequest(String detail) {
        return new HttpError(400, "invalid_input", "invalid_input: " + detail, false);
    }

    /** The 401 for a missing or wrong bearer token. */
    public static HttpError unauthorized() {
        return new HttpError(401, "unauthorized", "missing or invalid Authorization header", false);
    }

    /** The 413 for a body over the route's limit. */
    public static HttpError payloadTooLarge() {
        return new HttpError(413, "payload_too_large", "payload_too_large", false);
    }
}
