package io.skein.sql.engine.handler;

import io.skein.engine.processing.AttemptHandlers;

import io.skein.engine.state.ExecutionState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.Frame;
import io.skein.core.api.JsonMergePatch;
import io.skein.core.api.StreamClosedReason;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrame;
import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.StreamMode;
import io.skein.core.api.SummaryDocument;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.policy.StreamPolicy;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.WireEnum;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.engine.processing.LeaseFenceCheck;
import io.skein.engine.processing.LeaseFenceCheck.FenceSource;
import io.skein.engine.processing.LeaseFenceCheck.FencedOp;
import io.skein.engine.processing.Policies;
import io.skein.engine.state.StreamMeta;
import io.skein.sql.engine.StreamStore;
import io.skein.sql.engine.Tx;
import io.skein.sql.stream.StreamIdGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Attempt output streams (spec 04 §3): appends under the append variant of the fence check, the three modes
 * (durable with retention, summary merge patches, best-effort with an adaptive cap), and the reads tails are built
 * from. Parking and waking tails is the backend's job; this class only runs single units of work.
 */
public final class StreamHandlers {

    /** How many summary frames an attempt keeps (the document itself keeps every delta's effect). */
    public static final int SUMMARY_FRAMES_KEPT = 64;

    /** The largest merged summary document (spec 04 §3.3). */
    public static final int MAX_SUMMARY_DOCUMENT_BYTES = 65_536;

    static final String SOURCE_WORKER = "worker";

    // --------------------------------------------------------------------------------------------- append

    /**
     * Appends {@code frame} (already content-checked by {@link Frame#validate()}) to the stream of the handle's
     * attempt. Check order after the content checks (spec 04 §3.2): execution exists; active, else
     * {@code StreamClosed}; lease problems → {@code StaleOwnerCannotAppend}; stream closed → {@code StreamClosed};
     * for a summary delta, the merged document over 64 KiB → {@code RetentionLimitExceeded}.
     */
    public AppendFrameOutcome append(Tx tx, HandleFields h, Frame frame) {
        ExecutionState.WithAttempt loaded = ExecCoreStore.requireWithCurrent(tx, h.executionId());
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        LeaseFenceCheck.check(tx, e, current, AttemptHandlers.presented(h), FenceSource.HANDLE,
                FencedOp.APPEND_FRAME);
        ExecutionId id = e.executionId;
        int attemptIndex = current.attemptIndex;
        StreamMeta meta = StreamStore.lockMetaForAppend(tx, id, attemptIndex, current.attemptId);
        if (meta.closed()) {
            throw new EngineException(new EngineError.State(StateKind.STREAM_CLOSED,
                    "the stream of attempt " + attemptIndex + " closed (" + meta.closedReason + ")"));
        }
        StreamFrameId frameId = StreamIdGenerator.next(tx.now(), meta.lastId());
        byte[] payload = frame.bytes();

        ObjectNode fields = SkeinJson.strict().createObjectNode();
        fields.put("frame_type", frame.frameType());
        fields.put("ts", tx.now());
        if (isUtf8(payload)) {
            fields.put("payload", new String(payload, StandardCharsets.UTF_8));
            fields.put("encoding", "utf8");
        } else {
            fields.put("payload", Base64.getEncoder().encodeToString(payload));
            fields.put("encoding", "base64");
        }
        fields.put("source", SOURCE_WORKER);
        if (frame.correlationId() != null) {
            fields.put("correlation_id", frame.correlationId());
        }

        StreamMode mode = frame.mode();
        Long summaryVersion = null;
        int keep;
        if (mode instanceof StreamMode.DurableSummary) {
            summaryVersion = applySummaryDelta(tx, id, attemptIndex, payload);
            fields.put("summary_version", summaryVersion);
            meta.hasDurableFrame = true;
            keep = SUMMARY_FRAMES_KEPT;
        } else if (mode instanceof StreamMode.BestEffort be) {
            fields.put("ttl_ms", be.ttlMs());
            double rate = meta.emaRateHz == null || meta.lastAppendTsMs == null
                    ? be.seedRateHz()
                    : be.nextRateHz(meta.emaRateHz, tx.now() - meta.lastAppendTsMs);
            meta.emaRateHz = rate;
            meta.lastAppendTsMs = tx.now();
            keep = be.retainCount(rate);
            meta.maxlenAppliedLast = keep;
        } else {
            meta.hasDurableFrame = true;
            keep = retentionMaxlen(e);
        }

        StreamStore.insertFrame(tx, id, attemptIndex, frameId, fields.toString(), mode.kind());
        meta.frameCount++;
        // Each mode trims only its own frames: durable retention, the newest summary frames, the best-effort cap.
        // A stream with no more lifetime appends than the cap cannot hold more frames of one mode: skip the scan.
        if (meta.frameCount > keep) {
            StreamStore.keepNewest(tx, id, attemptIndex, mode.kind(), keep);
        }
        meta.totalBytes += payload.length;
        meta.lastTsMs = frameId.ms();
        meta.lastSeq = frameId.seq();
        StreamStore.saveMeta(tx, meta);
        tx.publishFrame(StreamStore.key(id, attemptIndex), frameId);
        return new AppendFrameOutcome(frameId.toString(), meta.frameCount, summaryVersion);
    }

