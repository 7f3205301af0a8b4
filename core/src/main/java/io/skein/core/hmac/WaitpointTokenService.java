package io.skein.core.hmac;

import io.skein.core.error.EngineError;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Mints and verifies waitpoint tokens against the global keystore (spec 04 §1.2–§1.4), identically on every
 * backend. A failure changes nothing; counting {@code ff_hmac_verify_failures_total} and the audit log line are
 * the caller's, which catches the typed error.
 */
public final class WaitpointTokenService {

    private WaitpointTokenService() {}

    /**
     * Signs {@code fields} under the current kid. An empty keystore is
     * {@code Unavailable{op: "<op> (hmac_secret_not_initialized)"}}.
     */
    public static String mint(WaitpointKeystore keystore, WaitpointTokenFields fields, String op) {
        Objects.requireNonNull(fields, "fields");
        requireSeeded(keystore, op);
        HmacKey current = keystore.current();
        return WaitpointToken.sign(current.kid(), current.secret(), fields);
    }

    /**
     * Verifies {@code token} against the <em>stored</em> waitpoint fields (spec 04 §1.4 steps 1–4):
     * <ol>
     *   <li>null or empty → {@code Validation(InvalidToken, "missing_token")}; not {@code <kid>:<64 lowercase hex>}
     *       → {@code Validation(InvalidToken, "invalid_token")};</li>
     *   <li>empty keystore → {@code Unavailable{op: "<op> (hmac_secret_not_initialized)"}};</li>
     *   <li>the kid's secret: current, or retired within grace; past grace → {@code "token_expired"}; unknown →
     *       {@code "invalid_token"};</li>
     *   <li>the recomputed digest differs → {@code "invalid_token"} (constant-time over all 32 bytes).</li>
     * </ol>
     *
     * @return the kid that verified the token
     */
    public static String verify(String token, WaitpointTokenFields stored, WaitpointKeystore keystore, long nowMs,
                                String op) {
        Objects.requireNonNull(stored, "stored");
        if (token == null || token.isEmpty()) {
            throw WaitpointKeystore.invalidToken("missing_token");
        }
        String kid = WaitpointToken.kidOf(token);
        if (kid == null) {
            throw WaitpointKeystore.invalidToken("invalid_token");
        }
        requireSeeded(keystore, op);
        HmacSecret secret = keystore.secretFor(kid, nowMs);
        byte[] expected = secret.mac(stored.message());
        if (!MessageDigest.isEqual(expected, WaitpointToken.digestOf(token))) {
            throw WaitpointKeystore.invalidToken("invalid_token");
        }
        return kid;
    }

    private static void requireSeeded(WaitpointKeystore keystore, String op) {
        Objects.requireNonNull(op, "op");
        if (keystore == null || keystore.isEmpty()) {
            throw EngineError.unavailable(op + " (hmac_secret_not_initialized)");
        }
    }
}
