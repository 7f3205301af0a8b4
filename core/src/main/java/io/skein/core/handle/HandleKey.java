package io.skein.core.handle;

import io.skein.core.api.HandleKind;
import io.skein.core.hmac.HmacSecret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The server key a handle's tag is computed with (spec 01 §12): HMAC-SHA256 over the handle's kind and every byte
 * of its opaque form before the tag. Derived from the server secret a backend is opened with under its own label,
 * so the handle key and the waitpoint tokens signed with that secret never share a key. Engines that share a
 * database must be opened with the same secret to accept each other's handles. {@link #toString()} never renders
 * the key.
 */
public final class HandleKey {

    /** Bytes of a tag at the end of the opaque form. */
    public static final int TAG_BYTES = 32;

    /** The derivation label: a new label (and layout version) would retire every handle issued under this one. */
    private static final byte[] LABEL = "skein-handle-v1".getBytes(StandardCharsets.US_ASCII);

    private final HmacSecret key;

    private HandleKey(HmacSecret key) {
        this.key = key;
    }

    /** The handle key of a server opened with {@code serverSecret}: HMAC-SHA256(serverSecret, "skein-handle-v1"). */
    public static HandleKey derivedFrom(HmacSecret serverSecret) {
        return new HandleKey(HmacSecret.of(serverSecret.mac(LABEL)));
    }

    /** A key of this process alone: for a backend opened without a server secret; its handles die with it. */
    public static HandleKey random() {
        byte[] bytes = new byte[HmacSecret.LENGTH_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new HandleKey(HmacSecret.of(bytes));
    }

    /** The tag of a handle of {@code kind} whose opaque bytes before the tag are {@code body}. */
    byte[] tag(HandleKind kind, byte[] body, int bodyLength) {
        ByteArrayOutputStream message = new ByteArrayOutputStream(bodyLength + 16);
        message.writeBytes(kind.wire().getBytes(StandardCharsets.US_ASCII));
        message.write(0); // the kind's end: no kind is a prefix of the body
        message.write(body, 0, bodyLength);
        return key.mac(message.toByteArray());
    }

    /** Whether {@code opaque} ends with the tag of its kind and preceding bytes; compared in constant time. */
    boolean verifies(HandleKind kind, byte[] opaque) {
        int bodyLength = opaque.length - TAG_BYTES;
        if (bodyLength < 0) {
            return false;
        }
        byte[] expected = tag(kind, opaque, bodyLength);
        byte[] presented = java.util.Arrays.copyOfRange(opaque, bodyLength, opaque.length);
        return MessageDigest.isEqual(expected, presented);
    }

    @Override
    public String toString() {
        return "HandleKey[REDACTED]";
    }
}
