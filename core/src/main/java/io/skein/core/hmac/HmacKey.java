package io.skein.core.hmac;

import java.util.Objects;

/**
 * One row of the global keystore ({@code ff_waitpoint_hmac}, spec 05): a kid, its secret, when it became current,
 * and for a retired kid the end of its grace window. {@code expiresAtMs} is null for the current kid.
 */
public record HmacKey(String kid, HmacSecret secret, long rotatedAtMs, Long expiresAtMs) {

    public HmacKey {
        WaitpointToken.validateKid(kid);
        Objects.requireNonNull(secret, "secret");
    }

    /** The current kid's row. */
    public static HmacKey current(String kid, HmacSecret secret, long rotatedAtMs) {
        return new HmacKey(kid, secret, rotatedAtMs, null);
    }

    /** Whether this row is a retired kid (it has a grace end). */
    public boolean isRetired() {
        return expiresAtMs != null;
    }

    /** A retired kid still verifies while {@code expires_at >= now} (spec 04 §1.4 step 3). */
    public boolean verifiesAt(long nowMs) {
        return expiresAtMs == null || expiresAtMs >= nowMs;
    }

    HmacKey retire(long expiresAt) {
        return new HmacKey(kid, secret, rotatedAtMs, expiresAt);
    }
}
