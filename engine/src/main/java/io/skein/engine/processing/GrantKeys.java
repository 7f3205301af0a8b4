package io.skein.engine.processing;

import io.skein.engine.state.Grant;

import io.skein.core.hmac.HmacKey;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.core.id.ExecutionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Grant keys {@code <kind>:<execution_id>:<expires_at_ms>:<kid>:<hex>} (spec 05 §1.4): the HMAC-SHA256 of
 * {@code <kind>|<execution_id>|<worker_id>|<worker_instance_id>|<expires_at_ms>} under the current kid. The row's
 * {@code grant_id} is the SHA-256 of the key. With an empty keystore the key carries kid {@code none} and random
 * bytes: still unguessable, just not verifiable offline.
 */
public final class GrantKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private GrantKeys() {}

    public static String mint(WaitpointKeystore keystore, String kind, ExecutionId executionId, String workerId,
                              String workerInstanceId, long expiresAtMs) {
        String prefix = kind + ":" + executionId + ":" + expiresAtMs + ":";
        HmacKey current = keystore.current();
        if (current == null) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            return prefix + "none:" + HexFormat.of().formatHex(random);
        }
        String message = kind + "|" + executionId + "|" + workerId + "|" + workerInstanceId + "|" + expiresAtMs;
        return prefix + current.kid() + ":"
                + HexFormat.of().formatHex(current.secret().mac(message.getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code grant_id} bytes stored for a key. */
    public static byte[] grantId(String grantKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(grantKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** 16 random bytes: the id of an internal grant issued and consumed in one unit. */
    public static byte[] internalGrantId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }
}
