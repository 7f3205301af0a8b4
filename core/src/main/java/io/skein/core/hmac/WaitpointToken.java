package io.skein.core.hmac;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The waitpoint token text {@code <kid>:<64 lowercase hex>} (spec 04 §1.2, 01 §2): signing, the well-formedness
 * rule, the listing fingerprint, the log rendering and the kid rule. A token is a secret: nothing here puts one
 * in an exception message.
 */
public final class WaitpointToken {

    /** Longest kid in bytes. */
    public static final int MAX_KID_BYTES = 64;

    /** Hex characters after the colon: the 32-byte HMAC-SHA256 digest. */
    public static final int DIGEST_HEX_CHARS = 64;

    /** Hex characters of a fingerprint. */
    public static final int FINGERPRINT_HEX_CHARS = 16;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WaitpointToken() {}

    /** Signs the waitpoint fields under {@code kid}'s secret: {@code <kid>:<64 lowercase hex>}. */
    public static String sign(String kid, byte[] secret, ExecutionId executionId, WaitpointId waitpointId,
                              WaitpointKey waitpointKey, long createdAtMs) {
        return sign(kid, HmacSecret.of(secret),
                new WaitpointTokenFields(executionId, waitpointId, waitpointKey, createdAtMs));
    }

    /** Signs {@code fields} under {@code kid}'s secret: {@code <kid>:<64 lowercase hex>}. */
    public static String sign(String kid, HmacSecret secret, WaitpointTokenFields fields) {
        validateKid(kid);
        return kid + ":" + hex(secret.mac(fields.message()));
    }

    /** Whether {@code token} is a valid kid, a colon and exactly 64 lowercase hex characters. */
    public static boolean isWellFormed(String token) {
        return kidOf(token) != null;
    }

    /** The kid of a well-formed token, or null when the token is not {@code <kid>:<64 lowercase hex>}. */
    public static String kidOf(String token) {
        if (token == null) {
            return null;
        }
        int colon = token.indexOf(':');
        if (colon < 0 || token.length() - colon - 1 != DIGEST_HEX_CHARS) {
            return null;
        }
        String kid = token.substring(0, colon);
        if (!isValidKid(kid)) {
            return null;
        }
        for (int i = colon + 1; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return kid;
    }

    /** The 32 digest bytes of a well-formed token. */
    static byte[] digestOf(String token) {
        int start = token.indexOf(':') + 1;
        byte[] out = new byte[DIGEST_HEX_CHARS / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Character.digit(token.charAt(start + 2 * i), 16) << 4)
                    | Character.digit(token.charAt(start + 2 * i + 1), 16));
        }
        return out;
    }

    /**
     * The listing fingerprint: the first 16 hex characters of SHA-256 over the token's UTF-8 bytes (differs from
     * the reference, which hashes the digest alone).
     */
    public static String fingerprint(String token) {
        if (token == null) {
            throw EngineError.invalidInput("token: missing");
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return hex(sha).substring(0, FINGERPRINT_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime ships SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * The only way a token may appear in a log: {@code <kid>:<REDACTED:len=N>}, N the length of the whole token.
     * A token whose kid part is not a valid kid shows {@code ?} instead, so a secret pasted into the kid position
     * cannot leak either.
     */
    public static String redact(String token) {
        if (token == null) {
            return "<none>";
        }
        int colon = token.indexOf(':');
        String kid = colon < 0 ? null : token.substring(0, colon);
        return (kid != null && isValidKid(kid) ? kid : "?") + ":<REDACTED:len=" + token.length() + ">";
    }

    /** Whether {@code kid} is 1–64 bytes of printable ASCII without {@code ':'}. */
    public static boolean isValidKid(String kid) {
        if (kid == null || kid.isEmpty() || kid.length() > MAX_KID_BYTES) {
            return false;
        }
        for (int i = 0; i < kid.length(); i++) {
            char c = kid.charAt(i);
            if (c < 0x20 || c > 0x7E || c == ':') {
                return false;
            }
        }
        return true;
    }

    /** Checks the kid rule of spec 01 §2; a violation is {@code Validation(InvalidKid, "kid: …")}. */
    public static String validateKid(String kid) {
        return validateKid("kid", kid);
    }

    /** Checks the kid rule, naming {@code field} in the {@code Validation(InvalidKid)} detail. */
    public static String validateKid(String field, String kid) {
        if (!isValidKid(kid)) {
            throw new EngineException(new EngineError.Validation(ValidationKind.INVALID_KID,
                    field + ": must be 1-" + MAX_KID_BYTES + " printable ASCII bytes without ':'"));
        }
        return kid;
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
