package io.skein.engine.state;

import io.skein.core.api.StreamFrameId;
import io.skein.core.id.ExecutionId;
import java.util.UUID;

/**
 * The image of one {@code ff_stream_meta} row (spec 05 §1.5): an attempt stream's closure, lifetime counters, last
 * id and the best-effort rate estimate. The stream store reads and writes it.
 */
public final class StreamMeta {
    public ExecutionId executionId;
    public int attemptIndex;
    public UUID attemptId;
    public Long createdAtMs;
    public Long closedAtMs;
    public String closedReason;
    public long frameCount;
    public long totalBytes;
    public Long lastTsMs;
    public Long lastSeq;
    public boolean hasDurableFrame;
    public Double emaRateHz;
    public Long lastAppendTsMs;
    public Integer maxlenAppliedLast;

    /** The id of the newest frame ever appended, or null before the first. */
    public StreamFrameId lastId() {
        return lastTsMs == null ? null : new StreamFrameId(lastTsMs, lastSeq == null ? 0 : lastSeq);
    }

    public boolean closed() {
        return closedAtMs != null;
    }

    /** A copy of this image: a store that keeps images in memory hands out copies, so a decision that is
     *  rejected half way leaves the stored one untouched. Byte arrays are never changed in place, so they are
     *  shared. */
    public StreamMeta copy() {
        StreamMeta c = new StreamMeta();
        c.executionId = executionId;
        c.attemptIndex = attemptIndex;
        c.attemptId = attemptId;
        c.createdAtMs = createdAtMs;
        c.closedAtMs = closedAtMs;
        c.closedReason = closedReason;
        c.frameCount = frameCount;
        c.totalBytes = totalBytes;
        c.lastTsMs = lastTsMs;
        c.lastSeq = lastSeq;
        c.hasDurableFrame = hasDurableFrame;
        c.emaRateHz = emaRateHz;
        c.lastAppendTsMs = lastAppendTsMs;
        c.maxlenAppliedLast = maxlenAppliedLast;
        return c;
    }
}
