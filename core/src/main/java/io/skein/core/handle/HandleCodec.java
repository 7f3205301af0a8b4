package io.skein.core.handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.BackendTag;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.WireEnum;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;

/**
 * The opaque handle layout of spec 01 §12: byte 0 {@code 0x02} (layout), byte 1 {@code 0x02} (version), byte 2 the
 * backend tag, then u32-LE length + UTF-8 execution_id, u32-LE attempt_index, length + attempt_id, length +
 * lease_id, u64-LE lease_epoch, u64-LE lease_ttl_ms, length + lane_id, length + worker_instance_id, and last a
 * 32-byte HMAC-SHA256 tag ({@link HandleKey}) over the handle's kind and every byte before it.
 *
 * <p>A handle is verified whole before any of its fields is read: a handle that does not carry the tag of the
 * engine's key — a flipped bit anywhere, another kind, a forged or truncated one — is
 * {@code Validation(Corruption)}, and nothing in it is used. Only the three fixed header bytes are looked at first,
 * to name a handle of another backend ({@code Validation(HandleFromOtherBackend)}) as the spec requires.
 */
public final class HandleCodec {

    /** Byte 0 of every handle this layout writes. */
    public static final byte LAYOUT = 0x02;

    /** Byte 1: the layout version (0x02: the fields followed by the tag). */
    public static final byte VERSION = 0x02;

    /** FlowFabric's Valkey tag: never issued here, named when a Valkey handle is presented. */
    private static final byte VALKEY_TAG = 0x01;

    private static final int HEADER_BYTES = 3;

    private HandleCodec() {}

