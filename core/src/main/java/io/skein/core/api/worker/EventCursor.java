package io.skein.core.api.worker;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skein.core.api.BackendTag;
import java.util.Arrays;

/**
 * The opaque position a subscription consumer stores (spec 02 §11). Empty means "from now"; otherwise the first
 * byte is the backend tag ({@code 0x02} PostgreSQL, {@code 0x03} SQLite, {@code 0x04} Kafka) and the rest is that
 * backend's layout. JSON form: an array of byte values.
 */
public record EventCursor(byte[] bytes) {

    public static final EventCursor FROM_NOW = new EventCursor(new byte[0]);

    public EventCursor {
        bytes = bytes == null ? new byte[0] : bytes.clone();
    }

    @JsonCreator
    public static EventCursor of(byte[] bytes) {
        return new EventCursor(bytes);
    }

    @JsonValue
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isFromNow() {
        return bytes.length == 0;
    }

    /** The backend that wrote this cursor, or null when it is empty or names no known backend. */
    public BackendTag backendTag() {
        return bytes.length == 0 ? null : BackendTag.ofTag(bytes[0]);
    }

    /**
     * The bytes after the tag of a cursor {@code own} wrote (spec 02 §11); the caller checks their layout.
     *
     * @throws io.skein.core.error.EngineException {@code InvalidInput} when the cursor is empty or another backend's
     */
    public java.nio.ByteBuffer layoutOf(BackendTag own) {
        if (bytes.length == 0 || bytes[0] != own.tag()) {
            BackendTag other = backendTag();
            throw io.skein.core.error.EngineError.invalidInput("cursor: " + (other == null ? "not an event cursor"
                    : "written by the " + other.wire() + " backend, this is " + own.wire()));
        }
        return java.nio.ByteBuffer.wrap(bytes, 1, bytes.length - 1).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventCursor c && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "EventCursor[" + bytes.length + " bytes]";
    }
}
