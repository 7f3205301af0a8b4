package io.skein.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.0 document served at {@code /openapi.json}, generated from the route table so the document and
 * the served routes cannot drift: paths, methods, path parameters, body limits, authentication and the error body.
 * Routes whose query parameters and fields people write by hand (issue #18) carry their schemas from
 * {@value #EXTRAS}; an entry naming no served route stops the server from starting.
 */
final class OpenApiDocument {

    static final String EXTRAS = "openapi-extras.json";

    private OpenApiDocument() {}

    private static ObjectNode extras(ObjectMapper json) {
        try (java.io.InputStream in = OpenApiDocument.class.getResourceAsStream(EXTRAS)) {
            return (ObjectNode) json.readTree(in);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException(EXTRAS + " is missing or not a JSON object", e);
        }
    }

    static ObjectNode of(List<Route> routes, boolean tokenConfigured) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = json.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Skein HTTP API");
        info.put("version", "1");
        info.put("description", "FlowFabric-compatible REST API of the Skein durable-execution engine. Request "
                + "bodies are strict JSON (snake_case); errors are {\"error\",\"kind\",\"retryable\"}.");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
        ObjectNode error = components.putObject("schemas").putObject("Error");
        error.put("type", "object");
        ObjectNode props = error.putObject("properties");
        props.putObject("error").put("type", "string");
        props.putObject("kind").put("type", "string");
        props.putObject("retryable").put("type", "boolean");
        error.putArray("required").add("error").add("kind");
        ObjectNode extras = extras(json);
        ((ObjectNode) components.get("schemas")).setAll((ObjectNode) extras.path("schemas"));
        ObjectNode operations = (ObjectNode) extras.path("operations");
        java.util.Set<String> documented = new java.util.HashSet<>();

        ObjectNode paths = doc.putObject("paths");
        for (Route route : routes) {
            ObjectNode path = paths.has(route.template()) ? (ObjectNode) paths.get(route.template())
                    : paths.putObject(route.template());
            ObjectNode op = path.putObject(route.method().toLowerCase(Locale.ROOT));
            op.put("operationId", route.operation());
            op.put("summary", route.summary());
            ArrayNode params = json.createArrayNode();
            for (String segment : Route.segments(route.template())) {
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    ObjectNode p = params.addObject();
                    p.put("name", segment.substring(1, segment.length() - 1));
                    p.put("in", "path");
                    p.put("required", true);
                    p.putObject("schema").put("type", "string");
                }
            }
            String key = route.method() + " " + route.template();
            JsonNode extra = operations.path(key);
            if (!extra.isMissingNode()) {
                documented.add(key);
            }
            extra.path("parameters").forEach(params::add);
            if (!params.isEmpty()) {
                op.set("parameters", params);
            }
            if (route.limit() != BodyLimit.NONE) {
                ObjectNode body = op.putObject("requestBody");
                body.put("required", true);
                JsonNode schema = extra.has("request") ? extra.get("request").deepCopy()
                        : json.createObjectNode().put("type", "object");
                body.putObject("content").putObject("application/json").set("schema", schema);
                op.put("x-body-limit-bytes", route.limit().bytes());
            }
            if (route.authenticated() && tokenConfigured) {
                op.putArray("security").addObject().putArray("bearer");
            }
            ObjectNode responses = op.putObject("responses");
            ObjectNode success = responses.putObject("2XX").put("description", "the operation's result");
            if (extra.has("response")) {
                success.putObject("content").putObject("application/json").set("schema",
                        extra.get("response").deepCopy());
            }
            responses.putObject("default").put("description", "a typed error")
                    .putObject("content").putObject("application/json").putObject("schema")
                    .put("$ref", "#/components/schemas/Error");
        }
        java.util.Set<String> stale = new java.util.TreeSet<>();
        operations.fieldNames().forEachRemaining(stale::add);
        stale.removeAll(documented);
        if (!stale.isEmpty()) {
            throw new IllegalStateException(EXTRAS + " documents routes that are not served: " + stale);
        }
        return doc;
    }
}
