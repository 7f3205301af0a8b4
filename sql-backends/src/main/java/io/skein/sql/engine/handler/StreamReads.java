package io.skein.sql.engine.handler;

import io.skein.core.api.StreamClosedReason;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrame;
import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.SummaryDocument;
import io.skein.core.api.TailVisibility;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.WireEnum;
import io.skein.engine.state.StreamMeta;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.sql.engine.StreamStore;
import io.skein.sql.engine.Tx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The read operations of attempt streams (spec 04 §3.5): ranges, one read of a tail, the summary document. They
 * need no lease and never write; parking and waking tails is the backend's job.
 */
public final class StreamReads {

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
