package io.skein.engine.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.Frame;
import io.skein.core.api.JsonMergePatch;
import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamMode;
import io.skein.core.api.policy.StreamPolicy;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.engine.processing.LeaseFenceCheck.FenceSource;
import io.skein.engine.processing.LeaseFenceCheck.FencedOp;
import io.skein.engine.state.ExecutionState;
import io.skein.engine.state.StreamMeta;
import io.skein.engine.state.StreamState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Attempt output streams (spec 04 §3): appends under the append variant of the fence check, the three modes
 * (durable with retention, summary merge patches, best-effort with an adaptive cap), and the housekeeping of
 * best-effort frames. Reads, and parking and waking tails, are the backend's job; this class only decides single
 * units of work.
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
    public AppendFrameOutcome append(EngineUnit unit, HandleFields h, Frame frame) {
        ExecutionState.WithAttempt loaded = unit.executions().requireWithCurrent(h.executionId());
        ExecCore e = loaded.execution();
        Attempt current = loaded.current();
        LeaseFenceCheck.check(unit, e, current, AttemptHandlers.presented(h), FenceSource.HANDLE,
                FencedOp.APPEND_FRAME);
        ExecutionId id = e.executionId;
        int attemptIndex = current.attemptIndex;
        // every check before the first write: the stream is open, a summary delta merges within its bound
        Optional<StreamMeta> existing = unit.streams().meta(id, attemptIndex);
        if (existing.isPresent() && existing.get().closed()) {
            throw new EngineException(new EngineError.State(StateKind.STREAM_CLOSED,
                    "the stream of attempt " + attemptIndex + " closed (" + existing.get().closedReason + ")"));
        }
        StreamMode mode = frame.mode();
        StreamState.Summary summary = mode instanceof StreamMode.DurableSummary
                ? mergedSummary(unit, id, attemptIndex, frame.bytes()) : null;
        StreamMeta meta = unit.streams().metaForAppend(id, attemptIndex, current.attemptId);
        StreamFrameId frameId = StreamIdGenerator.next(unit.now(), meta.lastId());
        byte[] payload = frame.bytes();

        ObjectNode fields = SkeinJson.strict().createObjectNode();
        fields.put("frame_type", frame.frameType());
        fields.put("ts", unit.now());
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

        Long summaryVersion = null;
        int keep;
        if (summary != null) {
            unit.streams().save(id, attemptIndex, summary);
            summaryVersion = summary.version();
            fields.put("summary_version", summaryVersion);
            meta.hasDurableFrame = true;
            keep = SUMMARY_FRAMES_KEPT;
        } else if (mode instanceof StreamMode.BestEffort be) {
            fields.put("ttl_ms", be.ttlMs());
            double rate = meta.emaRateHz == null || meta.lastAppendTsMs == null
                    ? be.seedRateHz()
                    : be.nextRateHz(meta.emaRateHz, unit.now() - meta.lastAppendTsMs);
            meta.emaRateHz = rate;
            meta.lastAppendTsMs = unit.now();
            keep = be.retainCount(rate);
            meta.maxlenAppliedLast = keep;
        } else {
            meta.hasDurableFrame = true;
            keep = retentionMaxlen(e);
        }

        unit.streams().insertFrame(id, attemptIndex, frameId, fields.toString(), mode.kind());
        meta.frameCount++;
        // Each mode trims only its own frames: durable retention, the newest summary frames, the best-effort cap.
        // A stream with no more lifetime appends than the cap cannot hold more frames of one mode: skip the scan.
        if (meta.frameCount > keep) {
            unit.streams().keepNewest(id, attemptIndex, mode.kind(), keep);
        }
        meta.totalBytes += payload.length;
        meta.lastTsMs = frameId.ms();
        meta.lastSeq = frameId.seq();
        unit.streams().save(meta);
        unit.frameAppended(id, attemptIndex, frameId);
        return new AppendFrameOutcome(frameId.toString(), meta.frameCount, summaryVersion);
    }

    private static int retentionMaxlen(ExecCore e) {
        int maxlen = Policies.of(e).streamPolicy().retentionMaxlen();
        return maxlen > 0 ? maxlen : StreamPolicy.DEFAULT_RETENTION_MAXLEN;
    }

    /** Merges one delta into the attempt's summary document and returns the new version (first = 1). */
    /** The attempt's summary document after the delta {@code payload} (spec 04 §3.3), not yet written. */
    private static StreamState.Summary mergedSummary(EngineUnit unit, ExecutionId id, int attemptIndex,
                                                     byte[] payload) {
        ObjectNode patch = JsonMergePatch.parseSummaryPatch(payload);
        Optional<StreamState.Summary> stored = unit.streams().summary(id, attemptIndex);
        JsonNode document = stored.map(s -> parseDocument(s.documentJson())).orElse(null);
        byte[] merged = JsonMergePatch.toBytes(JsonMergePatch.applySummaryDelta(document, patch));
        if (merged.length > MAX_SUMMARY_DOCUMENT_BYTES) {
            throw EngineError.validation(ValidationKind.RETENTION_LIMIT_EXCEEDED,
                    "summary document: the merged document would be " + merged.length + " bytes, over "
                            + MAX_SUMMARY_DOCUMENT_BYTES);
        }
        long version = stored.map(StreamState.Summary::version).orElse(0L) + 1;
        Long firstApplied = stored.map(StreamState.Summary::firstAppliedMs).orElse(null);
        return new StreamState.Summary(new String(merged, StandardCharsets.UTF_8), version,
                StreamMode.DurableSummary.PATCH_KIND, unit.now(), firstApplied == null ? unit.now() : firstApplied);
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

    // --------------------------------------------------------------------------------------------- housekeeping

    /**
     * Housekeeping (timer 14): best-effort frames whose {@code created_at + 2 × ttl_ms} has passed are deleted
     * (spec 04 §3.3); a frame without a readable positive TTL is left alone.
     */
    public int expireBestEffortFrames(EngineUnit unit) {
        int deleted = 0;
        for (StreamState.BestEffortFrame f : unit.streams().bestEffortFrames()) {
            Long ttl = ttlMs(f.fieldsJson());
            if (ttl == null || ttl <= 0 || f.createdAtMs() > unit.now() - Math.min(ttl, Long.MAX_VALUE / 4) * 2) {
                continue;
            }
            deleted += unit.streams().deleteFrame(f.executionId(), f.attemptIndex(), f.frameId());
        }
        return deleted;
    }

    private static Long ttlMs(String fieldsJson) {
        try {
            JsonNode ttl = SkeinJson.lenient().readTree(fieldsJson).get("ttl_ms");
            if (ttl == null) {
                return null;
            }
            return ttl.isNumber() ? Long.valueOf(ttl.asLong()) : Long.valueOf(Long.parseLong(ttl.asText()));
        } catch (JsonProcessingException | NumberFormatException e) {
            return null; // a row without a readable TTL is left alone rather than guessed at
        }
    }
}
