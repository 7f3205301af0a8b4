package io.skein.connectors.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP API as the dashboard calls it: JSON in and out, a refusal as the API's own status and body. */
final class Api {

    /** The API answered with an error: its status and its body, shown to the person verbatim. */
    static final class Refused extends RuntimeException {
        final int status;
        final String body;

        Refused(int status, String body) {
            super(status + " " + body, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    private final ApiInvoker invoker;

    Api(ApiInvoker invoker) {
        this.invoker = invoker;
    }

    /** GET {@code path}; the parsed JSON of a 2xx answer, else {@link Refused}. */
    JsonNode get(String path, Map<String, String> query) {
        return parse(send("GET", path, query, null));
    }

    JsonNode get(String path) {
        return get(path, Map.of());
    }

    /** Sends one request; any answer, success or refusal, comes back as the API gave it. */
    Reply send(String method, String path, Map<String, String> query, String jsonBody) {
        return invoker.call(method, path, query, jsonBody == null ? new byte[0]
                : jsonBody.getBytes(StandardCharsets.UTF_8));
    }

    /** The parsed JSON of a 2xx answer, else {@link Refused}. */
    static JsonNode parse(Reply reply) {
        String text = new String(reply.body(), StandardCharsets.UTF_8);
        if (reply.status() >= 300) {
            throw new Refused(reply.status(), text);
        }
        try {
            return text.isEmpty() ? Views.JSON.nullNode() : Views.JSON.readTree(text);
        } catch (IOException e) {
            throw new Refused(reply.status(), text);
        }
    }

    /** A JSON value as plain maps, lists and scalars, the shapes templates read. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? Map.of()
                : Views.JSON.convertValue(node, LinkedHashMap.class);
    }

    /** {@code /v1/executions/<id>…}: the id percent-encoded as one path segment. */
    static String execution(String id, String rest) {
        return "/v1/executions/" + Views.enc(id) + rest;
    }
}
