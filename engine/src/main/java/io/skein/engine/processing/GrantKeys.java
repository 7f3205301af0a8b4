package io.skein.engine.processing;

import io.skein.engine.state.Grant;

import io.skein.core.hmac.HmacKey;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.core.id.ExecutionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Grant keys {@code <kind>:<execution_id>:<expires_at_ms>:<kid>:<hex>} (spec 05 §1.4): the HMAC-SHA256 of
 * {@code <kind>|<execution_id>|<worker_id>|<worker_instance_id>|<expires_at_ms>} under the current kid. The row's
 * {@code grant_id} is the SHA-256 of the key. With an empty keystore the key carries kid {@code none} and random
 * bytes: still unguessable, just not verifiable offline.
 */
public final class GrantKeys {

    private GrantKeys() {}

    public static String mint(WaitpointKeystore keystore, java.util.function.Consumer<byte[]> random, String kind,
                              ExecutionId executionId, String workerId,
                              String workerInstanceId, long expiresAtMs) {
        String prefix = kind + ":" + executionId + ":" + expiresAtMs + ":";
        HmacKey current = keystore.current();
        if (current == null) {
            byte[] bytes = new byte[32];
            random.accept(bytes);
            return prefix + "none:" + HexFormat.of().formatHex(bytes);
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
}
