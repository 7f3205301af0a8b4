package io.skein.sql.engine;

import java.util.Objects;

/**
 * The kid and secret {@code prepare()} seeds into an empty waitpoint keystore (spec 04 §1.3). Backend
 * configuration: the server fills it from {@code FF_WAITPOINT_HMAC_KID} / {@code FF_WAITPOINT_HMAC_SECRET}; a backend
 * never reads the environment for it.
 */
public record HmacSeed(String kid, String secretHex) {
    public HmacSeed {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(secretHex, "secretHex");
    }
}
