package io.skein.connectors.ui;

import io.skein.connectors.http.Reply;
import java.util.Map;

/**
 * What a dashboard handler answers: a template to render with its model, status and extra headers, or a reply
 * ready as it is (a redirect, an empty poll).
 */
record Page(int status, String template, Map<String, Object> model, Map<String, String> headers, Reply reply) {

    static Page of(String template, Map<String, Object> model) {
        return new Page(200, template, model, Map.of(), null);
    }

    static Page ready(Reply reply) {
        return new Page(reply.status(), null, Map.of(), Map.of(), reply);
    }

    Page withStatus(int newStatus) {
        return new Page(newStatus, template, model, headers, reply);
    }

    Page withHeader(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new Page(status, template, model, all, reply);
    }
}
