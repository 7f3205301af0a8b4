package io.skein.core.hmac;

import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 32-byte key of one kid (spec 04 §1.2). Its text form is exactly 64 hex characters; {@link #toString()}
 * never renders the bytes, so a secret that reaches a log line or an exception message stays hidden.
 */
public final class HmacSecret {

    /** Length of a secret in bytes; its hex form is twice as long. */
    public static final int LENGTH_BYTES = 32;

    private static final String HMAC_SHA256 = "HmacSHA256";

    private final byte[] bytes;

    private HmacSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps raw key bytes (a copy is kept); anything but 32 bytes is {@code Validation(InvalidSecretHex)}. */
    public static HmacSecret of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH_BYTES) {
            throw EngineError.validation(ValidationKind.INVALID_SECRET_HEX,
                    "secret: must be exactly " + LENGTH_BYTES + " bytes");
        }
        return new HmacSecret(bytes.clone());
    }

    /**
     * Decodes exactly 64 hex characters (either case). Anything else is
     * {@code Validation(InvalidSecretHex, "new_secret_hex: …")}; the rejected text is never echoed.
     */
    public static HmacSecret parseHex(String hex) {
        if (!isValidHex(hex)) {
            throw EngineError.validation(ValidationKind.INVALID_SECRET_HEX,
                    "new_secret_hex: must be exactly " + 2 * LENGTH_BYTES + " hex characters");
        }
        byte[] out = new byte[LENGTH_BYTES];
        for (int i = 0; i < LENGTH_BYTES; i++) {
            out[i] = (byte) ((Character.digit(hex.charAt(2 * i), 16) << 4) | Character.digit(hex.charAt(2 * i + 1), 16));
        }
        return new HmacSecret(out);
    }

    /** Whether {@code hex} is exactly 64 hex characters (either case). */
    public static boolean isValidHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH_BYTES) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean lower = c >= 'a' && c <= 'f';
            boolean upper = c >= 'A' && c <= 'F';
            if (!digit && !lower && !upper) {
                return false;
            }
        }
        return true;
    }

    /** A copy of the key bytes, for the store that persists them. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** HMAC-SHA256 of {@code message} under this key: 32 bytes. */
    public byte[] mac(byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(bytes, HMAC_SHA256));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java 17 runtime ships HmacSHA256; a 32-byte key is always valid for it.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time equality of the key bytes. */
    public boolean sameAs(HmacSecret other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HmacSecret s && sameAs(s);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "HmacSecret[REDACTED]";
    }
}