    private static int retentionMaxlen(ExecCore e) {
        int maxlen = Policies.of(e).streamPolicy().retentionMaxlen();
        return maxlen > 0 ? maxlen : StreamPolicy.DEFAULT_RETENTION_MAXLEN;
    }

    /** Merges one delta into the attempt's summary document and returns the new version (first = 1). */
    private static long applySummaryDelta(Tx tx, ExecutionId id, int attemptIndex, byte[] payload) {
        ObjectNode patch = JsonMergePatch.parseSummaryPatch(payload);
        Optional<io.skein.engine.state.StreamState.Summary> stored = StreamStore.loadSummary(tx, id, attemptIndex);
        JsonNode document = stored.map(s -> parseDocument(s.documentJson())).orElse(null);
        byte[] merged = JsonMergePatch.toBytes(JsonMergePatch.applySummaryDelta(document, patch));
        if (merged.length > MAX_SUMMARY_DOCUMENT_BYTES) {
            throw EngineError.validation(ValidationKind.RETENTION_LIMIT_EXCEEDED,
                    "summary document: the merged document would be " + merged.length + " bytes, over "
                            + MAX_SUMMARY_DOCUMENT_BYTES);
        }
        long version = stored.map(io.skein.engine.state.StreamState.Summary::version).orElse(0L) + 1;
        Long firstApplied = stored.map(io.skein.engine.state.StreamState.Summary::firstAppliedMs).orElse(null);
        StreamStore.saveSummary(tx, id, attemptIndex, new io.skein.engine.state.StreamState.Summary(
                new String(merged, StandardCharsets.UTF_8), version, StreamMode.DurableSummary.PATCH_KIND,
                tx.now(), firstApplied == null ? tx.now() : firstApplied));
        return version;
    }

    private static JsonNode parseDocument(String json) {
        try {
            return SkeinJson.strict().readTree(json);
        } catch (IOException e) {
            // A stored document is always written by this class; an unreadable one is corruption, not input.
            throw new EngineException(new EngineError.Transport(io.skein.core.error.TransportKind.OTHER,
                    "ff_stream_summary.document_json is not valid JSON"), e);
        }
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    // --------------------------------------------------------------------------------------------- reads

    /**
     * {@code readStream}: the inclusive range [from, to] of (execution, attempt index), no lease needed; an index
     * without frames reads empty and open. Missing execution → {@code NotFound(execution)}.
     */
    public StreamFrames read(Tx tx, ExecutionId id, int attemptIndex, StreamCursor from, StreamCursor to,
                             int countLimit) {
        requireExecution(tx, id);
        List<StreamFrame> frames = StreamStore.range(tx, id, attemptIndex, from.lowerBound(), false,
                to.upperBound(), false, countLimit);
        return withClosure(tx, id, attemptIndex, frames);
    }

    /** One read of a tail: frames strictly after {@code after} that {@code visibility} shows, plus the closure. */
    public StreamFrames tailOnce(Tx tx, ExecutionId id, int attemptIndex, StreamFrameId after, int countLimit,
                                 TailVisibility visibility) {
        requireExecution(tx, id);
        List<StreamFrame> frames = StreamStore.range(tx, id, attemptIndex, after, true, StreamFrameId.MAX,
                visibility == TailVisibility.EXCLUDE_BEST_EFFORT, countLimit);
        return withClosure(tx, id, attemptIndex, frames);
    }

    /** The attempt's summary document; empty until a delta was applied. */
    public Optional<SummaryDocument> summary(Tx tx, ExecutionId id, int attemptIndex) {
        requireExecution(tx, id);
        return StreamStore.loadSummary(tx, id, attemptIndex)
                .filter(s -> s.version() > 0)
                .map(s -> new SummaryDocument(s.documentJson().getBytes(StandardCharsets.UTF_8), s.version(),
                        s.patchKind(), s.lastUpdatedMs() == null ? 0 : s.lastUpdatedMs(),
                        s.firstAppliedMs() == null ? 0 : s.firstAppliedMs()));
    }

    /** Housekeeping (timer 14): best-effort frames older than twice their TTL are deleted. */
    public int expireBestEffortFrames(Tx tx) {
        return StreamStore.deleteExpiredBestEffort(tx);
    }

    private static void requireExecution(Tx tx, ExecutionId id) {
        if (!ExecCoreStore.exists(tx, id)) {
            throw EngineError.notFound("execution");
        }
    }

    private static StreamFrames withClosure(Tx tx, ExecutionId id, int attemptIndex, List<StreamFrame> frames) {
        Optional<StreamMeta> meta = StreamStore.loadMeta(tx, id, attemptIndex);
        if (meta.isEmpty() || !meta.get().closed()) {
            return new StreamFrames(frames, null, null);
        }
        StreamClosedReason reason = WireEnum.lookup(StreamClosedReason.class, meta.get().closedReason);
        return new StreamFrames(frames, meta.get().closedAtMs, reason);
    }
}
