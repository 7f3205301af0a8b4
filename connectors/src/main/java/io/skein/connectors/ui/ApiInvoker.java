package io.skein.connectors.ui;

import io.skein.connectors.http.Reply;
import java.util.Map;

/**
 * Calls a route of the HTTP API in-process and answers as a client would be answered (status, JSON body, typed
 * errors), minus the bearer check: the dashboard reads and acts through the API it shows, on behalf of a person it
 * has authenticated.
 */
@FunctionalInterface
public interface ApiInvoker {

    /** {@code path} is the request path with its ids percent-encoded, {@code query} its query parameters. */
    Reply call(String method, String path, Map<String, String> query, byte[] body);
}
