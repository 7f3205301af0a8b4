package io.skein.sql.engine;

import io.skein.engine.state.StreamMeta;
import io.skein.engine.state.StreamState;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.StreamFrame;
import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamModeKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import io.skein.sql.stream.StreamKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads and writes the stream tables of spec 05 §1.5: {@code ff_stream_frame}, {@code ff_stream_meta} and
 * {@code ff_stream_summary}. Ranges compare ids as (ts_ms, seq) pairs, so they use the frame table's primary key.
 */
public final class StreamStore {

    /** The columns of a stored summary document. */

    private static final String META_COLUMNS = "attempt_index, attempt_id, created_at_ms, closed_at_ms, closed_reason, "
            + "frame_count, total_bytes, last_ts_ms, last_seq, has_durable_frame, ema_rate_hz, last_append_ts_ms, "
            + "maxlen_applied_last";
    private static final String STREAM = "partition_key = ? AND execution_id = ? AND attempt_index = ?";

    private StreamStore() {}

    public static StreamKey key(ExecutionId id, int attemptIndex) {
        return new StreamKey(id.partition(), id.uuid(), attemptIndex);
    }

    // --------------------------------------------------------------------------------------------- meta

    public static Optional<StreamMeta> loadMeta(Tx tx, ExecutionId id, int attemptIndex) {
        return tx.queryOne("SELECT " + META_COLUMNS + " FROM ff_stream_meta WHERE " + STREAM,
                rs -> mapMeta(tx, id, rs), id.partition(), id.uuid(), attemptIndex);
    }

    /**
     * The meta row of an attempt stream about to take an append, created on the first append (spec 04 §3.2) and
     * locked for the rest of the unit: the no-op update takes PostgreSQL's row lock, which serialises appends to
     * one stream (spec 05 §2); on SQLite the single writer already does.
     */
    public static StreamMeta lockMetaForAppend(Tx tx, ExecutionId id, int attemptIndex, UUID attemptId) {
        tx.update("INSERT INTO ff_stream_meta (partition_key, execution_id, attempt_index, attempt_id, created_at_ms) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (partition_key, execution_id, attempt_index) DO NOTHING",
                id.partition(), id.uuid(), attemptIndex, attemptId, tx.now());
        tx.update("UPDATE ff_stream_meta SET frame_count = frame_count WHERE " + STREAM,
                id.partition(), id.uuid(), attemptIndex);
        return loadMeta(tx, id, attemptIndex).orElseThrow();
    }

    /**
     * Closes the attempt's stream with {@code reason} (spec 04 §3.4); creates the meta row when no frame was ever
     * appended, so readers always learn that the stream ended. Closing twice keeps the first reason.
     */
    public static void close(Tx tx, ExecutionId id, int attemptIndex, UUID attemptId, String reason, long now) {
        tx.updateLater("INSERT INTO ff_stream_meta (partition_key, execution_id, attempt_index, attempt_id, created_at_ms, "
                        + "closed_at_ms, closed_reason) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (partition_key, execution_id, attempt_index) DO UPDATE SET "
                        + "closed_at_ms = COALESCE(ff_stream_meta.closed_at_ms, excluded.closed_at_ms), "
                        + "closed_reason = COALESCE(ff_stream_meta.closed_reason, excluded.closed_reason)",
                id.partition(), id.uuid(), attemptIndex, attemptId, now, now, reason);
    }

    public static void saveMeta(Tx tx, StreamMeta m) {
        tx.update("UPDATE ff_stream_meta SET attempt_id = ?, created_at_ms = ?, closed_at_ms = ?, closed_reason = ?, "
                        + "frame_count = ?, total_bytes = ?, last_ts_ms = ?, last_seq = ?, has_durable_frame = ?, "
                        + "ema_rate_hz = ?, last_append_ts_ms = ?, maxlen_applied_last = ? WHERE " + STREAM,
                m.attemptId, m.createdAtMs, m.closedAtMs, m.closedReason, m.frameCount, m.totalBytes, m.lastTsMs,
                m.lastSeq, m.hasDurableFrame, m.emaRateHz, m.lastAppendTsMs, m.maxlenAppliedLast,
                m.executionId.partition(), m.executionId.uuid(), m.attemptIndex);
    }

