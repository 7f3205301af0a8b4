package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import java.util.Objects;

/**
 * Arguments of {@code listPendingWaitpoints} (spec 02 §6). {@code after} (exclusive cursor) is nullable;
 * {@code limit} defaults to 100 when missing, is capped at 1 000, and must not be negative.
 */
public record ListPendingWaitpointsArgs(ExecutionId executionId, WaitpointId after, Integer limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;

    public ListPendingWaitpointsArgs {
        Objects.requireNonNull(executionId, "executionId");
        if (limit == null) {
            limit = DEFAULT_LIMIT;
        } else if (limit < 0) {
            throw EngineError.invalidInput("limit: must be >= 0");
        } else if (limit > MAX_LIMIT) {
            limit = MAX_LIMIT;
        }
    }
}
