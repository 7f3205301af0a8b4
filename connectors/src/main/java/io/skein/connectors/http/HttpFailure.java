package io.skein.connectors.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.error.HttpErrorMapping.HttpError;

/**
 * A request answered with an error before or instead of a backend result: the status and the JSON body
 * {@code {"error","kind","retryable"}} (plus route-specific fields such as {@code limit_bytes}).
 */
final class HttpFailure extends RuntimeException {

    private final int status;
    private final ObjectNode body;

    HttpFailure(int status, ObjectNode body) {
        super(body.path("error").asText(), null, false, false);
        this.status = status;
        this.body = body;
    }

    static HttpFailure of(HttpError error) {
        return new HttpFailure(error.status(), errorBody(error));
    }

    /** 400 {@code invalid_input} naming the field and the reason. */
    static HttpFailure badRequest(String detail) {
        return of(io.skein.core.error.HttpErrorMapping.badRequest(detail));
    }

    /** 404 for a route or resource the API has no typed entity for ({@code not found: <what>}). */
    static HttpFailure notFound(String what) {
        return of(new HttpError(404, "not_found", "not found: " + what, false));
    }

    /** 413 with the limit and the route template. */
    static HttpFailure payloadTooLarge(int limitBytes, String routeTemplate) {
        ObjectNode body = errorBody(io.skein.core.error.HttpErrorMapping.payloadTooLarge());
        body.put("limit_bytes", limitBytes);
        body.put("route", routeTemplate);
        return new HttpFailure(413, body);
    }

    static ObjectNode errorBody(HttpError error) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", error.error());
        body.put("kind", error.kind());
        body.put("retryable", error.retryable());
        return body;
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        return body;
    }
}
