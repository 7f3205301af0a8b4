package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import java.util.Optional;

/**
 * Per-attempt output streams (spec 02 §2, §7; 04 §3). Every method defaults to {@code Unavailable{op}} with its
 * snake_case name (spec 02 §12). {@link StreamRequests} holds the argument checks every backend applies.
 */
public interface StreamOperations {

    /** Appends a frame to the handle's attempt stream (append_frame; spec 04 §3.2). */
    default AppendFrameOutcome appendFrame(Handle handle, Frame frame) {
        throw EngineError.unavailable("append_frame");
    }

    /** Frames with ids in the inclusive range [from, to], ascending (read_stream; spec 04 §3.5). */
    default StreamFrames readStream(ExecutionId executionId, int attemptIndex, StreamCursor from, StreamCursor to,
                                    int countLimit) {
        throw EngineError.unavailable("read_stream");
    }

    /** Frames strictly after {@code after}, blocking up to {@code blockMs} for one (tail_stream; spec 04 §3.5). */
    default StreamFrames tailStream(ExecutionId executionId, int attemptIndex, StreamCursor after, long blockMs,
                                    int countLimit, TailVisibility visibility) {
        throw EngineError.unavailable("tail_stream");
    }

    /** The attempt's summary document, empty until a summary delta is applied (read_summary; spec 04 §3.5). */
    default Optional<SummaryDocument> readSummary(ExecutionId executionId, int attemptIndex) {
        throw EngineError.unavailable("read_summary");
    }
}
