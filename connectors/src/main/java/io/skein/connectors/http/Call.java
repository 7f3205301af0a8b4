package io.skein.connectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.Handle;
import io.skein.core.error.EngineException;
import io.skein.core.handle.HandleCodec;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * One matched request as a route handler sees it: path parameters, query parameters and the body (already read
 * within the route's limit), with strict binding of the body to an argument record (spec 03 §2.1, D13).
 */
public final class Call {

    private static final ObjectMapper JSON = SkeinJson.strict();

    private final Route route;
    private final Map<String, String> pathParams;
    private final Function<String, String> query;
    private final byte[] body;
    private final LongSupplier serverTime;

    Call(Route route, Map<String, String> pathParams, Function<String, String> query, byte[] body,
         LongSupplier serverTime) {
        this.route = route;
        this.pathParams = Map.copyOf(pathParams);
        this.query = query;
        this.body = body;
        this.serverTime = serverTime;
    }

    public Route route() {
        return route;
    }

    /** A path parameter of the template (always present once matched). */
    public String path(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or null when absent. */
    public String query(String name) {
        return query.apply(name);
    }

    /** The backend's clock, for arguments the route fills itself. */
    public long now() {
        return serverTime.getAsLong();
    }

    /** Rejects any body but an empty one or {@code {}}: the route takes none, and garbage must change nothing. */
    public void requireNoBody() {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return;
        }
        JsonNode node = parse();
        if (!node.isObject() || node.size() != 0) {
            throw HttpFailure.badRequest("body: this route takes no body");
        }
    }

    /**
     * Binds the body to {@code type} strictly. {@code pathIds} maps body fields to the path value they must equal
     * (filled in when absent, else compared after parsing both). When {@code fillNow} is set, a missing
     * {@code now} is the backend clock. Every primitive component of a record is required.
     */
    public <T> T bind(Class<T> type, Map<String, Object> pathIds, boolean fillNow) {
        return bind(bodyObject(), type, pathIds, fillNow);
    }

    /** A worker route's body: the lease handle and the operation's other fields bound to their record. */
    public record WithHandle<T>(Handle handle, T args) {}

    /**
     * Binds a worker route's body: the required {@code "handle"} member in its JSON form (spec 01 §12; a malformed
     * one is {@code Validation(Corruption)}, 400) and every other field bound to {@code type} as {@link #bind} does.
     */
    public <T> WithHandle<T> bindWithHandle(Class<T> type, boolean fillNow) {
        ObjectNode object = bodyObject();
        JsonNode handle = object.remove("handle");
        if (handle == null || handle.isNull()) {
            throw HttpFailure.badRequest("handle: missing");
        }
        return new WithHandle<>(HandleCodec.fromJson(handle.toString()), bind(object, type, Map.of(), fillNow));
    }

    /** The body as a JSON object (empty when there is none), for a route that reshapes it before {@link #bind}. */
    ObjectNode bodyObject() {
        JsonNode node = body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()
                ? JSON.createObjectNode() : parse();
        if (!node.isObject()) {
            throw HttpFailure.badRequest("body: must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** {@link #bind(Class, Map, boolean)} over a body the route has reshaped. */
    <T> T bind(ObjectNode object, Class<T> type, Map<String, Object> pathIds, boolean fillNow) {
        for (Map.Entry<String, Object> id : pathIds.entrySet()) {
            JsonNode given = object.get(id.getKey());
            String expected = id.getValue().toString();
            if (given == null || given.isNull()) {
                object.put(id.getKey(), expected);
            } else if (!given.isTextual()) {
                throw HttpFailure.badRequest(id.getKey() + ": must be a string");
            } else {
                Object parsed = convert(given, id.getValue().getClass());
                if (!parsed.equals(id.getValue())) {
                    throw HttpFailure.badRequest(id.getKey() + ": body id " + given.asText()
                            + " differs from the path id " + expected);
                }
            }
        }
        if (fillNow && !object.hasNonNull("now")) {
            object.put("now", now());
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                String field = snake(component.getName());
                if (component.getType().isPrimitive() && !object.has(field)) {
                    throw HttpFailure.badRequest(field + ": missing");
                }
            }
        }
        return convert(object, type);
    }

    private JsonNode parse() {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw HttpFailure.badRequest("body: empty");
            }
            return node;
        } catch (IOException e) {
            throw HttpFailure.badRequest("body: malformed JSON");
        }
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw bindingFailure(e);
        } catch (IllegalArgumentException e) {
            throw bindingFailure(e);
        }
    }

    /**
     * A binding error: the typed engine error a constructor or id parser raised when there is one (so a bad
     * capability list is {@code invalid_capabilities}, not a generic 400), else 400 {@code invalid_input}.
     */
    static RuntimeException bindingFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EngineException engine) {
                return engine;
            }
        }
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "body";
        String reason;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof NullPointerException) {
            reason = "missing";
        } else if (e instanceof JsonProcessingException json) {
            reason = firstLine(json.getOriginalMessage());
        } else {
            reason = firstLine(e.getMessage());
        }
        return HttpFailure.badRequest(where + ": " + reason);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "invalid";
        }
        String line = text.lines().findFirst().orElse("invalid");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
