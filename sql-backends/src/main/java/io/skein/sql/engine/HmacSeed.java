package io.skein.sql.engine;

import io.skein.core.handle.HandleKey;
import io.skein.core.hmac.HmacSecret;
import java.util.Objects;

/**
 * The kid and secret {@code prepare()} seeds into an empty waitpoint keystore (spec 04 §1.3), and the server secret
 * the backend's handle key is derived from (spec 01 §12). Backend configuration: the server fills it from
 * {@code FF_WAITPOINT_HMAC_KID} / {@code FF_WAITPOINT_HMAC_SECRET}; a backend never reads the environment for it.
 * Engines sharing a database are opened with the same secret, so each accepts the handles the others issue.
 */
public record HmacSeed(String kid, String secretHex) {
    public HmacSeed {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(secretHex, "secretHex");
    }

    /**
     * The handle key of a backend opened with {@code seed}: derived from its secret; without a seed, a key of this
     * process alone, so only this backend instance accepts the handles it issues.
     */
    public static HandleKey handleKeyOf(HmacSeed seed) {
        return seed == null ? HandleKey.random() : HandleKey.derivedFrom(HmacSecret.parseHex(seed.secretHex));
    }
}
