package io.skein.core.api;

import static io.skein.core.api.ApiAssertions.assertInvalidInput;
import static io.skein.core.api.ApiAssertions.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.execution.RenewLeaseArgs;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.AttemptId;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The construction rules and derived values of argument records that backends rely on. */
class ApiRecordRulesTest {

    private static final ExecutionId EXEC = ExecutionId.parse("{fp:3}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
    private static final String SECRET = "0F".repeat(32);

    @Test
    void usageReportsFixedDimensionsOnlyWhenNonZeroThenCustomByName() {
        UsageDimensions usage = new UsageDimensions(0, 12, 0L, Map.of("zeta", 1L, "alpha", 2L), null);

        assertEquals(List.of(new UsageDelta("output_tokens", 12), new UsageDelta("alpha", 2),
                new UsageDelta("zeta", 1)), usage.deltas());
        assertEquals(List.of(new UsageDelta("input_tokens", 1), new UsageDelta("output_tokens", 2),
                new UsageDelta("wall_ms", 3)), new UsageDimensions(1, 2, 3L, null, null).deltas());
        assertEquals(List.of(), new UsageDimensions(0, 0, null, null, null).deltas());
    }

    @Test
    void aCustomDimensionCannotShadowAFixedOne() {
        assertInvalidInput("custom: wall_ms is a fixed dimension; use its field",
                () -> UsageDimensions.ofCustom(Map.of("wall_ms", 1L), null));
    }

    @Test
    void parallelBudgetArraysMustHaveEqualLengths() {
        assertInvalidInput("hard_limits: length differs from dimensions",
                () -> new CreateBudgetArgs(BudgetId.random(), "t", "s", "m", "h", "s", 0,
                        List.of("a", "b"), List.of(1L), List.of(1L, 2L), 0));
        assertInvalidInput("deltas: length differs from dimensions",
                () -> new ReportUsageAdminArgs(List.of("a"), List.of(), null, 0));
        assertEquals(List.of(new UsageDelta("b", 2), new UsageDelta("a", 1)),
                new ReportUsageAdminArgs(List.of("b", "a"), List.of(2L, 1L), null, 0).usageDeltas());
        assertEquals(List.of(new UsageDelta("a", 1), new UsageDelta("b", 2)),
                new RecordSpendArgs(BudgetId.random(), EXEC, new TreeMap<>(Map.of("b", 2L, "a", 1L)),
                        "k").usageDeltas());
    }

    @Test
    void admissionDimensionDefaultsAndQuotaLimitsKnowWhenUnlimited() {
        assertEquals("default", CheckAdmissionArgs.admissionDimension(""));
        assertEquals("default", CheckAdmissionArgs.admissionDimension(null));
        assertEquals("gpu", CheckAdmissionArgs.admissionDimension("gpu"));
        assertTrue(new QuotaPolicyLimits(0, 60, 0, 0).unlimited());
        assertEquals(false, new QuotaPolicyLimits(0, 60, 1, 0).unlimited());
    }

    @Test
    void pendingWaitpointListingsDefaultTo100AndCapAt1000() {
        assertEquals(100, new ListPendingWaitpointsArgs(EXEC, null, null).limit());
        assertEquals(1000, new ListPendingWaitpointsArgs(EXEC, null, 5000).limit());
        assertEquals(0, new ListPendingWaitpointsArgs(EXEC, null, 0).limit());
        assertInvalidInput("limit: must be >= 0", () -> new ListPendingWaitpointsArgs(EXEC, null, -1));
    }

    @Test
    void approvalSignalsUseTheDocumentedIdempotencyKey() {
        DeliverApprovalSignalArgs args = new DeliverApprovalSignalArgs(EXEC, LaneId.of("default"),
                WaitpointId.random(), "approved", "req-9", 1000, null, null);
        assertEquals("approval:approved:req-9", args.idempotencyKey());
    }

    @Test
    void rotationValidatesKidSecretAndGraceWithTheirOwnKinds() {
        new RotateWaitpointHmacSecretAllArgs("k2", SECRET, WaitpointTokens.MAX_GRACE_MS);
        assertValidation(ValidationKind.INVALID_KID, () -> new RotateWaitpointHmacSecretAllArgs("k:2", SECRET, 0));
        assertValidation(ValidationKind.INVALID_KID, () -> new RotateWaitpointHmacSecretAllArgs("", SECRET, 0));
        assertValidation(ValidationKind.INVALID_KID,
                () -> new RotateWaitpointHmacSecretAllArgs("k".repeat(65), SECRET, 0));
        assertValidation(ValidationKind.INVALID_SECRET_HEX,
                () -> new RotateWaitpointHmacSecretAllArgs("k2", SECRET.substring(2), 0));
        assertValidation(ValidationKind.INVALID_SECRET_HEX,
                () -> new RotateWaitpointHmacSecretAllArgs("k2", "zz" + SECRET.substring(2), 0));
        assertValidation(ValidationKind.INVALID_SECRET_HEX,
                () -> new RotateWaitpointHmacSecretAllArgs("k2", "\uff11" + SECRET.substring(1), 0));
        assertValidation(ValidationKind.INVALID_GRACE_MS, () -> new RotateWaitpointHmacSecretAllArgs("k2", SECRET, -1));
        assertValidation(ValidationKind.INVALID_GRACE_MS,
                () -> new RotateWaitpointHmacSecretAllArgs("k2", SECRET, WaitpointTokens.MAX_GRACE_MS + 1));
    }

    @Test
    void seedingRejectsBadInputAsInvalidInput() {
        assertValidation(ValidationKind.INVALID_INPUT, () -> new SeedWaitpointHmacSecretArgs("k:1", SECRET));
        assertValidation(ValidationKind.INVALID_INPUT, () -> new SeedWaitpointHmacSecretArgs("k1", "abc"));
    }

    @Test
    void framesDefaultTheirTypeAndModeAndValidateInSpecOrder() {
        Frame plain = new Frame(new byte[] {1}, FrameKind.STDERR, "", null, null);
        assertEquals("stderr", plain.frameType());
        assertEquals(new StreamMode.Durable(), plain.mode());

        byte[] huge = new byte[Frame.MAX_PAYLOAD_BYTES + 1];
        // An oversized payload is reported before a bad frame type.
        assertValidation(ValidationKind.RETENTION_LIMIT_EXCEEDED,
                () -> new Frame(huge, FrameKind.EVENT, "bad type\u0001", null, null).validate());
        assertValidation(ValidationKind.INVALID_FRAME_TYPE,
                () -> new Frame(utf8("[1]"), FrameKind.EVENT, "t".repeat(65), null,
                        new StreamMode.DurableSummary()).validate());
        assertInvalidInput("payload: summary patch must be a JSON object",
                () -> new Frame(utf8("[1]"), FrameKind.EVENT, null, null, new StreamMode.DurableSummary()).validate());
        new Frame(utf8("{\"a\":1}"), FrameKind.EVENT, null, null, new StreamMode.DurableSummary()).validate();
        new Frame(new byte[Frame.MAX_PAYLOAD_BYTES], FrameKind.BLOB, null, null, null).validate();
    }

    @Test
    void bestEffortKnobsFallBackToDefaultsAndDriveTheRetainedCount() {
        StreamMode.BestEffort mode = new StreamMode.BestEffort(10_000, -1, 10, Double.NaN);
        assertEquals(64, mode.maxlenFloor());
        assertEquals(64, mode.maxlenCeiling(), "a ceiling below the floor becomes the floor");
        assertEquals(0.2, mode.emaAlpha());
        assertInvalidInput("mode.ttl_ms: must be > 0", () -> StreamMode.BestEffort.withTtl(0));

        StreamMode.BestEffort tenSeconds = StreamMode.BestEffort.withTtl(10_000);
        assertEquals(3.2, tenSeconds.seedRateHz(), 1e-9);
        assertEquals(64, tenSeconds.retainCount(tenSeconds.seedRateHz()));
        assertEquals(200, tenSeconds.retainCount(10));
        assertEquals(16_384, tenSeconds.retainCount(1_000_000));
        // inst = 1000 / 100 ms = 10 Hz; 0.2 × 10 + 0.8 × 5 = 6 Hz
        assertEquals(6.0, tenSeconds.nextRateHz(5, 100), 1e-9);
        assertEquals(0.2 * 1000 + 0.8 * 5, tenSeconds.nextRateHz(5, 0), 1e-9);
        assertEquals(20_000, tenSeconds.housekeepingAgeMs());
    }

    @Test
    void streamModesReadTheSummaryAliasAndTailsCanHideBestEffortFrames() {
        assertEquals(StreamModeKind.DURABLE_SUMMARY, StreamModeKind.parse("summary"));
        assertEquals(StreamModeKind.DURABLE, StreamModeKind.parse(null));
        assertInvalidInput("mode: unknown stream mode", () -> StreamModeKind.parse("lossy"));
        assertEquals(false, TailVisibility.EXCLUDE_BEST_EFFORT.shows(StreamModeKind.BEST_EFFORT));
        assertTrue(TailVisibility.EXCLUDE_BEST_EFFORT.shows(StreamModeKind.DURABLE_SUMMARY));
        assertTrue(TailVisibility.ALL.shows(StreamModeKind.BEST_EFFORT));
        assertEquals(StreamModeKind.DURABLE,
                new StreamFrame(StreamFrameId.MIN, new TreeMap<>(Map.of("ts", "1"))).modeKind());
    }

    @Test
    void tokensRenderRedacted() {
        assertEquals("k1:<REDACTED:len=64>", WaitpointTokens.redact("k1:" + "a".repeat(64)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Issue #21: a lease TTL is bounded where it enters, so no lease arithmetic can overflow. */
    @Test
    void leaseTtlsAreBoundedSoLeaseArithmeticCannotOverflow() {
        LeaseFence fence = new LeaseFence(LeaseId.random(), 1, AttemptId.random());
        long over = ClaimPolicy.MAX_LEASE_TTL_MS + 1;
        assertValidation(ValidationKind.INVALID_INPUT, () -> new RenewLeaseArgs(EXEC, 0, fence, Long.MAX_VALUE, null));
        assertValidation(ValidationKind.INVALID_INPUT, () -> new RenewLeaseArgs(EXEC, 0, fence, over, null));
        assertValidation(ValidationKind.INVALID_INPUT, () -> new ClaimExecutionArgs(EXEC, WorkerId.of("w"),
                WorkerInstanceId.of("i"), LaneId.of("l"), LeaseId.random(), over, AttemptId.random(), 0, null, null,
                null, 0, null));
        assertEquals(ClaimPolicy.MAX_LEASE_TTL_MS, new RenewLeaseArgs(EXEC, 0, fence, ClaimPolicy.MAX_LEASE_TTL_MS,
                null).leaseTtlMs());
    }
}
