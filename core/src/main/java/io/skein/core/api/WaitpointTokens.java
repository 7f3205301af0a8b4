package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;

/** Rules for waitpoint tokens, HMAC kids and secrets shared by every backend (spec 01 §2, 04 §1.2–§1.3). */
public final class WaitpointTokens {

    /** The largest grace a rotation accepts: 2^53 − 1 ms (spec 04 §1.3). */
    public static final long MAX_GRACE_MS = (1L << 53) - 1;

    private WaitpointTokens() {}

    /** Renders a token for logs as {@code kid:<REDACTED:len=N>} (N = length of the secret part). */
    public static String redact(String token) {
        if (token == null) {
            return "null";
        }
        int colon = token.indexOf(':');
        String kid = colon < 0 ? "" : token.substring(0, colon);
        return kid + ":<REDACTED:len=" + (token.length() - colon - 1) + ">";
    }

    /** A kid is 1–64 printable ASCII bytes without {@code :}; else {@code Validation(kind, "kid: …")}. */
    public static String validateKid(String kid, ValidationKind kind) {
        if (kid == null || kid.isEmpty() || kid.length() > 64) {
            throw new EngineException(new EngineError.Validation(kind, "kid: must be 1-64 bytes"));
        }
        for (int i = 0; i < kid.length(); i++) {
            char c = kid.charAt(i);
            if (c < 0x20 || c > 0x7E || c == ':') {
                throw new EngineException(new EngineError.Validation(kind,
                        "kid: must be printable ASCII without ':'"));
            }
        }
        return kid;
    }

    /** A secret is exactly 64 hex characters (32 bytes); else {@code Validation(kind, "<field>: …")}. */
    public static String validateSecretHex(String field, String secretHex, ValidationKind kind) {
        if (secretHex == null || secretHex.length() != 64) {
            throw new EngineException(new EngineError.Validation(kind, field + ": must be exactly 64 hex characters"));
        }
        for (int i = 0; i < secretHex.length(); i++) {
            char c = secretHex.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                throw new EngineException(new EngineError.Validation(kind,
                        field + ": must be exactly 64 hex characters"));
            }
        }
        return secretHex;
    }
}
