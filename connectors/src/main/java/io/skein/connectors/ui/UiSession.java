package io.skein.connectors.ui;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's login when {@code FF_API_TOKEN} is set. A person types the token into the login form once; the
 * server answers with a session cookie that holds an expiry and its HMAC-SHA256 under a key derived from the token,
 * never the token itself, so the token appears in no URL, no page and no script. Every instance with the same token
 * accepts the cookie (no server-side session store); changing the token ends every session. The cookie is
 * {@code HttpOnly} and {@code SameSite=Strict}, so no script reads it and no other site's request carries it.
 */
final class UiSession {

    static final String COOKIE = "skein_ui";
    static final long LIFETIME_MS = 12L * 60 * 60 * 1000;

    private final Predicate<String> tokenCheck;
    private final byte[] key;
    private final LongSupplier clock;

    /** {@code token} is the API token (null: no login needed); {@code tokenCheck} compares in constant time. */
    UiSession(String token, Predicate<String> tokenCheck, LongSupplier clock) {
        this.tokenCheck = tokenCheck;
        this.clock = clock;
        this.key = token == null ? null : sha256("skein-ui-session\u0000" + token);
    }

    /** Whether a login is needed at all. */
    boolean required() {
        return key != null;
    }

    /** Whether {@code presented} is the API token. */
    boolean acceptsToken(String presented) {
        return presented != null && !presented.isEmpty() && tokenCheck.test(presented);
    }

    /** Whether the request carries a live session cookie or the bearer token itself (scripts, curl). */
    boolean admits(UiRequest request) {
        if (!required()) {
            return true;
        }
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && acceptsToken(authorization.substring(7).strip())) {
            return true;
        }
        String cookie = request.cookie(COOKIE);
        if (cookie == null) {
            return false;
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(cookie.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] presented = cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = signature(expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, expected) && expires > clock.getAsLong();
    }

    /** The {@code Set-Cookie} value that opens a session. */
    String open(boolean secure) {
        long expires = clock.getAsLong() + LIFETIME_MS;
        return COOKIE + "=" + expires + "." + signature(expires) + "; Path=/ui; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that ends the session in this browser. */
    static String close() {
        return COOKIE + "=; Path=/ui; Max-Age=0; HttpOnly; SameSite=Strict";
    }

    private String signature(long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(("session:" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
