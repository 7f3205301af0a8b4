package io.skein.core.id;

import static io.skein.core.error.ErrorAssertions.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.error.ValidationKind;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdParsingTest {

    private static final String UUID_TEXT = "2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f";

    // ---- ExecutionId ---------------------------------------------------------------------------

    @Test
    void executionIdParsesPartitionAndUuidAndPrintsTheSameText() {
        // given a well-formed id
        String text = "{fp:7}:" + UUID_TEXT;

        // when it is parsed
        ExecutionId id = ExecutionId.parse(text);

        // then partition and uuid are read from it and it prints back unchanged
        assertEquals(7, id.partition());
        assertEquals(UUID.fromString(UUID_TEXT), id.uuid());
        assertEquals(text, id.toString());
        assertEquals(PartitionKey.flow(7), id.partitionKey());
    }

    @Test
    void executionIdAcceptsUppercaseUuidAndEmitsLowercase() {
        ExecutionId id = ExecutionId.parse("{fp:0}:" + UUID_TEXT.toUpperCase());

        assertEquals("{fp:0}:" + UUID_TEXT, id.toString());
    }

    @Test
    void executionIdAcceptsTheWholeU16Range() {
        assertEquals(0, ExecutionId.parse("{fp:0}:" + UUID_TEXT).partition());
        assertEquals(65535, ExecutionId.parse("{fp:65535}:" + UUID_TEXT).partition());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // bare UUID, missing {fp:
            UUID_TEXT, "fp:7}:" + UUID_TEXT, "{b:7}:" + UUID_TEXT, "{FP:7}:" + UUID_TEXT,
            // missing }:
            "{fp:7}" + UUID_TEXT, "{fp:7:" + UUID_TEXT, "{fp:7}",
            // extra text before, after or inside
            " {fp:7}:" + UUID_TEXT, "{fp:7}:" + UUID_TEXT + " ", "{fp:7}:" + UUID_TEXT + "x", "{fp:7}: " + UUID_TEXT,
            // partition number rules: leading zeros, sign, out of range, empty, not decimal
            "{fp:07}:" + UUID_TEXT, "{fp:00}:" + UUID_TEXT, "{fp:+7}:" + UUID_TEXT, "{fp:-7}:" + UUID_TEXT,
            "{fp:65536}:" + UUID_TEXT, "{fp:999999}:" + UUID_TEXT, "{fp:}:" + UUID_TEXT, "{fp:0x7}:" + UUID_TEXT,
            "{fp: 7}:" + UUID_TEXT,
            // bad uuids
            "{fp:7}:not-a-uuid", "{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5g", "{fp:7}:2f0e4a341e8b4c5e9d2a0a1b2c3d4e5f",
            "{fp:7}:2f0e4a34-1e8b-4c5e-9d2a0-a1b2c3d4e5f", "{fp:7}:{" + UUID_TEXT + "}", "{fp:7}:", ""})
    void malformedExecutionIdIsInvalidInputNamingTheField(String text) {
        assertValidation(ValidationKind.INVALID_INPUT, "execution_id", () -> ExecutionId.parse(text));
    }

    @Test
    void missingExecutionIdIsInvalidInput() {
        assertValidation(ValidationKind.INVALID_INPUT, "execution_id", () -> ExecutionId.parse(null));
    }

    @Test
    void executionIdParseNamesTheCallersField() {
        assertValidation(ValidationKind.INVALID_INPUT, "parent_execution_id",
                () -> ExecutionId.parse("parent_execution_id", UUID_TEXT));
    }

    // ---- PartitionKey --------------------------------------------------------------------------

    @Test
    void partitionKeysOfEachFamilyRoundTrip() {
        assertEquals(PartitionKey.flow(0), PartitionKey.parse("{fp:0}"));
        assertEquals(PartitionKey.budget(31), PartitionKey.parse("{b:31}"));
        assertEquals(PartitionKey.quota(65535), PartitionKey.parse("{q:65535}"));
        assertEquals("{fp:12}", PartitionKey.flow(12).toString());
        assertEquals("{b:3}", PartitionKey.budget(3).toString());
        assertEquals("{q:4}", PartitionKey.quota(4).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fp:1", "{fp:1", "fp:1}", "{x:1}", "{fp1}", "{global}", "{p:1}", "{FP:1}", "{fp:01}",
            "{fp:-1}", "{fp:+1}", "{fp:65536}", "{fp:}", "{fp:1:2}", "{fp:1}x", "x{fp:1}", "{}", "", "{b:1.5}"})
    void malformedPartitionKeyIsInvalidInput(String text) {
        assertValidation(ValidationKind.INVALID_INPUT, "partition_key", () -> PartitionKey.parse(text));
    }

    @Test
    void missingPartitionKeyIsInvalidInput() {
        assertValidation(ValidationKind.INVALID_INPUT, "partition_key", () -> PartitionKey.parse(null));
    }

    // ---- UUID ids ------------------------------------------------------------------------------

    private record UuidIdType(String field, Function<String, Object> parse) {}

    private static final List<UuidIdType> UUID_ID_TYPES = List.of(
            new UuidIdType("flow_id", FlowId::parse), new UuidIdType("budget_id", BudgetId::parse),
            new UuidIdType("quota_policy_id", QuotaPolicyId::parse), new UuidIdType("lease_id", LeaseId::parse),
            new UuidIdType("attempt_id", AttemptId::parse), new UuidIdType("signal_id", SignalId::parse),
            new UuidIdType("waitpoint_id", WaitpointId::parse), new UuidIdType("suspension_id", SuspensionId::parse),
            new UuidIdType("edge_id", EdgeId::parse));

    @Test
    void uuidIdsAcceptAnyVersionAndAnyCaseAndEmitLowercase() {
        List<String> good = List.of(UUID_TEXT, "00000000-0000-0000-0000-000000000000",
                "6ba7b810-9dad-11d1-80b4-00c04fd430c8" /* v1 */, UUID_TEXT.toUpperCase());
        for (UuidIdType type : UUID_ID_TYPES) {
            for (String text : good) {
                assertEquals(text.toLowerCase(), type.parse().apply(text).toString(), type.field());
            }
        }
    }

    @Test
    void malformedUuidIdsAreInvalidInputNamingTheirField() {
        List<String> bad = java.util.Arrays.asList(null, "", "not-a-uuid", "2f0e4a341e8b4c5e9d2a0a1b2c3d4e5f",
                "{" + UUID_TEXT + "}", UUID_TEXT + " ", "2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5z",
                "2f0e4a3-41e8b-4c5e-9d2a-0a1b2c3d4e5f", "{fp:1}:" + UUID_TEXT);
        for (UuidIdType type : UUID_ID_TYPES) {
            for (String text : bad) {
                assertValidation(ValidationKind.INVALID_INPUT, type.field(), () -> type.parse().apply(text));
            }
        }
    }

    // ---- string ids ----------------------------------------------------------------------------

    @Test
    void laneIdAcceptsUpTo64PrintableAsciiBytesIncludingSpace() {
        assertEquals("a".repeat(64), LaneId.of("a".repeat(64)).value());
        assertEquals("my lane ~!", LaneId.of("my lane ~!").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lane\u00e9", "lane\n", "\u0000", "lane\u007f", "\u4e2d"})
    void laneIdRejectsEmptyNonAsciiAndControlBytes(String text) {
        assertValidation(ValidationKind.INVALID_INPUT, "lane_id", () -> LaneId.of(text));
    }

    @Test
    void laneIdRejects65Bytes() {
        assertValidation(ValidationKind.INVALID_INPUT, "lane_id", () -> LaneId.of("a".repeat(65)));
        assertValidation(ValidationKind.INVALID_INPUT, "lane_id", () -> LaneId.of(null));
    }

    @Test
    void namespaceAllowsUnicodeButCountsBytes() {
        assertEquals("tenant-\u00e9", Namespace.of("tenant-\u00e9").value());
        assertEquals(256, Namespace.of("n".repeat(256)).value().length());
        // 129 two-byte characters are 258 bytes
        assertValidation(ValidationKind.INVALID_INPUT, "namespace", () -> Namespace.of("\u00e9".repeat(129)));
        assertValidation(ValidationKind.INVALID_INPUT, "namespace", () -> Namespace.of("n".repeat(257)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ns\u0001", "ns\n", "ns\t"})
    void namespaceRejectsEmptyAndControlCharacters(String text) {
        assertValidation(ValidationKind.INVALID_INPUT, "namespace", () -> Namespace.of(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "worker 1", " w", "w\t", "w\n", "w\u00a0x", "w\u2003x", "w\u0000"})
    void workerIdsRejectWhitespaceAndControlCharacters(String text) {
        assertValidation(ValidationKind.INVALID_INPUT, "worker_id", () -> WorkerId.of(text));
        assertValidation(ValidationKind.INVALID_INPUT, "worker_instance_id", () -> WorkerInstanceId.of(text));
    }

    @Test
    void workerIdsAcceptPlainNamesUpTo256Bytes() {
        assertEquals("pool-a.\u00e9", WorkerId.of("pool-a.\u00e9").value());
        assertEquals(256, WorkerInstanceId.of("w".repeat(256)).value().length());
        assertValidation(ValidationKind.INVALID_INPUT, "worker_id", () -> WorkerId.of("w".repeat(257)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "key\n", "key\u0007", "\u007f"})
    void malformedWaitpointKeyIsInvalidWaitpointKey(String text) {
        assertValidation(ValidationKind.INVALID_WAITPOINT_KEY, "waitpoint_key", () -> WaitpointKey.of(text));
    }

    @Test
    void waitpointKeyLengthIsCheckedInBytesAndDefaultsToWpkPrefix() {
        assertEquals("approval: \u00e9", WaitpointKey.of("approval: \u00e9").value());
        assertValidation(ValidationKind.INVALID_WAITPOINT_KEY, "waitpoint_key", () -> WaitpointKey.of("k".repeat(257)));
        WaitpointId wp = WaitpointId.parse(UUID_TEXT);
        assertEquals("wpk:" + UUID_TEXT, WaitpointKey.defaultFor(wp).value());
    }
}
