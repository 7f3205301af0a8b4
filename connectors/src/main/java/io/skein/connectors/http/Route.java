package io.skein.connectors.http;

import java.util.Map;
import java.util.Objects;

/**
 * One served route: method, path template ({@code /v1/executions/{id}}), body limit, whether it needs the bearer
 * token, the backend operation it calls (documentation) and its handler. The route table is the one source of the
 * served routes, their metrics labels and the OpenAPI document.
 */
public record Route(String method, String template, BodyLimit limit, boolean authenticated, String operation,
                    String summary, Handler handler) {

    /** Answers one request that matched the route. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Call call);
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(handler, "handler");
    }

    /** The path parameters of {@code path} when it matches the template, else null. */
    Map<String, String> match(String[] pathSegments) {
        String[] parts = segments(template);
        if (parts.length != pathSegments.length) {
            return null;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (pathSegments[i].isEmpty()) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 1), pathSegments[i]);
            } else if (!part.equals(pathSegments[i])) {
                return null;
            }
        }
        return params;
    }

    static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/", -1);
    }
}
