package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.StreamClosedReason;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrame;
import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.StreamMode;
import io.skein.core.api.SummaryDocument;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.policy.StreamPolicy;
import io.skein.core.error.EngineError;
import io.skein.core.error.HttpErrorMapping;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Checklist I: streams (spec 04 §3, 05 §1.5, §2, §3). Items traced to seed 001 ({@code sq:stream_reader}) stage the
 * execution as the seed does: a raw {@code ff_exec_core} row on partition 0 with the legacy {@code pending} /
 * {@code initial} literals, then a claim. Timing bounds are wide enough for a loaded two-core machine yet still
 * prove that a tail parked instead of returning at once.
 */
class StreamConformance extends Conformance {

    private static final StreamCursor ZERO = StreamCursor.parse("0-0");
    private static final StreamCursor START = new StreamCursor.Start();
    private static final StreamCursor END = new StreamCursor.End();

    // ------------------------------------------------------------------------------------------------ givens

    /** Seed 001's {@code seed_runnable_execution}: a raw row on partition 0 with legacy literals. */
    private ExecutionId seededRunnable() {
        UUID uuid = UUID.randomUUID();
        fx.exec("INSERT INTO ff_exec_core (partition_key, execution_id, lane_id, attempt_index, lifecycle_phase, "
                + "ownership_state, eligibility_state, public_state, attempt_state, priority, created_at_ms) "
                + "VALUES (0, ?, 'default', 0, 'runnable', 'unowned', 'eligible_now', 'pending', 'initial', 0, 1)",
                uuid);
        return ExecutionId.of(0, uuid);
    }

    /** The seeded execution, claimed by {@code worker-1}: its handle. */
    private Handle seededAndClaimed() {
        seededRunnable();
        return claimed();
    }

    private static Frame stdout(String payload) {
        return new Frame(payload.getBytes(StandardCharsets.UTF_8), FrameKind.STDOUT, null, null, null);
    }

    private static Frame summary(String patchJson) {
        return new Frame(patchJson.getBytes(StandardCharsets.UTF_8), FrameKind.EVENT, null, null,
                new StreamMode.DurableSummary());
    }

    private static Frame bestEffort(String payload, StreamMode.BestEffort mode) {
        return new Frame(payload.getBytes(StandardCharsets.UTF_8), FrameKind.STDOUT, null, null, mode);
    }

    /** The one execution a test created (tests here create exactly one unless they say otherwise). */
    private ExecutionId onlyExecution() {
        UUID uuid = fx.queryUuid("SELECT execution_id FROM ff_exec_core");
        int partition = (int) fx.queryLong("SELECT partition_key FROM ff_exec_core");
        return ExecutionId.of(partition, uuid);
    }

    private static List<String> payloads(StreamFrames frames) {
        return frames.frames().stream().map(f -> f.fields().get("payload")).toList();
    }

    private StreamFrames readAll(ExecutionId id, int attemptIndex) {
        return backend.readStream(id, attemptIndex, START, END, 10_000);
    }