    private static StreamMeta mapMeta(Tx tx, ExecutionId id, ResultSet rs) throws SQLException {
        StreamMeta m = new StreamMeta();
        m.executionId = id;
        m.attemptIndex = rs.getInt("attempt_index");
        m.attemptId = tx.uuid(rs, "attempt_id");
        m.createdAtMs = Tx.nullableLong(rs, "created_at_ms");
        m.closedAtMs = Tx.nullableLong(rs, "closed_at_ms");
        m.closedReason = rs.getString("closed_reason");
        m.frameCount = rs.getLong("frame_count");
        m.totalBytes = rs.getLong("total_bytes");
        m.lastTsMs = Tx.nullableLong(rs, "last_ts_ms");
        m.lastSeq = Tx.nullableLong(rs, "last_seq");
        m.hasDurableFrame = rs.getBoolean("has_durable_frame");
        double rate = rs.getDouble("ema_rate_hz");
        m.emaRateHz = rs.wasNull() ? null : rate;
        m.lastAppendTsMs = Tx.nullableLong(rs, "last_append_ts_ms");
        m.maxlenAppliedLast = Tx.nullableInt(rs, "maxlen_applied_last");
        return m;
    }

    // --------------------------------------------------------------------------------------------- frames

    public static void insertFrame(Tx tx, ExecutionId id, int attemptIndex, StreamFrameId frameId, String fieldsJson,
                                   StreamModeKind mode) {
        tx.update("INSERT INTO ff_stream_frame (partition_key, execution_id, attempt_index, ts_ms, seq, fields, mode, "
                        + "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id.partition(), id.uuid(), attemptIndex, frameId.ms(), frameId.seq(), fieldsJson, mode.wire(),
                tx.now());
    }

    /**
     * Frames of one attempt stream with {@code lower ≤ id ≤ upper} (or {@code lower < id} when
     * {@code lowerExclusive}), ascending, at most {@code limit}; best-effort frames left out when asked.
     */
    public static List<StreamFrame> range(Tx tx, ExecutionId id, int attemptIndex, StreamFrameId lower,
                                          boolean lowerExclusive, StreamFrameId upper, boolean excludeBestEffort,
                                          int limit) {
        return tx.query("SELECT ts_ms, seq, fields, mode FROM ff_stream_frame WHERE " + STREAM
                        + " AND (ts_ms > ? OR (ts_ms = ? AND seq " + (lowerExclusive ? ">" : ">=") + " ?))"
                        + " AND (ts_ms < ? OR (ts_ms = ? AND seq <= ?))"
                        + (excludeBestEffort ? " AND mode <> 'best_effort'" : "")
                        + " ORDER BY ts_ms, seq LIMIT ?",
                StreamStore::mapFrame, id.partition(), id.uuid(), attemptIndex, lower.ms(), lower.ms(), lower.seq(),
                upper.ms(), upper.ms(), upper.seq(), limit);
    }

    /** Deletes all but the newest {@code keep} frames of {@code mode} on one attempt stream; other modes stay. */
    public static int keepNewest(Tx tx, ExecutionId id, int attemptIndex, StreamModeKind mode, int keep) {
        Optional<StreamFrameId> oldestKept = tx.queryOne("SELECT ts_ms, seq FROM ff_stream_frame WHERE " + STREAM
                        + " AND mode = ? ORDER BY ts_ms DESC, seq DESC LIMIT 1 OFFSET ?",
                rs -> new StreamFrameId(rs.getLong(1), rs.getLong(2)),
                id.partition(), id.uuid(), attemptIndex, mode.wire(), Math.max(0, keep - 1));
        if (oldestKept.isEmpty()) {
            return 0;
        }
        StreamFrameId k = oldestKept.get();
        return tx.update("DELETE FROM ff_stream_frame WHERE " + STREAM + " AND mode = ? "
                        + "AND (ts_ms < ? OR (ts_ms = ? AND seq < ?))",
                id.partition(), id.uuid(), attemptIndex, mode.wire(), k.ms(), k.ms(), k.seq());
    }

