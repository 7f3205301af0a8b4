package io.skein.connectors.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The query parameters of a request, read from its raw query string only (never from a form body): the first value
 * of each name, {@code +} as a space, malformed percent-encoding a 400 naming the query.
 */
final class QueryString {

    private QueryString() {}

    static Function<String, String> parse(String raw) {
        Map<String, String> first = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                first.putIfAbsent(name, value);
            }
        }
        return first::get;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpFailure.badRequest("query: malformed percent-encoding");
        }
    }
}
