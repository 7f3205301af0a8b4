package io.skein.core.handle;

import static io.skein.core.error.ErrorAssertions.assertValidation;
import static io.skein.core.error.ErrorAssertions.assertValidationDetail;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.skein.core.api.BackendTag;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.hmac.HmacSecret;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerInstanceId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HandleCodecTest {

    private static final HandleFields FIELDS = new HandleFields(
            ExecutionId.parse("{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f"), 3,
            AttemptId.parse("11111111-2222-4333-8444-555555555555"),
            LeaseId.parse("66666666-7777-4888-9999-aaaaaaaaaaaa"), 42L, 30_000L, LaneId.of("default"),
            WorkerInstanceId.of("worker-\u00e9-1"));

    private static final String SERVER_SECRET_HEX = "0123456789abcdef".repeat(4);
    private static final HandleKey KEY = HandleKey.derivedFrom(HmacSecret.parseHex(SERVER_SECRET_HEX));

    /** The fields as spec 01 §12 lays them out, written by hand, independent of the codec; {@code edit} may alter. */
    private static byte[] body(byte tag, Consumer<ByteBuffer> edit) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x02).put((byte) 0x02).put(tag);
        putString(b, "{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
        b.putInt(3);
        putString(b, "11111111-2222-4333-8444-555555555555");
        putString(b, "66666666-7777-4888-9999-aaaaaaaaaaaa");
        b.putLong(42L);
        b.putLong(30_000L);
        putString(b, "default");
        putString(b, "worker-\u00e9-1");
        byte[] out = Arrays.copyOf(b.array(), b.position());
        edit.accept(ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN));
        return out;
    }

    /**
     * {@code body} followed by its tag, computed here with the JDK alone: HMAC-SHA256 keyed by
     * HMAC-SHA256(server secret, "skein-handle-v1") over the kind's wire name, a zero byte and the body.
     */
    private static byte[] signed(HandleKind kind, byte[] body) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(HexFormat.of().parseHex(SERVER_SECRET_HEX), "HmacSHA256"));
            byte[] key = derive.doFinal("skein-handle-v1".getBytes(StandardCharsets.US_ASCII));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(kind.wire().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            byte[] tag = mac.doFinal(body);
            byte[] out = Arrays.copyOf(body, body.length + tag.length);
            System.arraycopy(tag, 0, out, body.length, tag.length);
            return out;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] handWritten(byte tag) {
        return signed(HandleKind.FRESH, body(tag, b -> { }));
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(bytes.length).put(bytes);
    }

    private static Handle sqlite(byte[] opaque) {
        return new Handle(BackendTag.SQLITE, HandleKind.FRESH, opaque);
    }

    private static HandleFields decodeSqlite(byte[] opaque) {
        return HandleCodec.decode(KEY, sqlite(opaque), BackendTag.SQLITE);
    }

    @Test
    void encodingFollowsTheSpecLayoutByteForByteWithTheTagLast() {
        Handle handle = HandleCodec.encode(KEY, BackendTag.SQLITE, HandleKind.FRESH, FIELDS);

        assertArrayEquals(handWritten((byte) 0x03), handle.opaque());
        assertEquals(BackendTag.SQLITE, handle.backend());
        assertEquals(HandleKind.FRESH, handle.kind());
    }

    @Test
    void everyBackendRoundTripsItsOwnHandles() {
        for (BackendTag backend : BackendTag.values()) {
            for (HandleKind kind : HandleKind.values()) {
                Handle handle = HandleCodec.encode(KEY, backend, kind, FIELDS);
                assertEquals(backend.tag(), handle.opaque()[2]);
                assertEquals(FIELDS, HandleCodec.decode(KEY, handle, backend));
            }
        }
    }

    @Test
    void largeUnsignedValuesRoundTrip() {
        HandleFields big = new HandleFields(FIELDS.executionId(), Integer.MAX_VALUE, FIELDS.attemptId(),
                FIELDS.leaseId(), Long.MAX_VALUE, Long.MAX_VALUE, FIELDS.laneId(), FIELDS.workerInstanceId());

        assertEquals(big, HandleCodec.decode(KEY, HandleCodec.encode(KEY, BackendTag.POSTGRES, HandleKind.RECLAIMED,
                big), BackendTag.POSTGRES));
    }

    @Test
    void everyFlippedBitAfterTheHeaderIsCorruption() {
        byte[] genuine = handWritten((byte) 0x03);
        for (int i = 3; i < genuine.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = genuine.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertValidationDetail(ValidationKind.CORRUPTION, "handle: not issued by this engine, or altered",
                        () -> decodeSqlite(flipped));
            }
        }
    }

    @Test
    void anotherKindOrAnotherKeyIsCorruption() {
        Handle fresh = HandleCodec.encode(KEY, BackendTag.SQLITE, HandleKind.FRESH, FIELDS);
        Handle relabelled = new Handle(BackendTag.SQLITE, HandleKind.RESUMED, fresh.opaque());
        Handle otherServer = HandleCodec.encode(HandleKey.random(), BackendTag.SQLITE, HandleKind.FRESH, FIELDS);

        assertValidation(ValidationKind.CORRUPTION, "handle",
                () -> HandleCodec.decode(KEY, relabelled, BackendTag.SQLITE));
        assertValidation(ValidationKind.CORRUPTION, "handle",
                () -> HandleCodec.decode(KEY, otherServer, BackendTag.SQLITE));
    }

    @Test
    void serversOpenedWithTheSameSecretShareTheKeyAndNoOtherDoes() {
        HandleKey same = HandleKey.derivedFrom(HmacSecret.parseHex(SERVER_SECRET_HEX));
        HandleKey other = HandleKey.derivedFrom(HmacSecret.parseHex("fedcba9876543210".repeat(4)));
        Handle handle = HandleCodec.encode(KEY, BackendTag.KAFKA, HandleKind.FRESH, FIELDS);

        assertEquals(FIELDS, HandleCodec.decode(same, handle, BackendTag.KAFKA));
        assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.decode(other, handle,
                BackendTag.KAFKA));
        assertEquals("HandleKey[REDACTED]", KEY.toString());
    }

    @Test
    void everyTruncationAndTrailingByteIsCorruption() {
        byte[] full = handWritten((byte) 0x03);
        for (int length = 0; length < full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            assertValidation(ValidationKind.CORRUPTION, "handle", () -> decodeSqlite(cut));
        }
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        assertValidation(ValidationKind.CORRUPTION, "handle", () -> decodeSqlite(longer));
    }

    @Test
    void wrongLayoutOrVersionByteIsCorruption() {
        byte[] layout = handWritten((byte) 0x03);
        layout[0] = 0x01;
        byte[] version = handWritten((byte) 0x03);
        version[1] = 0x01; // the untagged layout of before

        assertValidationDetail(ValidationKind.CORRUPTION, "handle: unknown layout byte 0x01",
                () -> decodeSqlite(layout));
        assertValidationDetail(ValidationKind.CORRUPTION, "handle: unknown version byte 0x01",
                () -> decodeSqlite(version));
    }

    @Test
    void aHandleOfAnotherBackendNamesExpectedAndActual() {
        Handle postgres = HandleCodec.encode(KEY, BackendTag.POSTGRES, HandleKind.FRESH, FIELDS);
        Handle valkey = new Handle(BackendTag.POSTGRES, HandleKind.FRESH, handWritten((byte) 0x01));

        assertValidationDetail(ValidationKind.HANDLE_FROM_OTHER_BACKEND, "expected=sqlite actual=postgres",
                () -> HandleCodec.decode(KEY, postgres, BackendTag.SQLITE));
        assertValidationDetail(ValidationKind.HANDLE_FROM_OTHER_BACKEND, "expected=kafka actual=valkey",
                () -> HandleCodec.decode(KEY, valkey, BackendTag.KAFKA));
    }

    @Test
    void unknownTagOrATagThatDisagreesWithTheBackendFieldIsCorruption() {
        assertValidation(ValidationKind.CORRUPTION, "handle", () -> decodeSqlite(handWritten((byte) 0x09)));
        Handle mislabelled = new Handle(BackendTag.SQLITE, HandleKind.FRESH, handWritten((byte) 0x02));
        assertValidation(ValidationKind.CORRUPTION, "handle",
                () -> HandleCodec.decode(KEY, mislabelled, BackendTag.SQLITE));
    }

    /** Defects behind a tag that verifies: what a handle of a future or buggy writer would look like. */
    @Test
    void malformedFieldsUnderAValidTagAreCorruption() {
        int indexAt = 3 + 4 + "{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f".length();
        int epochAt = indexAt + 4 + 2 * (4 + 36);
        byte[] pastTheEnd = signed(HandleKind.FRESH, body((byte) 0x03, b -> b.put(3, (byte) 0xFF).put(6, (byte) 0xFF)));
        byte[] badId = signed(HandleKind.FRESH, body((byte) 0x03, b -> b.put(7, (byte) '['))); // "[fp:7}"
        byte[] badUtf8 = signed(HandleKind.FRESH, body((byte) 0x03, b -> b.put(b.limit() - 1, (byte) 0xC3)));
        byte[] index = signed(HandleKind.FRESH, body((byte) 0x03, b -> b.put(indexAt + 3, (byte) 0x80)));
        byte[] epoch = signed(HandleKind.FRESH, body((byte) 0x03, b -> b.put(epochAt + 7, (byte) 0x80)));

        for (byte[] opaque : new byte[][] {pastTheEnd, badId, badUtf8, index, epoch}) {
            EngineError.Validation v = assertValidation(ValidationKind.CORRUPTION, "handle",
                    () -> decodeSqlite(opaque));
            assertFalse(v.detail().contains("not issued"), "the tag verified; a field is wrong: " + v.detail());
        }
    }

    @Test
    void jsonFormCarriesBackendKindAndUnpaddedBase64Url() {
        Handle handle = HandleCodec.encode(KEY, BackendTag.SQLITE, HandleKind.RESUMED, FIELDS);

        String json = HandleCodec.toJson(handle);

        assertEquals("{\"backend\":\"sqlite\",\"kind\":\"resumed\",\"opaque\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signed(HandleKind.RESUMED,
                body((byte) 0x03, b -> { }))) + "\"}", json);
        assertEquals(handle, HandleCodec.fromJson(json));
        assertEquals(FIELDS, HandleCodec.decode(KEY, HandleCodec.fromJson(json), BackendTag.SQLITE));
    }

    @Test
    void malformedJsonHandlesAreCorruption() {
        String opaque = HandleCodec.encode(KEY, BackendTag.SQLITE, HandleKind.FRESH, FIELDS).opaqueBase64();
        String[] bad = {
                "not json", "[]", "{}", null,
                "{\"backend\":\"valkey\",\"kind\":\"fresh\",\"opaque\":\"" + opaque + "\"}",
                "{\"backend\":\"sqlite\",\"kind\":\"stale\",\"opaque\":\"" + opaque + "\"}",
                "{\"backend\":\"sqlite\",\"kind\":\"fresh\",\"opaque\":\"***\"}",
                "{\"backend\":\"sqlite\",\"kind\":\"fresh\",\"opaque\":[1,2]}",
                "{\"backend\":\"sqlite\",\"kind\":\"fresh\",\"opaque\":\"" + opaque + "\",\"x\":1}"};
        for (String json : bad) {
            assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.fromJson(json));
        }
    }

    @Test
    void fieldsRejectNegativeCounters() {
        assertValidation(ValidationKind.INVALID_INPUT, "attempt_index", () -> new HandleFields(FIELDS.executionId(), -1,
                FIELDS.attemptId(), FIELDS.leaseId(), 0, 0, FIELDS.laneId(), FIELDS.workerInstanceId()));
        assertValidation(ValidationKind.INVALID_INPUT, "lease_epoch", () -> new HandleFields(FIELDS.executionId(), 0,
                FIELDS.attemptId(), FIELDS.leaseId(), -1, 0, FIELDS.laneId(), FIELDS.workerInstanceId()));
        assertEquals(42L, FIELDS.fence().leaseEpoch());
    }

    @Test
    void peekReadsAHandleOfAnyBackendAndKeyWithoutTheTagButWithEveryOtherCheck() {
        Handle postgres = HandleCodec.encode(HandleKey.random(), BackendTag.POSTGRES, HandleKind.RECLAIMED, FIELDS);

        assertEquals(FIELDS, HandleCodec.peek(postgres));
        assertEquals(FIELDS, HandleCodec.peek(sqlite(handWritten((byte) 0x03))));
        assertValidation(ValidationKind.CORRUPTION, () -> HandleCodec.peek(sqlite(new byte[] {2, 2})));
        assertValidation(ValidationKind.CORRUPTION, () -> HandleCodec.peek(sqlite(handWritten((byte) 0x02))));
    }
}