    /** A frame row: the stored JSON keys as text, plus {@code mode} from its column (spec 04 §3.1). */
    private static StreamFrame mapFrame(ResultSet rs) throws SQLException {
        TreeMap<String, String> fields = new TreeMap<>();
        JsonNode stored;
        try {
            stored = SkeinJson.lenient().readTree(rs.getString("fields"));
        } catch (JsonProcessingException e) {
            throw new EngineException(new EngineError.Transport(TransportKind.OTHER,
                    "ff_stream_frame.fields is not valid JSON: " + e.getOriginalMessage()), e);
        }
        if (stored != null && stored.isObject()) {
            for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) stored::fields) {
                JsonNode v = f.getValue();
                if (!v.isNull()) {
                    fields.put(f.getKey(), v.isTextual() ? v.textValue() : v.toString());
                }
            }
        }
        String mode = rs.getString("mode");
        fields.put("mode", mode == null || mode.isEmpty() ? StreamModeKind.DURABLE.wire() : mode);
        return new StreamFrame(new StreamFrameId(rs.getLong("ts_ms"), rs.getLong("seq")), fields);
    }

    /** Every best-effort frame of any stream, with its creation time and stored fields (housekeeping). */
    public static List<StreamState.BestEffortFrame> bestEffortFrames(Tx tx) {
        return tx.query("SELECT partition_key, execution_id, attempt_index, ts_ms, seq, "
                        + "created_at_ms, fields FROM ff_stream_frame WHERE mode = 'best_effort'",
                rs -> new StreamState.BestEffortFrame(new ExecutionId(rs.getInt("partition_key"),
                        tx.uuid(rs, "execution_id")), rs.getInt("attempt_index"),
                        new StreamFrameId(rs.getLong("ts_ms"), rs.getLong("seq")), rs.getLong("created_at_ms"),
                        rs.getString("fields")));
    }

    /** Deletes one frame of one attempt stream; returns how many rows went. */
    public static int deleteFrame(Tx tx, ExecutionId id, int attemptIndex, StreamFrameId frameId) {
        return tx.update("DELETE FROM ff_stream_frame WHERE " + STREAM + " AND ts_ms = ? AND seq = ?",
                id.partition(), id.uuid(), attemptIndex, frameId.ms(), frameId.seq());
    }

    // --------------------------------------------------------------------------------------------- summary

    public static Optional<StreamState.Summary> loadSummary(Tx tx, ExecutionId id, int attemptIndex) {
        return tx.queryOne("SELECT document_json, version, patch_kind, last_updated_ms, first_applied_ms "
                        + "FROM ff_stream_summary WHERE " + STREAM,
                rs -> new StreamState.Summary(rs.getString("document_json"), rs.getLong("version"), rs.getString("patch_kind"),
                        Tx.nullableLong(rs, "last_updated_ms"), Tx.nullableLong(rs, "first_applied_ms")),
                id.partition(), id.uuid(), attemptIndex);
    }

    /** Inserts or replaces the attempt's summary row. */
    public static void saveSummary(Tx tx, ExecutionId id, int attemptIndex, StreamState.Summary s) {
        tx.update("INSERT INTO ff_stream_summary (partition_key, execution_id, attempt_index, document_json, version, "
                        + "patch_kind, last_updated_ms, first_applied_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (partition_key, execution_id, attempt_index) DO UPDATE SET "
                        + "document_json = excluded.document_json, version = excluded.version, "
                        + "patch_kind = excluded.patch_kind, last_updated_ms = excluded.last_updated_ms, "
                        + "first_applied_ms = excluded.first_applied_ms",
                id.partition(), id.uuid(), attemptIndex, s.documentJson(), s.version(), s.patchKind(),
                s.lastUpdatedMs(), s.firstAppliedMs());
    }
}
