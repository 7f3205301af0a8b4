package io.skein.engine;

import static io.skein.engine.Givens.fields;
import static io.skein.engine.Givens.idOf;
import static io.skein.engine.Givens.wildcard;
import static io.skein.engine.Givens.withEpoch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamMode;
import io.skein.core.api.StreamModeKind;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.state.StreamMeta;
import io.skein.engine.state.StreamState;
import io.skein.engine.state.memory.InMemoryEngineState.FrameRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Attempt streams' decisions (spec 04 §3): appends under the append fence, the three modes and their retention,
 * closure when the attempt ends, and the best-effort housekeeping of timer 14.
 */
class StreamDecisionsTest {

    private final EngineRule engine = new EngineRule();
    private final Givens given = new Givens(engine);

    // ------------------------------------------------------------------------------------------ durable

    @Test
    void aDurableAppendStoresTheFrameAndCreatesTheStreamMeta() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);

        AppendFrameOutcome outcome = append(handle, new Frame("hello".getBytes(), FrameKind.STDOUT, null, "c-1",
                null));

        StreamFrameId frameId = new StreamFrameId(engine.now, 0);
        assertEquals(new AppendFrameOutcome(frameId.toString(), 1, null), outcome);
        FrameRef frame = only(engine.state.frames(id, 0));
        assertEquals(frameId, frame.id());
        assertEquals(StreamModeKind.DURABLE, frame.mode());
        JsonNode stored = json(frame.fieldsJson());
        assertEquals("stdout", stored.get("frame_type").asText(), "an empty frame type is the kind's name");
        assertEquals(engine.now, stored.get("ts").asLong());
        assertEquals("hello", stored.get("payload").asText());
        assertEquals("utf8", stored.get("encoding").asText());
        assertEquals("worker", stored.get("source").asText());
        assertEquals("c-1", stored.get("correlation_id").asText());
        StreamMeta meta = meta(id, 0).orElseThrow();
        assertEquals(fields(handle).attemptId().uuid(), meta.attemptId);
        assertEquals(engine.now, meta.createdAtMs);
        assertEquals(1, meta.frameCount);
        assertEquals(5, meta.totalBytes);
        assertEquals(frameId, meta.lastId());
        assertTrue(meta.hasDurableFrame);
        assertNull(meta.closedAtMs);
        assertEquals(List.of("frame " + id + "/0 " + frameId), engine.effects, "tails wake after the commit");
    }

    @Test
    void bytesThatAreNotUtf8AreStoredAsBase64() {
        Handle handle = given.claimed();
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0, 65};

        append(handle, new Frame(bytes, FrameKind.BLOB, null, null, null));

        JsonNode stored = json(only(engine.state.frames(idOf(handle), 0)).fieldsJson());
        assertEquals("base64", stored.get("encoding").asText());
        assertEquals(Base64.getEncoder().encodeToString(bytes), stored.get("payload").asText());
    }

    @Test
    void idsIncreaseStrictlyWithinOneMillisecondAndWhenTheClockStepsBack() {
        Handle handle = given.claimed();
        long start = engine.now;

        String first = append(handle, text("a")).streamId();
        String second = append(handle, text("b")).streamId();
        engine.advance(-5);
        String third = append(handle, text("c")).streamId();
        engine.advance(10);
        String fourth = append(handle, text("d")).streamId();

        assertEquals(List.of(start + "-0", start + "-1", start + "-2", (start + 5) + "-0"),
                List.of(first, second, third, fourth));
    }

    @Test
    void durableRetentionKeepsTheNewestFramesAndCountsEveryAppend() {
        Handle handle = given.claimed("{\"stream_policy\":{\"retention_maxlen\":3}}");
        ExecutionId id = idOf(handle);

        for (String s : List.of("1", "2", "3", "4", "5")) {
            append(handle, text(s));
        }

        assertEquals(List.of("3", "4", "5"), payloads(id, 0));
        assertEquals(5, meta(id, 0).orElseThrow().frameCount, "frame_count counts lifetime appends");
    }

    // ------------------------------------------------------------------------------------------ summary

    @Test
    void summaryDeltasMergeIntoOneVersionedDocument() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        long firstAt = engine.now;

        AppendFrameOutcome first = append(handle, summary("{\"status\":\"running\",\"progress\":{\"done\":1},"
                + "\"tmp\":1,\"keep\":[1,2]}"));
        engine.advance(10);
        AppendFrameOutcome second = append(handle, summary("{\"progress\":{\"total\":4},\"tmp\":null,"
                + "\"keep\":[3],\"cleared\":\"__ff_null__\"}"));

        assertEquals(1L, first.summaryVersion());
        assertEquals(2L, second.summaryVersion());
        StreamState.Summary s = engine.state.streams().summary(id, 0).orElseThrow();
        assertEquals(json("{\"status\":\"running\",\"progress\":{\"done\":1,\"total\":4},\"keep\":[3],"
                + "\"cleared\":null}"), json(s.documentJson()), "RFC 7396, then the null sentinel");
        assertEquals(2, s.version());
        assertEquals("json-merge-patch", s.patchKind());
        assertEquals(firstAt, s.firstAppliedMs(), "set once");
        assertEquals(engine.now, s.lastUpdatedMs(), "set every time");
        List<FrameRef> frames = engine.state.frames(id, 0);
        assertEquals(StreamModeKind.DURABLE_SUMMARY, frames.get(1).mode());
        assertEquals(2, json(frames.get(1).fieldsJson()).get("summary_version").asLong());
        assertTrue(meta(id, 0).orElseThrow().hasDurableFrame);
    }

    @Test
    void onlyTheNewest64SummaryFramesAreKeptAndDurableFramesStay() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        append(handle, text("durable"));

        for (int i = 1; i <= 66; i++) {
            append(handle, summary("{\"n\":" + i + "}"));
        }

        List<FrameRef> frames = engine.state.frames(id, 0);
        assertEquals(1, frames.stream().filter(f -> f.mode() == StreamModeKind.DURABLE).count());
        List<FrameRef> summaries = frames.stream().filter(f -> f.mode() == StreamModeKind.DURABLE_SUMMARY).toList();
        assertEquals(64, summaries.size());
        assertEquals(3, json(summaries.get(0).fieldsJson()).get("summary_version").asLong(), "the oldest two went");
        assertEquals(66, engine.state.streams().summary(id, 0).orElseThrow().version(),
                "the document keeps every delta");
    }

    @Test
    void aMergedDocumentOver64KiBIsRetentionLimitExceededAndWritesNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        append(handle, summary("{\"a\":\"" + "x".repeat(40_000) + "\"}"));
        StreamMeta before = meta(id, 0).orElseThrow();

        EngineError.Validation error = engine.rejected(new EngineCommand.AppendFrame(handle,
                summary("{\"b\":\"" + "y".repeat(40_000) + "\"}")), EngineError.Validation.class);

        assertEquals(ValidationKind.RETENTION_LIMIT_EXCEEDED, error.kind());
        assertEquals(1, engine.state.streams().summary(id, 0).orElseThrow().version());
        assertEquals(before.frameCount, meta(id, 0).orElseThrow().frameCount);
        assertEquals(1, engine.state.frames(id, 0).size());
    }

    @Test
    void aSummaryPatchThatIsNotAnObjectOrTooDeepIsInvalidInputAndWritesNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        String deep = "{\"a\":".repeat(17) + "1" + "}".repeat(17);

        for (String patch : List.of("[1,2]", "\"text\"", "not json", deep)) {
            EngineError.Validation error = engine.rejected(new EngineCommand.AppendFrame(handle, summary(patch)),
                    EngineError.Validation.class);
            assertEquals(ValidationKind.INVALID_INPUT, error.kind(), patch);
        }
        assertEquals(Optional.empty(), meta(id, 0), "not even the stream meta was created");
        assertEquals(Optional.empty(), engine.state.streams().summary(id, 0));
    }

    // ------------------------------------------------------------------------------------------ best effort

    @Test
    void bestEffortFramesAreTrimmedToTheirAdaptiveCapAndNeverRemoveDurableFrames() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        StreamMode.BestEffort mode = new StreamMode.BestEffort(1_000, 4, 8, null);
        append(handle, text("durable"));

        // one frame a second: the rate stays near 1-2 Hz, so the cap stays at the floor of 4
        for (int i = 1; i <= 6; i++) {
            append(handle, new Frame(("be" + i).getBytes(), FrameKind.EVENT, null, null, mode));
            engine.advance(1_000);
        }

        assertEquals(List.of("durable", "be3", "be4", "be5", "be6"), payloads(id, 0));
        StreamMeta meta = meta(id, 0).orElseThrow();
        assertEquals(4, meta.maxlenAppliedLast);
        assertEquals(7, meta.frameCount);
        assertEquals(1_000, json(engine.state.frames(id, 0).get(1).fieldsJson()).get("ttl_ms").asLong());
        // a burst in one millisecond raises the rate estimate: the cap grows to the ceiling
        for (int i = 7; i <= 12; i++) {
            append(handle, new Frame(("be" + i).getBytes(), FrameKind.EVENT, null, null, mode));
        }
        assertEquals(8, meta(id, 0).orElseThrow().maxlenAppliedLast);
        assertEquals(9, payloads(id, 0).size(), "eight best-effort frames and the durable one");
    }

    @Test
    void housekeepingDeletesBestEffortFramesOlderThanTwiceTheirTtlOnly() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        append(handle, new Frame("old".getBytes(), FrameKind.EVENT, null, null, StreamMode.BestEffort.withTtl(500)));
        append(handle, text("durable"));
        engine.advance(1);
        append(handle, new Frame("young".getBytes(), FrameKind.EVENT, null, null,
                StreamMode.BestEffort.withTtl(500)));
        engine.advance(999);

        int deleted = given.write(unit -> engine.engine.streams().expireBestEffortFrames(unit));

        assertEquals(1, deleted);
        assertEquals(List.of("durable", "young"), payloads(id, 0));
        assertEquals(0, (int) given.write(unit -> engine.engine.streams().expireBestEffortFrames(unit)),
                "a repeated pass deletes nothing more");
    }

    // ------------------------------------------------------------------------------------------ closure

    @Test
    void completeFailAndCancelCloseTheStreamWithTheirReason() {
        Handle completed = given.claimed();
        append(completed, text("x"));
        Handle failed = given.claimed();
        Handle cancelled = given.claimed();

        engine.when(new EngineCommand.Complete(completed, null));
        assertTrue(engine.effects.contains("closed " + idOf(completed) + "/0"), "tails wake once it commits");
        engine.when(new EngineCommand.Fail(failed, new FailureReason("boom", null), FailureClass.TRANSIENT));
        engine.when(new EngineCommand.Cancel(cancelled, "stop"));

        assertEquals("attempt_success", meta(idOf(completed), 0).orElseThrow().closedReason);
        assertEquals(engine.now, meta(idOf(completed), 0).orElseThrow().closedAtMs);
        assertEquals("attempt_failure", meta(idOf(failed), 0).orElseThrow().closedReason,
                "a stream without frames learns its end too");
        assertEquals("attempt_cancelled", meta(idOf(cancelled), 0).orElseThrow().closedReason);
    }

    @Test
    void aCompletedExecutionRefusesAppendsWithStreamClosedAndWritesNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        append(handle, text("x"));
        engine.when(new EngineCommand.Complete(handle, null));

        EngineError.State error = engine.rejected(new EngineCommand.AppendFrame(handle, text("late")),
                EngineError.State.class);

        assertEquals(StateKind.STREAM_CLOSED, error.kind());
        assertEquals(1, meta(id, 0).orElseThrow().frameCount);
        assertEquals(List.of("x"), payloads(id, 0));
    }

    @Test
    void contentChecksComeBeforeTheStateChecks() {
        Handle handle = given.claimed();
        engine.when(new EngineCommand.Complete(handle, null));

        EngineError.Validation big = engine.rejected(new EngineCommand.AppendFrame(handle,
                new Frame(new byte[65_537], FrameKind.BLOB, null, null, null)), EngineError.Validation.class);
        EngineError.Validation type = engine.rejected(new EngineCommand.AppendFrame(handle,
                new Frame("x".getBytes(), FrameKind.EVENT, "t".repeat(65), null, null)), EngineError.Validation.class);

        assertEquals(ValidationKind.RETENTION_LIMIT_EXCEEDED, big.kind());
        assertEquals(ValidationKind.INVALID_FRAME_TYPE, type.kind());
    }

    @Test
    void aPayloadOfExactly64KiBIsAccepted() {
        Handle handle = given.claimed();

        AppendFrameOutcome outcome = append(handle, new Frame(new byte[65_536], FrameKind.BLOB, null, null, null));

        assertEquals(1, outcome.frameCount());
    }

    @Test
    void aSuspendedExecutionRefusesAppendsButItsStreamStaysOpenForTheResumedClaim() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        String before = append(handle, text("before")).streamId();
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:s", wildcard());

        EngineError.State error = engine.rejected(new EngineCommand.AppendFrame(handle, text("during")),
                EngineError.State.class);

        assertEquals(StateKind.STREAM_CLOSED, error.kind());
        assertNull(meta(id, 0).orElseThrow().closedAtMs, "suspend does not close the stream");
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
        engine.advance(-1);
        String after = append(given.resumedClaim(id), text("after")).streamId();
        assertEquals(List.of("before", "after"), payloads(id, 0), "the resumed claim continues the same stream");
        assertTrue(StreamFrameId.parse(after).compareTo(StreamFrameId.parse(before)) > 0, after + " > " + before);
    }

    @Test
    void staleEpochsExpiredAndRevokedLeasesAreStaleOwnerCannotAppendAndWriteNothing() {
        Handle marked = given.claimed();
        engine.advance(Givens.LEASE_TTL_MS);
        engine.when(new EngineCommand.MarkLeaseExpiredIfDue(given.timer(idOf(marked))));
        Handle expired = given.claimed();
        engine.advance(Givens.LEASE_TTL_MS);
        Handle revoked = given.claimed();
        engine.when(new EngineCommand.RevokeLease(new RevokeLeaseArgs(idOf(revoked), null, null, null)));
        Handle stale = given.claimed();

        for (Handle h : List.of(withEpoch(stale, fields(stale).leaseEpoch() + 1), expired, revoked, marked)) {
            EngineError.State error = engine.rejected(new EngineCommand.AppendFrame(h, text("x")),
                    EngineError.State.class);
            assertEquals(StateKind.STALE_OWNER_CANNOT_APPEND, error.kind(), error.detail());
            assertEquals(List.of(), engine.state.frames(idOf(h), 0));
        }
        assertEquals(Optional.empty(), meta(idOf(stale), 0), "no stream meta for a refused append");
    }

    @Test
    void anActiveAttemptWhoseStreamClosedRefusesAppendsWithStreamClosed() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        append(handle, text("x"));
        // given (raw): the attempt's stream closed while the attempt stays active
        given.write(unit -> {
            unit.streams().close(id, 0, fields(handle).attemptId().uuid(), "lease_revoked", engine.now);
            return null;
        });

        EngineError.State error = engine.rejected(new EngineCommand.AppendFrame(handle, text("y")),
                EngineError.State.class);

        assertEquals(StateKind.STREAM_CLOSED, error.kind());
        assertEquals(1, meta(id, 0).orElseThrow().frameCount);
    }

    @Test
    void aRetryStartsAnEmptyStreamForTheNextAttempt() {
        Handle first = given.claimed("{\"retry_policy\":{\"max_retries\":1,\"backoff\":{\"type\":\"fixed\","
                + "\"delay_ms\":0}}}");
        ExecutionId id = idOf(first);
        append(first, text("attempt 0"));
        engine.when(new EngineCommand.Fail(first, new FailureReason("boom", null), FailureClass.TRANSIENT));

        Handle retry = given.claim(id);
        AppendFrameOutcome outcome = append(retry, text("attempt 1"));

        assertEquals(1, fields(retry).attemptIndex());
        assertEquals(1, outcome.frameCount());
        assertEquals(List.of("attempt 1"), payloads(id, 1));
        assertEquals(List.of("attempt 0"), payloads(id, 0));
        assertEquals("attempt_failure", meta(id, 0).orElseThrow().closedReason);
        assertNull(meta(id, 1).orElseThrow().closedAtMs);
    }

    // ------------------------------------------------------------------------------------------ givens

    private AppendFrameOutcome append(Handle handle, Frame frame) {
        return (AppendFrameOutcome) engine.when(new EngineCommand.AppendFrame(handle, frame));
    }

    private static Frame text(String payload) {
        return new Frame(payload.getBytes(StandardCharsets.UTF_8), FrameKind.STDOUT, null, null, null);
    }

    private static Frame summary(String patch) {
        return new Frame(patch.getBytes(StandardCharsets.UTF_8), FrameKind.EVENT, "summary", null,
                new StreamMode.DurableSummary());
    }

    private Optional<StreamMeta> meta(ExecutionId id, int attemptIndex) {
        return engine.state.streams().meta(id, attemptIndex);
    }

    private List<String> payloads(ExecutionId id, int attemptIndex) {
        return engine.state.frames(id, attemptIndex).stream().map(f -> json(f.fieldsJson()).get("payload").asText())
                .toList();
    }

    private static JsonNode json(String text) {
        try {
            return SkeinJson.strict().readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static <T> T only(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    @Test
    void aFirstSummaryDeltaThatMergesOverTheBoundIsRefusedAndCreatesNoStream() {
        Handle handle = given.claimed();
        String patch = "{\"a\":[" + "1e9,".repeat(16_000) + "1]}";
        engine.rejected(new EngineCommand.AppendFrame(handle, summary(patch)), EngineError.Validation.class);

        assertTrue(engine.state.streams().meta(Givens.idOf(handle), 0).isEmpty(), "no stream meta was created");
    }
}
