package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.util.Arrays;
import java.util.Objects;

/**
 * A frame to append (spec 04 §3.1). {@code frameType} null or empty becomes the kind's wire name; {@code mode}
 * null becomes {@code Durable}; {@code correlationId} is nullable. Content rules are checked by {@link #validate()}
 * so that a backend reports them in the spec's order.
 */
public record Frame(byte[] bytes, FrameKind kind, String frameType, String correlationId, StreamMode mode) {

    /** The largest payload an append accepts. */
    public static final int MAX_PAYLOAD_BYTES = 65_536;

    /** The deepest nesting a summary patch may have. */
    public static final int MAX_SUMMARY_DEPTH = 16;

    public Frame {
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
        Objects.requireNonNull(kind, "kind");
        frameType = frameType == null || frameType.isEmpty() ? kind.wire() : frameType;
        mode = mode == null ? new StreamMode.Durable() : mode;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The content checks of {@code appendFrame}, in the order of spec 04 §3.2: payload over 65 536 bytes
     * ({@code RetentionLimitExceeded}); {@code frame_type} not 1–64 printable ASCII ({@code InvalidFrameType}); a
     * summary payload that is not a JSON object or nests deeper than 16 ({@code InvalidInput}).
     */
    public void validate() {
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw EngineError.validation(ValidationKind.RETENTION_LIMIT_EXCEEDED,
                    "payload: larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        if (frameType.length() > 64 || frameType.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
            throw EngineError.validation(ValidationKind.INVALID_FRAME_TYPE,
                    "frame_type: must be 1-64 printable ASCII bytes");
        }
        if (mode instanceof StreamMode.DurableSummary) {
            JsonMergePatch.parseSummaryPatch(bytes);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && Arrays.equals(bytes, f.bytes) && kind == f.kind
                && frameType.equals(f.frameType) && Objects.equals(correlationId, f.correlationId)
                && mode.equals(f.mode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), kind, frameType, correlationId, mode);
    }

    @Override
    public String toString() {
        return "Frame[" + bytes.length + " bytes, kind=" + kind.wire() + ", frameType=" + frameType
                + ", correlationId=" + correlationId + ", mode=" + mode.kind().wire() + "]";
    }
}
