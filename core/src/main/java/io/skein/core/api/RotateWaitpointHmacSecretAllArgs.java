package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;

/**
 * Arguments of {@code rotateWaitpointHmacSecretAll} (spec 04 §1.3), validated on construction: {@code InvalidKid},
 * {@code InvalidSecretHex} (exactly 64 hex characters), {@code InvalidGraceMs} (0 ≤ graceMs ≤ 2^53 − 1).
 * {@link #toString()} never shows the secret.
 */
public record RotateWaitpointHmacSecretAllArgs(String newKid, String newSecretHex, long graceMs) {

    /** The grace the HTTP route uses when {@code FF_WAITPOINT_HMAC_GRACE_MS} is unset. */
    public static final long DEFAULT_GRACE_MS = 86_400_000L;

    public RotateWaitpointHmacSecretAllArgs {
        WaitpointTokens.validateKid(newKid, ValidationKind.INVALID_KID);
        WaitpointTokens.validateSecretHex("new_secret_hex", newSecretHex, ValidationKind.INVALID_SECRET_HEX);
        if (graceMs < 0 || graceMs > WaitpointTokens.MAX_GRACE_MS) {
            throw EngineError.validation(ValidationKind.INVALID_GRACE_MS, "grace_ms: must be in [0, 2^53-1]");
        }
    }

    @Override
    public String toString() {
        return "RotateWaitpointHmacSecretAllArgs[newKid=" + newKid + ", newSecretHex=<REDACTED>, graceMs=" + graceMs
                + "]";
    }
}
