package io.skein.connectors.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * {@code Authorization: Bearer <FF_API_TOKEN>} checked in constant time: both sides are hashed with SHA-256 and
 * the digests compared with {@link MessageDigest#isEqual}, so neither the length nor a prefix of the token leaks
 * through timing (spec 03 §2.2).
 */
final class BearerAuth {

    private static final String PREFIX = "Bearer ";

    private final byte[] expectedDigest;

    BearerAuth(String token) {
        this.expectedDigest = sha256(token);
    }

    /**
     * Whether the request's {@code Authorization} fields carry the token: exactly one field (two are ambiguous,
     * whichever holds the token), scheme {@code Bearer} in any case, the token byte for byte.
     */
    boolean accepts(List<String> authorizationFields) {
        String field = authorizationFields.size() == 1 ? authorizationFields.get(0) : null;
        String presented = field != null && field.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? field.substring(PREFIX.length()).strip() : "";
        // Always hash and compare, even when absent, so every rejection costs the same.
        boolean equal = MessageDigest.isEqual(expectedDigest, sha256(presented));
        return equal && !presented.isEmpty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
