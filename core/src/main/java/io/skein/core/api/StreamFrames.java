package io.skein.core.api;

import java.util.List;

/**
 * Result of {@code readStream} and {@code tailStream} (spec 04 §3.5): frames in ascending id order and the stream's
 * current closure ({@code closedAt} and {@code closedReason} both null while open).
 */
public record StreamFrames(List<StreamFrame> frames, Long closedAt, StreamClosedReason closedReason) {

    public StreamFrames {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }

    /** Whether the stream has closed; consumers tail until closed and drained. */
    public boolean closed() {
        return closedAt != null;
    }
}
