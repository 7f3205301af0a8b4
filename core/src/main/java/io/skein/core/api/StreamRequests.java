package io.skein.core.api;

import io.skein.core.error.EngineError;

/** The argument checks of {@code readStream} and {@code tailStream} (spec 04 §3.5), shared by every backend. */
public final class StreamRequests {

    public static final int MAX_COUNT_LIMIT = 10_000;
    public static final long MAX_BLOCK_MS = 30_000;

    private StreamRequests() {}

    /** {@code count_limit} must be 1–10 000, else {@code InvalidInput}. */
    public static int checkCountLimit(int countLimit) {
        if (countLimit < 1 || countLimit > MAX_COUNT_LIMIT) {
            throw EngineError.invalidInput("count_limit: must be 1-" + MAX_COUNT_LIMIT);
        }
        return countLimit;
    }

    /** {@code block_ms} must be 0–30 000, else {@code InvalidInput}. */
    public static long checkBlockMs(long blockMs) {
        if (blockMs < 0 || blockMs > MAX_BLOCK_MS) {
            throw EngineError.invalidInput("block_ms: must be 0-" + MAX_BLOCK_MS);
        }
        return blockMs;
    }

    /** A tail starts after a concrete id: {@code Start}/{@code End} (or none) are {@code InvalidInput}. */
    public static StreamFrameId checkTailCursor(StreamCursor after) {
        if (!(after instanceof StreamCursor.At at)) {
            throw EngineError.invalidInput("after: a tail needs a concrete <ms>-<seq> cursor");
        }
        return at.lowerBound();
    }

    /** {@code attempt_index} must be ≥ 0, else {@code InvalidInput}. */
    public static int checkAttemptIndex(int attemptIndex) {
        if (attemptIndex < 0) {
            throw EngineError.invalidInput("attempt_index: must be >= 0");
        }
        return attemptIndex;
    }
}