    /** Builds the handle a claim of {@code kind} on {@code backend} returns, tagged under {@code key}. */
    public static Handle encode(HandleKey key, BackendTag backend, HandleKind kind, HandleFields fields) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fields, "fields");
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + HandleKey.TAG_BYTES);
        out.write(LAYOUT);
        out.write(VERSION);
        out.write(backend.tag());
        writeString(out, fields.executionId().toString());
        writeU32(out, fields.attemptIndex());
        writeString(out, fields.attemptId().toString());
        writeString(out, fields.leaseId().toString());
        writeU64(out, fields.leaseEpoch());
        writeU64(out, fields.leaseTtlMs());
        writeString(out, fields.laneId().value());
        writeString(out, fields.workerInstanceId().value());
        byte[] body = out.toByteArray();
        out.writeBytes(key.tag(kind, body, body.length));
        return new Handle(backend, kind, out.toByteArray());
    }

    /**
     * Decodes a handle presented to backend {@code expected}, whose handles are tagged under {@code key}. A handle
     * whose tag byte names another backend is {@code Validation(HandleFromOtherBackend, "expected=<wire>
     * actual=<wire>")}; every other defect (a tag that does not verify, short or long bytes, wrong layout or
     * version, a tag byte that disagrees with the handle's backend field, bad UTF-8, an invalid id) is
     * {@code Validation(Corruption, "handle: …")}.
     */
    public static HandleFields decode(HandleKey key, Handle handle, BackendTag expected) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(expected, "expected");
        byte[] opaque = handle.opaque();
        checkHeader(handle, opaque, expected);
        if (!key.verifies(handle.kind(), opaque)) {
            throw corruption("not issued by this engine, or altered");
        }
        return fields(opaque);
    }

    /**
     * The fields of a handle whatever backend issued it, with every check of {@link #decode} except the
     * expected-backend one and the tag, which only the issuing engine can check: the routing layer (Kafka command
     * keys) needs the execution id before any backend sees the handle. What it returns is unauthenticated: use it
     * to route or to show, never to decide.
     */
    public static HandleFields peek(Handle handle) {
        Objects.requireNonNull(handle, "handle");
        byte[] opaque = handle.opaque();
        checkHeader(handle, opaque, handle.backend());
        return fields(opaque);
    }

    /** The fixed header: length for the header and the tag, layout, version, a known tag agreeing with the field. */
    private static void checkHeader(Handle handle, byte[] opaque, BackendTag expected) {
        if (opaque.length < HEADER_BYTES + HandleKey.TAG_BYTES) {
            throw corruption("shorter than its 3-byte header and " + HandleKey.TAG_BYTES + "-byte tag");
        }
        byte layout = opaque[0];
        byte version = opaque[1];
        byte tag = opaque[2];
        if (layout != LAYOUT) {
            throw corruption("unknown layout byte 0x" + hexByte(layout));
        }
        if (version != VERSION) {
            throw corruption("unknown version byte 0x" + hexByte(version));
        }
        BackendTag actual = BackendTag.ofTag(tag);
        if (actual == null && tag == VALKEY_TAG) {
            throw otherBackend(expected, "valkey");
        }
        if (actual == null) {
            throw corruption("unknown backend tag 0x" + hexByte(tag));
        }
        if (actual != handle.backend()) {
            throw corruption("backend field '" + handle.backend().wire() + "' disagrees with tag byte '"
                    + actual.wire() + "'");
        }
        if (actual != expected) {
            throw otherBackend(expected, actual.wire());
        }
    }

    /** Reads the fields between the header and the tag; nothing may be left between them. */
    private static HandleFields fields(byte[] opaque) {
        Reader in = new Reader(opaque, HEADER_BYTES, opaque.length - HEADER_BYTES - HandleKey.TAG_BYTES);
        String executionId = in.string("execution_id");
        long attemptIndex = in.u32("attempt_index");
        String attemptId = in.string("attempt_id");
        String leaseId = in.string("lease_id");
        long leaseEpoch = in.u64("lease_epoch");
        long leaseTtlMs = in.u64("lease_ttl_ms");
        String laneId = in.string("lane_id");
        String workerInstanceId = in.string("worker_instance_id");
        if (in.remaining() != 0) {
            throw corruption(in.remaining() + " trailing bytes");
        }
        if (attemptIndex > Integer.MAX_VALUE) {
            throw corruption("attempt_index " + attemptIndex + " out of range");
        }
        try {
            return new HandleFields(ExecutionId.parse(executionId), (int) attemptIndex, AttemptId.parse(attemptId),
                    LeaseId.parse(leaseId), leaseEpoch, leaseTtlMs, LaneId.of(laneId),
                    WorkerInstanceId.of(workerInstanceId));
        } catch (EngineException e) {
            throw new EngineException(new EngineError.Validation(ValidationKind.CORRUPTION,
                    "handle: " + detailOf(e.error())), e);
        }
    }

    /** The JSON form {@code {"backend":"sqlite","kind":"fresh","opaque":"<unpadded base64url>"}}. */
    public static String toJson(Handle handle) {
        ObjectNode node = SkeinJson.strict().createObjectNode();
        node.put("backend", handle.backend().wire());
        node.put("kind", handle.kind().wire());
        node.put("opaque", handle.opaqueBase64());
        return node.toString();
    }

    /**
     * Parses the JSON form strictly: exactly the fields {@code backend}, {@code kind} and {@code opaque}, known
     * literals, base64url opaque bytes (padding optional). Anything else is {@code Validation(Corruption)}; the
     * opaque bytes themselves are checked by {@link #decode}.
     */
    public static Handle fromJson(String json) {
        JsonNode node;
        try {
            node = SkeinJson.strict().readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw corruption("not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw corruption("expected a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("backend") && !name.equals("kind") && !name.equals("opaque")) {
                throw corruption("unknown field '" + name + "'");
            }
        }
        BackendTag backend = WireEnum.lookup(BackendTag.class, text(node, "backend"));
        if (backend == null) {
            throw corruption("unknown backend '" + text(node, "backend") + "'");
        }
        HandleKind kind = WireEnum.lookup(HandleKind.class, text(node, "kind"));
        if (kind == null) {
            throw corruption("unknown kind '" + text(node, "kind") + "'");
        }
        byte[] opaque;
        try {
            opaque = Base64.getUrlDecoder().decode(text(node, "opaque"));
        } catch (IllegalArgumentException e) {
            throw corruption("opaque is not base64url");
        }
        return new Handle(backend, kind, opaque);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw corruption(field + " must be a string");
        }
        return value.asText();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeU32(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeU32(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static void writeU64(ByteArrayOutputStream out, long value) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    private static String detailOf(EngineError error) {
        return error instanceof EngineError.Validation v ? v.detail() : error.message();
    }

    private static String hexByte(byte b) {
        return String.format("%02x", b & 0xFF);
    }

    private static EngineException corruption(String detail) {
        return EngineError.validation(ValidationKind.CORRUPTION, "handle: " + detail);
    }

    private static EngineException otherBackend(BackendTag expected, String actual) {
        return EngineError.validation(ValidationKind.HANDLE_FROM_OTHER_BACKEND,
                "expected=" + expected.wire() + " actual=" + actual);
    }

    /** A bounds-checked little-endian cursor; running off the end is corruption, never an index exception. */
    private static final class Reader {
        private final ByteBuffer buf;

        Reader(byte[] bytes, int offset, int length) {
            this.buf = ByteBuffer.wrap(bytes, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        }

        int remaining() {
            return buf.remaining();
        }

        long u32(String field) {
            need(4, field);
            return Integer.toUnsignedLong(buf.getInt());
        }

        long u64(String field) {
            need(8, field);
            long value = buf.getLong();
            if (value < 0) {
                throw corruption(field + " exceeds the signed 64-bit range");
            }
            return value;
        }

        String string(String field) {
            long length = u32(field + " length");
            if (length > buf.remaining()) {
                throw corruption(field + " length " + length + " runs past the end");
            }
            byte[] bytes = new byte[(int) length];
            buf.get(bytes);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw corruption(field + " is not valid UTF-8");
            }
        }

        private void need(int bytes, String field) {
            if (buf.remaining() < bytes) {
                throw corruption("truncated at " + field);
            }
        }
    }
}
