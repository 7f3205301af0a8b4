package io.skein.connectors.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A route's answer: status, content type, body bytes and extra headers. */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public Reply {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    static Reply json(int status, String json) {
        return new Reply(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Reply noContent() {
        return new Reply(204, null, new byte[0], Map.of());
    }

    Reply withHeader(String name, String value) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, contentType, body, all);
    }
}
