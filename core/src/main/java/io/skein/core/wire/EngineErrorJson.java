package io.skein.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.error.BugKind;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.HttpErrorMapping;
import io.skein.core.error.StateKind;
import io.skein.core.error.TransportKind;
import io.skein.core.error.ValidationKind;
import java.util.Base64;

/**
 * The JSON body of an error in a Kafka reply (spec 07): {@code kind} (the HTTP kind of spec 03 §2.4), {@code code}
 * (the variant's own snake_case kind), {@code message}, {@code retryable}, plus the variant and its fields so that
 * a client rebuilds exactly the {@link EngineError} the engine raised.
 */
public final class EngineErrorJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EngineErrorJson() {}

    public static ObjectNode toJson(EngineError error) {
        HttpErrorMapping.HttpError http = HttpErrorMapping.map(error);
        ObjectNode n = F.objectNode();
        n.put("kind", http.kind());
        n.put("code", code(error));
        n.put("message", error.message());
        n.put("retryable", error.isRetryable());
        n.put("variant", error.variant());
        if (error instanceof EngineError.NotFound e) {
            n.put("entity", e.entity());
        } else if (error instanceof EngineError.Validation e) {
            n.put("detail", e.detail());
        } else if (error instanceof EngineError.Contention e) {
            n.put("detail", e.detail());
            if (e.notActive() != null) {
                ObjectNode na = n.putObject("not_active");
                na.put("terminal_outcome", e.notActive().terminalOutcome());
                na.put("lease_epoch", e.notActive().leaseEpoch());
                na.put("lifecycle_phase", e.notActive().lifecyclePhase());
                na.put("attempt_id", e.notActive().attemptId());
            }
        } else if (error instanceof EngineError.Conflict e) {
            n.put("detail", e.detail());
        } else if (error instanceof EngineError.State e) {
            n.put("detail", e.detail());
        } else if (error instanceof EngineError.Bug e) {
            n.put("detail", e.detail());
        } else if (error instanceof EngineError.Transport e) {
            n.put("detail", e.detail());
        } else if (error instanceof EngineError.Unavailable e) {
            n.put("op", e.op());
        } else if (error instanceof EngineError.ResourceExhausted e) {
            n.put("pool", e.pool());
            n.put("max", e.max());
            if (e.retryAfterMs() != null) {
                n.put("retry_after_ms", e.retryAfterMs());
            }
        } else if (error instanceof EngineError.Timeout e) {
            n.put("op", e.op());
            n.put("elapsed_ms", e.elapsedMs());
        } else if (error instanceof EngineError.StreamDisconnected e) {
            n.put("cursor", Base64.getEncoder().encodeToString(e.cursor()));
        } else if (error instanceof EngineError.Contextual e) {
            n.put("context", e.context());
            n.set("source", toJson(e.source()));
        }
        return n;
    }

    /** The variant-specific code: the snake_case kind where the variant has one, else the variant name. */
    static String code(EngineError error) {
        if (error instanceof EngineError.Validation e) {
            return e.kind().wire();
        } else if (error instanceof EngineError.Contention e) {
            return e.kind().wire();
        } else if (error instanceof EngineError.Conflict e) {
            return e.kind().wire();
        } else if (error instanceof EngineError.State e) {
            return e.kind().wire();
        } else if (error instanceof EngineError.Bug e) {
            return e.kind().wire();
        } else if (error instanceof EngineError.Transport e) {
            return e.backendKind().wire();
        }
        return error.variant();
    }

    /**
     * Rebuilds the error. A body that cannot be read (an older or foreign engine) becomes
     * {@code Transport(protocol)} carrying its message, never an exception.
     */
    public static EngineError fromJson(JsonNode n) {
        String variant = text(n, "variant");
        String code = text(n, "code");
        String detail = text(n, "detail");
        EngineError parsed = switch (variant) {
            case "not_found" -> new EngineError.NotFound(text(n, "entity"));
            case "validation" -> kindOf(ValidationKind.class, code) == null ? null
                    : new EngineError.Validation(kindOf(ValidationKind.class, code), detail);
            case "contention" -> {
                ContentionKind kind = kindOf(ContentionKind.class, code);
                if (kind == null) {
                    yield null;
                }
                EngineError.ExecutionNotActive na = null;
                JsonNode x = n.get("not_active");
                if (x != null && x.isObject()) {
                    na = new EngineError.ExecutionNotActive(text(x, "terminal_outcome"),
                            x.path("lease_epoch").asLong(), text(x, "lifecycle_phase"), text(x, "attempt_id"));
                }
                yield new EngineError.Contention(kind, detail, na);
            }
            case "conflict" -> kindOf(ConflictKind.class, code) == null ? null
                    : new EngineError.Conflict(kindOf(ConflictKind.class, code), detail);
            case "state" -> kindOf(StateKind.class, code) == null ? null
                    : new EngineError.State(kindOf(StateKind.class, code), detail);
            case "bug" -> kindOf(BugKind.class, code) == null ? null
                    : new EngineError.Bug(kindOf(BugKind.class, code), detail);
            case "transport" -> kindOf(TransportKind.class, code) == null ? null
                    : new EngineError.Transport(kindOf(TransportKind.class, code), detail);
            case "unavailable" -> new EngineError.Unavailable(text(n, "op"));
            case "resource_exhausted" -> new EngineError.ResourceExhausted(text(n, "pool"), n.path("max").asInt(),
                    n.hasNonNull("retry_after_ms") ? n.get("retry_after_ms").asLong() : null);
            case "timeout" -> new EngineError.Timeout(text(n, "op"), n.path("elapsed_ms").asLong());
            case "stream_disconnected" -> new EngineError.StreamDisconnected(decodeBase64(text(n, "cursor")));
            case "stream_backpressure" -> new EngineError.StreamBackpressure();
            case "contextual" -> n.hasNonNull("source")
                    ? new EngineError.Contextual(fromJson(n.get("source")), text(n, "context")) : null;
            default -> null;
        };
        if (parsed == null) {
            return new EngineError.Transport(TransportKind.PROTOCOL, "unreadable error reply: " + n);
        }
        return parsed;
    }

    private static <E extends Enum<E> & WireEnum> E kindOf(Class<E> type, String code) {
        return WireEnum.lookup(type, code);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static byte[] decodeBase64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
