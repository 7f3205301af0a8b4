package io.skein.connectors.ui;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One request to the dashboard: method, raw path and query string (nullable), query and header lookups, and the
 * body (already read within the server's limit).
 */
public record UiRequest(String method, String rawPath, String rawQuery, Function<String, String> queryLookup,
                        Function<String, String> headerLookup, byte[] body) {

    /** A query parameter, or null when absent or blank. */
    String query(String name) {
        String value = queryLookup.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    String header(String name) {
        return headerLookup.apply(name);
    }

    /** Whether htmx sent this request (it asks for a fragment, not a page). */
    boolean fromHtmx() {
        return "true".equals(header("HX-Request"));
    }

    /** The value of one cookie of the {@code Cookie} header, or null. */
    String cookie(String name) {
        String all = header("Cookie");
        if (all == null) {
            return null;
        }
        for (String part : all.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }

    /** The body as an {@code application/x-www-form-urlencoded} form (blank values left out). */
    Map<String, String> form() {
        Map<String, String> out = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
                if (!value.isEmpty()) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), value);
                }
            } catch (IllegalArgumentException malformed) {
                // a malformed pair is a field left out; the action then says what it misses
            }
        }
        return out;
    }
}
