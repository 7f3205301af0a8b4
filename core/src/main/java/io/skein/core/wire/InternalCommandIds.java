package io.skein.core.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic {@code command_id}s for timer firings and follow-up units (spec 05 §7): SHA-256 of partition,
 * entity, kind, due time (or parent command) and expected version, folded into a name-based UUID. A replayed
 * timer therefore hits the command log instead of acting twice.
 */
public final class InternalCommandIds {

    private InternalCommandIds() {}

    public static String of(String partition, String entity, String kind, String dueOrParent, long expectedVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {partition, entity, kind, dueOrParent, Long.toString(expectedVersion)}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            ByteBuffer digest = ByteBuffer.wrap(sha.digest());
            long msb = (digest.getLong() & ~0xF000L) | 0x8000L; // version 8 (custom) UUID layout
            long lsb = (digest.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
            return new UUID(msb, lsb).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