    private long framesOfMode(ExecutionId id, String mode) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_stream_frame WHERE partition_key = ? AND execution_id = ? "
                + "AND mode = ?", id.partition(), id.uuid(), mode);
    }

    private static JsonNode json(byte[] bytes) throws Exception {
        return SkeinJson.strict().readTree(bytes);
    }

    private static JsonNode json(String text) throws Exception {
        return SkeinJson.strict().readTree(text);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    // ------------------------------------------------------------------------------------------------ I1–I3 reads

    @Test
    void i1_readStreamReturnsFramesInOrder() {
        // given
        Handle h = seededAndClaimed();
        for (int i = 0; i < 3; i++) {
            backend.appendFrame(h, stdout("payload-" + i));
        }

        // when
        StreamFrames frames = backend.readStream(onlyExecution(), 0, START, END, 100);

        // then
        assertEquals(List.of("payload-0", "payload-1", "payload-2"), payloads(frames));
        assertNull(frames.closedAt());
        assertFalse(frames.closed());
        StreamFrame first = frames.frames().get(0);
        assertEquals("stdout", first.fields().get("frame_type"));
        assertEquals("utf8", first.fields().get("encoding"));
        assertEquals("worker", first.fields().get("source"));
        assertEquals("durable", first.fields().get("mode"));
        assertNotNull(first.fields().get("ts"));
    }

    @Test
    void i2_readStreamResumesInclusivelyFromTheLastId() {
        // given
        Handle h = seededAndClaimed();
        for (int i = 0; i < 5; i++) {
            backend.appendFrame(h, stdout("p" + i));
        }
        ExecutionId id = onlyExecution();

        // when
        StreamFrames page1 = backend.readStream(id, 0, START, END, 2);
        StreamFrameId lastId = page1.frames().get(1).id();
        StreamFrames page2 = backend.readStream(id, 0, StreamCursor.At.of(lastId), END, 100);

        // then
        assertEquals(2, page1.frames().size());
        assertEquals(lastId, page2.frames().get(0).id());
        assertEquals(List.of("p1", "p2", "p3", "p4"), payloads(page2));
    }

    @Test
    void i2_aBareMillisecondCursorCoversTheWholeMillisecond() {
        // given: three frames minted in one millisecond, so their ids share <ms>
        Handle h = seededAndClaimed();
        StreamFrameId first = StreamFrameId.parse(backend.appendFrame(h, stdout("a")).streamId());
        backend.appendFrame(h, stdout("b"));
        backend.appendFrame(h, stdout("c"));
        ExecutionId id = onlyExecution();
        StreamCursor ms = StreamCursor.parse(Long.toString(first.ms()));

        // when / then: as a lower bound <ms> is <ms>-0, as an upper bound <ms>-<max>
        assertEquals(List.of("a", "b", "c"), payloads(backend.readStream(id, 0, ms, END, 100)));
        assertEquals(List.of("a", "b", "c"), payloads(backend.readStream(id, 0, START, ms, 100)));
    }

    @Test
    void i3_framesAreIsolatedPerAttemptIndex() {
        // given: two frames on attempt 0, and a raw frame on attempt 1 with no attempt or meta row (as the seed)
        Handle h = seededAndClaimed();
        for (int i = 0; i < 2; i++) {
            backend.appendFrame(h, stdout("a0-" + i));
        }
        ExecutionId id = onlyExecution();
        fx.exec("INSERT INTO ff_stream_frame (partition_key, execution_id, attempt_index, ts_ms, seq, fields, mode, "
                        + "created_at_ms) VALUES (0, ?, 1, 100, 0, ?, 'durable', 100)", id.uuid(),
                "{\"frame_type\":\"stdout\",\"payload\":\"a1-only\",\"encoding\":\"utf8\",\"source\":\"worker\"}");

        // when
        StreamFrames a0 = backend.readStream(id, 0, START, END, 100);
        StreamFrames a1 = backend.readStream(id, 1, START, END, 100);

        // then
        assertEquals(List.of("a0-0", "a0-1"), payloads(a0));
        assertEquals(List.of("a1-only"), payloads(a1));
        assertEquals(StreamFrameId.parse("100-0"), a1.frames().get(0).id());
        assertEquals("durable", a1.frames().get(0).fields().get("mode"));
        assertNull(a1.frames().get(0).fields().get("ts"), "a fixture row reads back as stored");
        assertFalse(a1.closed());
    }

    // ------------------------------------------------------------------------------------------------ I4, I5, I11

    @Test
    void i4_summaryDeltasMergeIntoOneDocument() throws Exception {
        // given
        Handle h = seededAndClaimed();

        // when
        AppendFrameOutcome first = backend.appendFrame(h, summary("{\"a\":1}"));
        AppendFrameOutcome second = backend.appendFrame(h, summary("{\"b\":2}"));

        // then
        assertEquals(1L, first.summaryVersion());
        assertEquals(2L, second.summaryVersion());
        assertEquals(2, second.frameCount());
        SummaryDocument doc = backend.readSummary(onlyExecution(), 0).orElseThrow();
        assertEquals(2, doc.version());
        assertEquals(json("{\"a\":1,\"b\":2}"), json(doc.documentJson()));
        assertEquals("json-merge-patch", doc.patchKind());
        assertTrue(doc.lastUpdatedMs() > 0);
        assertTrue(doc.firstAppliedMs() > 0);
        StreamFrames frames = readAll(onlyExecution(), 0);
        assertEquals("durable_summary", frames.frames().get(1).fields().get("mode"));
        assertEquals("2", frames.frames().get(1).fields().get("summary_version"));
    }

    @Test
    void i4_firstAppliedIsSetOnceAndLastUpdatedEveryTime() {
        Handle h = seededAndClaimed();
        long t0 = clock.millis();
        backend.appendFrame(h, summary("{\"a\":1}"));
        clock.advance(500);
        backend.appendFrame(h, summary("{\"a\":2}"));

        SummaryDocument doc = backend.readSummary(onlyExecution(), 0).orElseThrow();
        assertEquals(t0, doc.firstAppliedMs());
        assertEquals(t0 + 500, doc.lastUpdatedMs());
    }

    @Test
    void i5_noSummaryDeltaMeansNoSummary() {
        // given: claimed, plain frames only
        Handle h = seededAndClaimed();
        backend.appendFrame(h, stdout("plain"));

        // when / then
        assertEquals(Optional.empty(), backend.readSummary(onlyExecution(), 0));
    }

    @Test
    void i11_mergePatchRulesAndTheNullSentinel() throws Exception {
        // given
        Handle h = seededAndClaimed();
        backend.appendFrame(h, summary("{\"a\":{\"x\":1,\"y\":2}}"));

        // when
        backend.appendFrame(h, summary("{\"a\":{\"y\":null},\"b\":\"__ff_null__\"}"));

        // then
        SummaryDocument doc = backend.readSummary(onlyExecution(), 0).orElseThrow();
        assertEquals(json("{\"a\":{\"x\":1},\"b\":null}"), json(doc.documentJson()));
        assertFalse(new String(doc.documentJson(), StandardCharsets.UTF_8).contains("__ff_null__"));
    }

    @Test
    void i11_aSummaryPatchThatIsNotAnObjectOrTooDeepIsRejectedAndChangesNothing() {
        Handle h = seededAndClaimed();
        backend.appendFrame(h, summary("{\"a\":1}"));
        String deep = "{}";
        for (int i = 0; i < 16; i++) {
            deep = "{\"a\":" + deep + "}";
        }
        String depth17 = deep;

        for (String bad : List.of("[1]", "1", "\"text\"", "{not json", depth17)) {
            EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.appendFrame(h, summary(bad)));
            assertEquals(ValidationKind.INVALID_INPUT, v.kind(), bad);
        }
        assertEquals(1, backend.readSummary(onlyExecution(), 0).orElseThrow().version());
    }

    @Test
    void i11_aMergedDocumentOver64KiBIsRejectedAndChangesNothing() {
        Handle h = seededAndClaimed();
        backend.appendFrame(h, summary("{\"k1\":\"" + "x".repeat(40_000) + "\"}"));

        EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.appendFrame(h, summary("{\"k2\":\"" + "y".repeat(40_000) + "\"}")));

        assertEquals(ValidationKind.RETENTION_LIMIT_EXCEEDED, v.kind());
    }

    @Test
    void i11_onlyTheNewest64SummaryFramesAreKeptAndDurableFramesStay() {
        Handle h = seededAndClaimed();
        backend.appendFrame(h, stdout("durable-before"));
        AppendFrameOutcome last = null;
        for (int i = 1; i <= 70; i++) {
            last = backend.appendFrame(h, summary("{\"n\":" + i + "}"));
        }
        ExecutionId id = onlyExecution();

        assertEquals(70L, last.summaryVersion());
        assertEquals(71, last.frameCount());
        assertEquals(64, framesOfMode(id, "durable_summary"));
        assertEquals(1, framesOfMode(id, "durable"));
        StreamFrames frames = readAll(id, 0);
        assertEquals("durable-before", frames.frames().get(0).fields().get("payload"));
        assertEquals("7", frames.frames().get(1).fields().get("summary_version"), "versions 1-6 were trimmed");
        assertEquals(70, backend.readSummary(id, 0).orElseThrow().version());
    }

    // ------------------------------------------------------------------------------------------------ I6–I10 tails

    @Test
    void i6_tailWithoutBlockingReturnsExistingFrames() {
        Handle h = seededAndClaimed();
        backend.appendFrame(h, stdout("first"));

        StreamFrames frames = backend.tailStream(onlyExecution(), 0, ZERO, 0, 100, TailVisibility.ALL);

        assertEquals(List.of("first"), payloads(frames));
    }

    @Test
    void i6_tailIsExclusiveOfItsCursor() {
        Handle h = seededAndClaimed();
        String a = backend.appendFrame(h, stdout("a")).streamId();
        backend.appendFrame(h, stdout("b"));

        StreamFrames frames = backend.tailStream(onlyExecution(), 0, StreamCursor.parse(a), 0, 100,
                TailVisibility.ALL);

        assertEquals(List.of("b"), payloads(frames));
    }

    @Test
    void i7_aBlockedTailWakesWhenAnotherThreadAppends() throws Exception {
        // given: an open stream with no frames and a producer that appends 80 ms after the tail starts
        Handle h = seededAndClaimed();
        ExecutionId id = onlyExecution();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(80);
                backend.appendFrame(h, stdout("late"));
            } catch (Throwable t) {
                producerFailure.set(t);
            }
        }, "stream-producer");

        // when
        long start = System.nanoTime();
        producer.start();
        StreamFrames frames = backend.tailStream(id, 0, ZERO, 2_000, 100, TailVisibility.ALL);
        long elapsed = millisSince(start);
        producer.join(5_000);

        // then
        assertNull(producerFailure.get());
        assertEquals(List.of("late"), payloads(frames));
        assertTrue(elapsed >= 50, "the tail parked instead of returning at once: " + elapsed + " ms");
        assertTrue(elapsed < 1_500, "the append woke the tail: " + elapsed + " ms");
    }

    @Test
    void i8_aTailWithoutProducerReturnsEmptyAfterItsBlockTime() {
        seededAndClaimed();

        long start = System.nanoTime();
        StreamFrames frames = backend.tailStream(onlyExecution(), 0, ZERO, 150, 100, TailVisibility.ALL);
        long elapsed = millisSince(start);

        assertTrue(frames.frames().isEmpty());
        assertFalse(frames.closed());
        assertTrue(elapsed >= 100, "an open stream never answers empty early: " + elapsed + " ms");
    }

    @Test
    void i8_aTailOnAnAttemptWithoutStreamDataAlsoWaitsItsBlockTime() {
        // given: attempt 1 has no attempt row, no meta row and no frames: an open, empty stream
        seededAndClaimed();
        ExecutionId id = onlyExecution();

        long start = System.nanoTime();
        StreamFrames frames = backend.tailStream(id, 1, ZERO, 200, 100, TailVisibility.ALL);

        assertTrue(frames.frames().isEmpty());
        assertTrue(millisSince(start) >= 150);
    }

    @Test
    void i9_tailRejectsOpenCursors() {
        seededAndClaimed();
        ExecutionId id = onlyExecution();

        for (StreamCursor open : List.of(START, END)) {
            EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.tailStream(id, 0, open, 0, 100, TailVisibility.ALL));
            assertEquals(ValidationKind.INVALID_INPUT, v.kind());
            assertEquals(400, HttpErrorMapping.map(v).status());
        }
    }

    @Test
    void i10_excludeBestEffortDropsBestEffortFramesOnly() {
        Handle h = seededAndClaimed();
        backend.appendFrame(h, stdout("dur"));
        backend.appendFrame(h, bestEffort("be", StreamMode.BestEffort.withTtl(60_000)));
        backend.appendFrame(h, summary("{\"s\":1}"));
        ExecutionId id = onlyExecution();

        StreamFrames all = backend.tailStream(id, 0, ZERO, 0, 100, TailVisibility.ALL);
        StreamFrames filtered = backend.tailStream(id, 0, ZERO, 0, 100, TailVisibility.EXCLUDE_BEST_EFFORT);

        assertEquals(List.of("dur", "be", "{\"s\":1}"), payloads(all));
        assertEquals("60000", all.frames().get(1).fields().get("ttl_ms"));
        assertEquals(List.of("dur", "{\"s\":1}"), payloads(filtered));
    }

    @Test
    void i10_aFilteredTailKeepsWaitingWhileOnlyBestEffortFramesArrive() throws Exception {
        Handle h = seededAndClaimed();
        ExecutionId id = onlyExecution();
        CompletableFuture<StreamFrames> tail = CompletableFuture.supplyAsync(() ->
                backend.tailStream(id, 0, ZERO, 2_000, 100, TailVisibility.EXCLUDE_BEST_EFFORT));

        Thread.sleep(50);
        backend.appendFrame(h, bestEffort("be", StreamMode.BestEffort.withTtl(60_000)));
        Thread.sleep(100);
        assertFalse(tail.isDone(), "a best-effort frame is invisible to this tail");
        backend.appendFrame(h, stdout("dur"));

        assertEquals(List.of("dur"), payloads(tail.get(1_500, TimeUnit.MILLISECONDS)));
    }

    // ------------------------------------------------------------------------------------------------ I12 closure

    @Test
    void i12_completeFailAndCancelCloseTheStreamWithTheirReason() {
        record Case(StreamClosedReason reason, java.util.function.Consumer<Handle> end) {}
        List<Case> cases = List.of(
                new Case(StreamClosedReason.ATTEMPT_SUCCESS, h -> backend.complete(h, null)),
                new Case(StreamClosedReason.ATTEMPT_FAILURE,
                        h -> backend.fail(h, new FailureReason("boom", null), FailureClass.PERMANENT)),
                new Case(StreamClosedReason.ATTEMPT_CANCELLED, h -> backend.cancel(h, "stop")));
        for (Case c : cases) {
            // given
            ExecutionId id = created();
            Handle h = claimed();
            backend.appendFrame(h, stdout("out"));
            clock.advance(10);

            // when
            c.end().accept(h);

            // then
            StreamFrames frames = readAll(id, 0);
            assertEquals(c.reason(), frames.closedReason(), c.reason().wire());
            assertEquals(clock.millis(), frames.closedAt());
            assertEquals(List.of("out"), payloads(frames));
        }
    }

    @Test
    void i12_aTailOnAClosedDrainedStreamReturnsAtOnce() {
        ExecutionId id = created();
        Handle h = claimed();
        String last = backend.appendFrame(h, stdout("out")).streamId();
        backend.complete(h, null);

        long start = System.nanoTime();
        StreamFrames frames = backend.tailStream(id, 0, StreamCursor.parse(last), 2_000, 100, TailVisibility.ALL);

        assertTrue(frames.frames().isEmpty());
        assertEquals(StreamClosedReason.ATTEMPT_SUCCESS, frames.closedReason());
        assertTrue(millisSince(start) < 1_000, "no wait on a closed stream");
    }

    @Test
    void i12_aParkedTailWakesWhenTheStreamCloses() throws Exception {
        ExecutionId id = created();
        Handle h = claimed();
        CompletableFuture<StreamFrames> tail = CompletableFuture.supplyAsync(() ->
                backend.tailStream(id, 0, ZERO, 10_000, 100, TailVisibility.ALL));
        Thread.sleep(100);

        long closedAt = System.nanoTime();
        backend.complete(h, null);
        StreamFrames frames = tail.get(5, TimeUnit.SECONDS);

        assertEquals(StreamClosedReason.ATTEMPT_SUCCESS, frames.closedReason());
        assertTrue(millisSince(closedAt) < 1_500, "woken by the closing commit, not by its 10 s deadline");
    }

    // ------------------------------------------------------------------------------------------------ I13 append rules

    @Test
    void i13_anOversizedPayloadIsRetentionLimitExceeded() {
        Handle h = seededAndClaimed();

        EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.appendFrame(h, new Frame(new byte[65_537], FrameKind.BLOB, null, null, null)));

        assertEquals(ValidationKind.RETENTION_LIMIT_EXCEEDED, v.kind());
        assertEquals(0, count("ff_stream_meta", onlyExecution()), "no stream metadata for a refused first append");
    }

    @Test
    void i13_aPayloadOfExactly64KiBIsAccepted() {
        Handle h = seededAndClaimed();

        AppendFrameOutcome out = backend.appendFrame(h, new Frame(new byte[65_536], FrameKind.BLOB, null, null, null));

        assertEquals(1, out.frameCount());
    }

    @Test
    void i13_aFrameTypeOf65CharactersIsInvalidFrameType() {
        Handle h = seededAndClaimed();

        EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class, () -> backend.appendFrame(h,
                new Frame("x".getBytes(), FrameKind.EVENT, "t".repeat(65), null, null)));

        assertEquals(ValidationKind.INVALID_FRAME_TYPE, v.kind());
    }

    @Test
    void i13_aCompletedExecutionRefusesAppendsWithStreamClosed() {
        created();
        Handle h = claimed();
        backend.complete(h, null);

        EngineError.State s = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.appendFrame(h, stdout("after")));

        assertEquals(StateKind.STREAM_CLOSED, s.kind());
    }

    @Test
    void i13_contentChecksComeBeforeTheStateChecks() {
        created();
        Handle h = claimed();
        backend.complete(h, null);

        EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.appendFrame(h, new Frame(new byte[65_537], FrameKind.BLOB, null, null, null)));

        assertEquals(ValidationKind.RETENTION_LIMIT_EXCEEDED, v.kind());
    }

    @Test
    void i13_aSuspendedExecutionRefusesAppendsWithStreamClosed() {
        // given: the execution staged as suspended (fixture), its handle still in the worker's hands
        ExecutionId id = created();
        Handle h = claimed();
        fx.exec("UPDATE ff_exec_core SET lifecycle_phase = 'suspended', ownership_state = 'unowned', "
                + "eligibility_state = 'not_applicable', blocking_reason = 'waiting_for_signal', "
                + "public_state = 'suspended', attempt_state = 'attempt_interrupted' "
                + "WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid());

        EngineError.State s = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.appendFrame(h, stdout("while suspended")));

        assertEquals(StateKind.STREAM_CLOSED, s.kind());
    }

    @Test
    void i13_staleEpochsAndExpiredLeasesAreStaleOwnerCannotAppend() {
        ExecutionId id = created();
        Handle h = claimed();
        backend.appendFrame(h, stdout("ok"));

        // epoch bumped underneath the handle (fixture, as seed 003 does for renew)
        fx.exec("UPDATE ff_attempt SET lease_epoch = lease_epoch + 1 WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
        EngineError.State stale = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.appendFrame(h, stdout("stale")));
        assertEquals(StateKind.STALE_OWNER_CANNOT_APPEND, stale.kind());

        fx.exec("UPDATE ff_attempt SET lease_epoch = lease_epoch - 1 WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
        clock.advance(LEASE_TTL_MS + 1);
        EngineError.State expired = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.appendFrame(h, stdout("expired")));
        assertEquals(StateKind.STALE_OWNER_CANNOT_APPEND, expired.kind());
    }

    @Test
    void i13_anActiveExecutionWhoseStreamClosedRefusesAppendsWithStreamClosed() {
        ExecutionId id = created();
        Handle h = claimed();
        backend.appendFrame(h, stdout("before"));
        fx.exec("UPDATE ff_stream_meta SET closed_at_ms = ?, closed_reason = 'lease_revoked' "
                + "WHERE partition_key = ? AND execution_id = ?", clock.millis(), id.partition(), id.uuid());

        EngineError.State s = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.appendFrame(h, stdout("after")));

        assertEquals(StateKind.STREAM_CLOSED, s.kind());
    }

    // ------------------------------------------------------------------------------------------------ I14 ids

    @Test
    void i14_idsIncreaseStrictlyWithinOneMillisecondAndWhenTheClockStepsBack() {
        Handle h = seededAndClaimed();
        List<StreamFrameId> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(StreamFrameId.parse(backend.appendFrame(h, stdout("f" + i)).streamId()));
        }
        clock.set(clock.millis() - 10);
        StreamFrameId afterStepBack = StreamFrameId.parse(backend.appendFrame(h, stdout("back")).streamId());

        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i).compareTo(ids.get(i - 1)) > 0, ids.get(i - 1) + " then " + ids.get(i));
        }
        assertEquals(ids.get(0).ms(), ids.get(999).ms(), "all in one millisecond");
        assertEquals(999, ids.get(999).seq());
        assertTrue(afterStepBack.compareTo(ids.get(999)) > 0);
        assertEquals(1_001, readAll(onlyExecution(), 0).frames().size());
    }

    @Test
    void i14_theAppendOutcomeNamesTheStoredFrame() {
        Handle h = seededAndClaimed();
        clock.advance(5);
        AppendFrameOutcome out = backend.appendFrame(h, stdout("x"));

        assertEquals(clock.millis() + "-0", out.streamId());
        assertEquals(1, out.frameCount());
        assertNull(out.summaryVersion());
        assertEquals(StreamFrameId.parse(out.streamId()), readAll(onlyExecution(), 0).frames().get(0).id());
    }

    // ------------------------------------------------------------------------------------------------ I15 bad input

    @Test
    void i15_malformedCursorsAreInvalidInput() {
        for (String bad : List.of("", "-", "+", "12-", "-5", "1.5", "abc", "1-2-3", " 1", "1 ", "+1")) {
            EngineError.Validation v = expectError(EngineError.Validation.class, () -> StreamCursor.parse(bad));
            assertEquals(ValidationKind.INVALID_INPUT, v.kind(), "'" + bad + "'");
            assertEquals(StreamCursor.INVALID_CURSOR, v.detail(), "'" + bad + "'");
        }
    }

    @Test
    void i15_outOfRangeLimitsAndBlockTimesAreInvalidInputAndChangeNothing() {
        Handle h = seededAndClaimed();
        backend.appendFrame(h, stdout("x"));
        ExecutionId id = onlyExecution();

        List<org.junit.jupiter.api.function.Executable> calls = List.of(
                () -> backend.readStream(id, 0, START, END, 0),
                () -> backend.readStream(id, 0, START, END, 10_001),
                () -> backend.readStream(id, -1, START, END, 10),
                () -> backend.readStream(id, 0, null, END, 10),
                () -> backend.tailStream(id, 0, ZERO, 30_001, 10, TailVisibility.ALL),
                () -> backend.tailStream(id, 0, ZERO, -1, 10, TailVisibility.ALL),
                () -> backend.tailStream(id, 0, ZERO, 0, 0, TailVisibility.ALL),
                () -> backend.tailStream(id, 0, ZERO, 0, 10_001, TailVisibility.ALL),
                () -> backend.readSummary(id, -1));
        for (org.junit.jupiter.api.function.Executable call : calls) {
            EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class, call);
            assertEquals(ValidationKind.INVALID_INPUT, v.kind());
        }
        assertEquals(1, backend.readStream(id, 0, START, END, 10_000).frames().size(), "10 000 is allowed");
        assertEquals(1, backend.tailStream(id, 0, ZERO, 30_000, 10_000, TailVisibility.ALL).frames().size());
    }

    // ------------------------------------------------------------------------------------------------ I16 retention

    @Test
    void i16_durableRetentionKeepsTheNewestFramesAndCountsEveryAppend() {
        StreamPolicy keep3 = new StreamPolicy(null, 3, null);
        ExecutionPolicy d = ExecutionPolicy.defaults();
        ExecutionPolicy policy = new ExecutionPolicy(d.priority(), d.delayUntil(), d.retryPolicy(),
                d.timeoutPolicy(), d.maxReclaimCount(), d.maxReplayCount(), d.suspensionPolicy(), d.budgetIds(),
                d.quotaPolicyId(), d.routingRequirements(), d.dedupWindowMs(), keep3, d.maxSignalsPerExecution(),
                d.fallbackPolicy());
        ExecutionId id = created(0, policy);
        Handle h = claimed();

        AppendFrameOutcome last = null;
        for (int i = 0; i < 5; i++) {
            last = backend.appendFrame(h, stdout("d" + i));
        }

        assertEquals(5, last.frameCount());
        assertEquals(List.of("d2", "d3", "d4"), payloads(readAll(id, 0)));
        assertEquals(5, fx.queryLong("SELECT frame_count FROM ff_stream_meta WHERE partition_key = ? "
                + "AND execution_id = ? AND attempt_index = 0", id.partition(), id.uuid()));
    }

    @Test
    void i16_bestEffortTrimmingKeepsItsCapAndNeverRemovesDurableFrames() {
        ExecutionId id = created();
        Handle h = claimed();
        backend.appendFrame(h, stdout("durable"));
        StreamMode.BestEffort capped = new StreamMode.BestEffort(60_000, 1, 2, null);

        backend.appendFrame(h, bestEffort("be0", capped));
        double seeded = Double.parseDouble(fx.queryString("SELECT ema_rate_hz FROM ff_stream_meta "
                + "WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));
        for (int i = 1; i < 5; i++) {
            clock.advance(1);
            backend.appendFrame(h, bestEffort("be" + i, capped));
        }

        assertEquals(1.0 / 120.0, seeded, 1e-9, "first append seeds floor / (ttl_s x 2)");
        assertEquals(List.of("durable", "be3", "be4"), payloads(readAll(id, 0)));
        assertEquals(2, fx.queryLong("SELECT maxlen_applied_last FROM ff_stream_meta WHERE partition_key = ? "
                + "AND execution_id = ?", id.partition(), id.uuid()));
        assertEquals(6, fx.queryLong("SELECT frame_count FROM ff_stream_meta WHERE partition_key = ? "
                + "AND execution_id = ?", id.partition(), id.uuid()));
    }

    @Test
    void i16_housekeepingDeletesBestEffortFramesOlderThanTwiceTheirTtl() {
        ExecutionId id = created();
        Handle h = claimed();
        StreamMode.BestEffort ttl1s = StreamMode.BestEffort.withTtl(1_000);
        backend.appendFrame(h, stdout("durable"));
        backend.appendFrame(h, bestEffort("old", ttl1s));
        clock.advance(1_500);
        backend.appendFrame(h, bestEffort("young", ttl1s));
        clock.advance(500);

        under.runDue();

        assertEquals(List.of("durable", "young"), payloads(readAll(id, 0)));
    }

    // ------------------------------------------------------------------------------------------------ I17 binary

    @Test
    void i17_invalidUtf8IsStoredAsBase64AndDecodesToTheSameBytes() {
        Handle h = seededAndClaimed();
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3};

        backend.appendFrame(h, new Frame(bytes, FrameKind.BLOB, null, null, null));

        StreamFrame f = readAll(onlyExecution(), 0).frames().get(0);
        assertEquals("base64", f.fields().get("encoding"));
        assertEquals("blob", f.fields().get("frame_type"));
        assertArrayEquals(bytes, Base64.getDecoder().decode(f.fields().get("payload")));
    }

    // ------------------------------------------------------------------------------------------------ I18 bound

    @Test
    void i18_oneStreamOpMoreThanTheBoundIsResourceExhausted() throws Exception {
        // given: 64 (the default bound) tails parked on an open stream; a parked tail that was refused while the
        // probe below held a slot simply tries again, so exactly 64 end up parked
        Handle h = seededAndClaimed();
        ExecutionId id = onlyExecution();
        int bound = 64;
        ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
        List<Thread> tails = new ArrayList<>();
        for (int i = 0; i < bound; i++) {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        results.add(backend.tailStream(id, 0, ZERO, 20_000, 10, TailVisibility.ALL));
                        return;
                    } catch (io.skein.core.error.EngineException e) {
                        if (!(e.error() instanceof EngineError.ResourceExhausted)) {
                            results.add(e);
                            return;
                        }
                        sleepQuietly(5);
                    }
                }
            }, "tail-" + i);
            t.setDaemon(true);
            tails.add(t);
            t.start();
        }

        // when: probing until the bound is full
        EngineError.ResourceExhausted refused = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (refused == null && System.nanoTime() < deadline) {
            try {
                backend.readStream(id, 0, START, END, 10);
                Thread.sleep(10);
            } catch (io.skein.core.error.EngineException e) {
                assertInstanceOf(EngineError.ResourceExhausted.class, e.error());
                refused = (EngineError.ResourceExhausted) e.error();
            }
        }

        // then
        assertNotNull(refused, "the 65th concurrent stream op must be refused");
        assertEquals(bound, refused.max());
        assertEquals(429, HttpErrorMapping.map(refused).status());
        assertEquals("resource_exhausted", HttpErrorMapping.map(refused).kind());
        assertTrue(results.isEmpty(), "every tail is still parked: " + results);

        // and one append releases every parked tail, freeing the slots
        backend.appendFrame(h, stdout("wake"));
        for (Thread t : tails) {
            t.join(10_000);
        }
        assertEquals(bound, results.size());
        for (Object r : results) {
            assertInstanceOf(StreamFrames.class, r, String.valueOf(r));
            assertEquals(List.of("wake"), payloads((StreamFrames) r));
        }
        assertEquals(1, backend.readStream(id, 0, START, END, 10).frames().size());
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void i18_afterShutdownStartsInFlightTailsReturnAndNewStreamOpsAreUnavailable() throws Exception {
        seededAndClaimed();
        ExecutionId id = onlyExecution();
        CompletableFuture<StreamFrames> parked = CompletableFuture.supplyAsync(() ->
                backend.tailStream(id, 0, ZERO, 20_000, 10, TailVisibility.ALL));
        Thread.sleep(100);

        long start = System.nanoTime();
        backend.shutdownPrepare(Duration.ofSeconds(10));

        // the tail's permit is released an instant before its future completes
        StreamFrames returned = parked.get(1, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(millisSince(start) < 5_000, "shutdownPrepare waits for the in-flight tail, which returns at once");
        assertTrue(returned.frames().isEmpty());
        assertTrue(millisSince(start) < 5_000);
        EngineError.Unavailable u = expectError(EngineError.Unavailable.class,
                () -> backend.tailStream(id, 0, ZERO, 0, 10, TailVisibility.ALL));
        assertEquals(503, HttpErrorMapping.map(u).status());
        expectError(EngineError.Unavailable.class, () -> backend.readStream(id, 0, START, END, 10));
        expectError(EngineError.Unavailable.class, () -> backend.readSummary(id, 0));
    }

    // ------------------------------------------------------------------------------------------------ I19, I20

    @Test
    void i19_aRetryStartsAnEmptyStreamForTheNextAttempt() {
        ExecutionId id = created();
        Handle first = claimed();
        backend.appendFrame(first, stdout("attempt-0"));
        FailOutcome out = backend.fail(first, new FailureReason("flaky", null), FailureClass.TRANSIENT);
        assertInstanceOf(FailOutcome.RetryScheduled.class, out);
        clock.advance(120_000);
        under.runDue();
        Handle second = claimed();

        assertTrue(readAll(id, 1).frames().isEmpty());
        assertFalse(readAll(id, 1).closed());
        assertEquals(Optional.empty(), backend.readSummary(id, 1));
        AppendFrameOutcome appended = backend.appendFrame(second, stdout("attempt-1"));

        assertEquals(1, appended.frameCount(), "frame_count is per attempt");
        assertEquals(List.of("attempt-1"), payloads(readAll(id, 1)));
        assertEquals(List.of("attempt-0"), payloads(readAll(id, 0)));
        assertEquals(StreamClosedReason.ATTEMPT_FAILURE, readAll(id, 0).closedReason());
    }

    @Test
    void i19_aResumedClaimKeepsAppendingToTheSameAttemptWithLargerIds() {
        // given a worker that appended to attempt 0 and then delayed itself (the stream stays open)
        ExecutionId id = created();
        Handle first = claimed();
        AppendFrameOutcome before = backend.appendFrame(first, stdout("before"));
        backend.delay(first, clock.millis() + 1_000);
        assertFalse(readAll(id, 0).closed(), "a delay does not close the stream");

        // when the delay is over and the execution is claimed again (a resumed claim of the same attempt)
        clock.advance(1_000);
        under.runDue();
        Handle resumed = claimed();
        assertEquals(io.skein.core.api.HandleKind.RESUMED, resumed.kind());
        clock.advance(5);
        AppendFrameOutcome after = backend.appendFrame(resumed, stdout("after"));

        // then both frames live in attempt 0, in order, the later one with the larger id
        assertEquals(List.of("before", "after"), payloads(readAll(id, 0)));
        assertTrue(io.skein.core.api.StreamFrameId.parse(after.streamId())
                .compareTo(io.skein.core.api.StreamFrameId.parse(before.streamId())) > 0);
        assertEquals(2L, after.frameCount());
        assertTrue(readAll(id, 1).frames().isEmpty(), "no new attempt was opened");
    }

    @Test
    void i20_missingExecutionIsNotFoundAndUnknownAttemptReadsEmptyAndOpen() {
        seededAndClaimed();
        ExecutionId id = onlyExecution();
        ExecutionId missing = ExecutionId.of(0, UUID.randomUUID());

        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> backend.readStream(missing, 0, START, END, 10),
                () -> backend.tailStream(missing, 0, ZERO, 0, 10, TailVisibility.ALL),
                () -> backend.tailStream(missing, 0, ZERO, 500, 10, TailVisibility.ALL),
                () -> backend.readSummary(missing, 0))) {
            assertEquals("execution", expectRejectedUnchanged(EngineError.NotFound.class, call).entity());
        }
        StreamFrames unknown = backend.readStream(id, 7, START, END, 10);
        assertTrue(unknown.frames().isEmpty());
        assertFalse(unknown.closed());
        assertEquals(Optional.empty(), backend.readSummary(id, 7));
    }
}
