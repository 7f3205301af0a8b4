package io.skein.connectors.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code FF_CORS_ORIGINS} (spec 03 §2.2): {@code *} is fully permissive; otherwise a list of exact origins
 * ({@code scheme://host[:port]}). Invalid entries in a mixed list are logged and dropped; a list with no valid
 * origin is a configuration error.
 */
public record CorsPolicy(boolean anyOrigin, Set<String> origins) {

    private static final Logger LOG = LoggerFactory.getLogger(CorsPolicy.class);

    public CorsPolicy {
        origins = Set.copyOf(origins);
    }

    /** Every origin allowed. */
    public static CorsPolicy permissive() {
        return new CorsPolicy(true, Set.of());
    }

    /**
     * Parses the variable's value; {@code null} means unset (permissive).
     *
     * @throws IllegalArgumentException naming {@code FF_CORS_ORIGINS} when the value is empty or has no valid origin
     */
    public static CorsPolicy parse(String raw) {
        if (raw == null) {
            return permissive();
        }
        if (raw.isBlank()) {
            throw new IllegalArgumentException("FF_CORS_ORIGINS is set but empty");
        }
        Set<String> valid = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (String part : raw.split(",")) {
            String origin = part.strip();
            if (origin.equals("*")) {
                return permissive();
            }
            if (isOrigin(origin)) {
                valid.add(origin);
            } else if (!origin.isEmpty()) {
                invalid.add(origin);
            }
        }
        if (valid.isEmpty()) {
            throw new IllegalArgumentException("FF_CORS_ORIGINS has no valid origin (scheme://host[:port]): " + raw);
        }
        if (!invalid.isEmpty()) {
            LOG.warn("FF_CORS_ORIGINS: dropping invalid origins {}", invalid);
        }
        return new CorsPolicy(false, valid);
    }

    /** Whether a request from {@code origin} may read responses. */
    public boolean allows(String origin) {
        return origin != null && (anyOrigin || origins.contains(origin));
    }

    private static boolean isOrigin(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
