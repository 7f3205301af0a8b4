package io.skein.connectors.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.0 document served at {@code /openapi.json}, generated from the route table so the document and
 * the served routes cannot drift: paths, methods, path parameters, body limits, authentication and the error body.
 */
final class OpenApiDocument {

    private OpenApiDocument() {}

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
            if (!params.isEmpty()) {
                op.set("parameters", params);
            }
            if (route.limit() != BodyLimit.NONE) {
                ObjectNode body = op.putObject("requestBody");
                body.put("required", true);
                body.putObject("content").putObject("application/json").putObject("schema").put("type", "object");
                op.put("x-body-limit-bytes", route.limit().bytes());
            }
            if (route.authenticated() && tokenConfigured) {
                op.putArray("security").addObject().putArray("bearer");
            }
            ObjectNode responses = op.putObject("responses");
            responses.putObject("2XX").put("description", "the operation's result");
            responses.putObject("default").put("description", "a typed error")
                    .putObject("content").putObject("application/json").putObject("schema")
                    .put("$ref", "#/components/schemas/Error");
        }
        return doc;
    }
}
