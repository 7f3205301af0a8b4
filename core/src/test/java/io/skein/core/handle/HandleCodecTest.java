package io.skein.core.handle;

import static io.skein.core.error.ErrorAssertions.assertValidation;
import static io.skein.core.error.ErrorAssertions.assertValidationDetail;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.api.BackendTag;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.error.ValidationKind;
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
import org.junit.jupiter.api.Test;

class HandleCodecTest {

    private static final HandleFields FIELDS = new HandleFields(
            ExecutionId.parse("{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f"), 3,
            AttemptId.parse("11111111-2222-4333-8444-555555555555"),
            LeaseId.parse("66666666-7777-4888-9999-aaaaaaaaaaaa"), 42L, 30_000L, LaneId.of("default"),
            WorkerInstanceId.of("worker-\u00e9-1"));

    /** The layout written out by hand from spec 01 §12, independent of the codec. */
    private static byte[] handWritten(byte tag) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x02).put((byte) 0x01).put(tag);
        putString(b, "{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
        b.putInt(3);
        putString(b, "11111111-2222-4333-8444-555555555555");
        putString(b, "66666666-7777-4888-9999-aaaaaaaaaaaa");
        b.putLong(42L);
        b.putLong(30_000L);
        putString(b, "default");
        putString(b, "worker-\u00e9-1");
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(bytes.length).put(bytes);
    }

    private static Handle sqlite(byte[] opaque) {
        return new Handle(BackendTag.SQLITE, HandleKind.FRESH, opaque);
    }

    @Test
    void encodingFollowsTheSpecLayoutByteForByte() {
        Handle handle = HandleCodec.encode(BackendTag.SQLITE, HandleKind.FRESH, FIELDS);

        assertArrayEquals(handWritten((byte) 0x03), handle.opaque());
        assertEquals(BackendTag.SQLITE, handle.backend());
        assertEquals(HandleKind.FRESH, handle.kind());
    }

    @Test
    void everyBackendRoundTripsItsOwnHandles() {
        for (BackendTag backend : BackendTag.values()) {
            for (HandleKind kind : HandleKind.values()) {
                Handle handle = HandleCodec.encode(backend, kind, FIELDS);
                assertEquals(backend.tag(), handle.opaque()[2]);
                assertEquals(FIELDS, HandleCodec.decode(handle, backend));
            }
        }
    }

    @Test
    void largeUnsignedValuesRoundTrip() {
        HandleFields big = new HandleFields(FIELDS.executionId(), Integer.MAX_VALUE, FIELDS.attemptId(),
                FIELDS.leaseId(), Long.MAX_VALUE, Long.MAX_VALUE, FIELDS.laneId(), FIELDS.workerInstanceId());

        assertEquals(big, HandleCodec.decode(HandleCodec.encode(BackendTag.POSTGRES, HandleKind.RECLAIMED, big),
                BackendTag.POSTGRES));
    }

    @Test
    void everyTruncationIsCorruption() {
        byte[] full = handWritten((byte) 0x03);
        for (int length = 0; length < full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.decode(sqlite(cut), BackendTag.SQLITE));
        }
    }

    @Test
    void trailingBytesAreCorruption() {
        byte[] longer = Arrays.copyOf(handWritten((byte) 0x03), handWritten((byte) 0x03).length + 1);

        assertValidationDetail(ValidationKind.CORRUPTION, "handle: 1 trailing bytes",
                () -> HandleCodec.decode(sqlite(longer), BackendTag.SQLITE));
    }

    @Test
    void wrongLayoutOrVersionByteIsCorruption() {
        byte[] layout = handWritten((byte) 0x03);
        layout[0] = 0x01;
        byte[] version = handWritten((byte) 0x03);
        version[1] = 0x02;

        assertValidationDetail(ValidationKind.CORRUPTION, "handle: unknown layout byte 0x01",
                () -> HandleCodec.decode(sqlite(layout), BackendTag.SQLITE));
        assertValidationDetail(ValidationKind.CORRUPTION, "handle: unknown version byte 0x02",
                () -> HandleCodec.decode(sqlite(version), BackendTag.SQLITE));
    }

    @Test
    void aHandleOfAnotherBackendNamesExpectedAndActual() {
        Handle postgres = HandleCodec.encode(BackendTag.POSTGRES, HandleKind.FRESH, FIELDS);
        Handle valkey = new Handle(BackendTag.POSTGRES, HandleKind.FRESH, handWritten((byte) 0x01));

        assertValidationDetail(ValidationKind.HANDLE_FROM_OTHER_BACKEND, "expected=sqlite actual=postgres",
                () -> HandleCodec.decode(postgres, BackendTag.SQLITE));
        assertValidationDetail(ValidationKind.HANDLE_FROM_OTHER_BACKEND, "expected=kafka actual=valkey",
                () -> HandleCodec.decode(valkey, BackendTag.KAFKA));
    }

    @Test
    void unknownTagOrATagThatDisagreesWithTheBackendFieldIsCorruption() {
        assertValidation(ValidationKind.CORRUPTION, "handle",
                () -> HandleCodec.decode(sqlite(handWritten((byte) 0x09)), BackendTag.SQLITE));
        Handle mislabelled = new Handle(BackendTag.SQLITE, HandleKind.FRESH, handWritten((byte) 0x02));
        assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.decode(mislabelled, BackendTag.SQLITE));
    }

    @Test
    void aLengthRunningPastTheEndIsCorruption() {
        byte[] opaque = handWritten((byte) 0x03);
        opaque[3] = (byte) 0xFF; // execution_id length becomes 0xFFFF_FF.. far past the end
        opaque[6] = (byte) 0xFF;

        assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.decode(sqlite(opaque), BackendTag.SQLITE));
    }

    @Test
    void invalidIdsAndBadUtf8InsideAreCorruption() {
        byte[] badId = handWritten((byte) 0x03);
        badId[7] = '['; // "{fp:7}" → "[fp:7}"
        byte[] badUtf8 = handWritten((byte) 0x03);
        badUtf8[badUtf8.length - 1] = (byte) 0xC3; // last byte of worker_instance_id becomes a lone lead byte

        assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.decode(sqlite(badId), BackendTag.SQLITE));
        assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.decode(sqlite(badUtf8), BackendTag.SQLITE));
    }

    @Test
    void attemptIndexAboveIntRangeAndEpochAboveLongRangeAreCorruption() {
        byte[] index = handWritten((byte) 0x03);
        int indexAt = 3 + 4 + "{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f".length();
        index[indexAt + 3] = (byte) 0x80;
        byte[] epoch = handWritten((byte) 0x03);
        int epochAt = indexAt + 4 + 2 * (4 + 36);
        epoch[epochAt + 7] = (byte) 0x80;

        assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.decode(sqlite(index), BackendTag.SQLITE));
        assertValidation(ValidationKind.CORRUPTION, "handle", () -> HandleCodec.decode(sqlite(epoch), BackendTag.SQLITE));
    }

    @Test
    void jsonFormCarriesBackendKindAndUnpaddedBase64Url() {
        Handle handle = HandleCodec.encode(BackendTag.SQLITE, HandleKind.RESUMED, FIELDS);

        String json = HandleCodec.toJson(handle);

        assertEquals("{\"backend\":\"sqlite\",\"kind\":\"resumed\",\"opaque\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(handWritten((byte) 0x03)) + "\"}", json);
        assertEquals(handle, HandleCodec.fromJson(json));
        assertEquals(FIELDS, HandleCodec.decode(HandleCodec.fromJson(json), BackendTag.SQLITE));
    }

    @Test
    void malformedJsonHandlesAreCorruption() {
        String opaque = HandleCodec.encode(BackendTag.SQLITE, HandleKind.FRESH, FIELDS).opaqueBase64();
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
    void peekReadsAHandleOfAnyBackendWithTheSameChecksAsDecode() {
        Handle postgres = HandleCodec.encode(BackendTag.POSTGRES, HandleKind.RECLAIMED, FIELDS);

        assertEquals(FIELDS, HandleCodec.peek(postgres));
        assertEquals(FIELDS, HandleCodec.peek(sqlite(handWritten((byte) 0x03))));
        assertValidation(ValidationKind.CORRUPTION, () -> HandleCodec.peek(sqlite(new byte[] {2, 1})));
        assertValidation(ValidationKind.CORRUPTION, () -> HandleCodec.peek(sqlite(handWritten((byte) 0x02))));
    }
}
