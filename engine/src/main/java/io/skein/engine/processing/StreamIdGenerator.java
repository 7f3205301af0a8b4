package io.skein.engine.processing;

import io.skein.core.api.StreamFrameId;

/**
 * Mints the next frame id of an attempt stream from the stream's last id (its {@code ff_stream_meta} row) and the
 * clock (spec 05 §2): {@code ts = max(now, last.ms)}; {@code seq = ts == last.ms ? last.seq + 1 : 0}. Ids therefore
 * increase strictly per stream even when the clock steps back. Callers serialise appends to one stream (the single
 * writer on SQLite, a row lock on PostgreSQL) and write the id and the meta row in the same unit of work.
 */
public final class StreamIdGenerator {

    private StreamIdGenerator() {
    }

    /**
     * @param nowMs the backend clock
     * @param last  the stream's last id, or null before its first frame
     */
    public static StreamFrameId next(long nowMs, StreamFrameId last) {
        if (last == null) {
            return new StreamFrameId(Math.max(0, nowMs), 0);
        }
        long ts = Math.max(nowMs, last.ms());
        return new StreamFrameId(ts, ts == last.ms() ? last.seq() + 1 : 0);
    }
}
