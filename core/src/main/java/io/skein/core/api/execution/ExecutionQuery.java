package io.skein.core.api.execution;

import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.state.PublicState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What {@code searchExecutions} looks for: executions of every partition, newest first (creation time, then
 * partition, then id, all descending), narrowed by the filters that are set, one page after {@code cursor}.
 *
 * @param laneId        only this lane, nullable
 * @param publicState   only this public state, nullable
 * @param executionKind only this kind, nullable
 * @param createdAfter  only executions created at or after this time (ms), nullable
 * @param createdBefore only executions created before this time (ms), nullable
 * @param cursor        where the previous page ended ({@link ExecutionSummaryPage#nextCursor()}), nullable
 * @param limit         page size, 1 to {@link #MAX_LIMIT}
 */
public record ExecutionQuery(LaneId laneId, PublicState publicState, String executionKind, Long createdAfter,
                             Long createdBefore, Cursor cursor, int limit) {

    public static final int MAX_LIMIT = 1_000;
    public static final int DEFAULT_LIMIT = 50;

    public ExecutionQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw EngineError.invalidInput("limit: must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (executionKind != null && executionKind.isEmpty()) {
            executionKind = null;
        }
    }

    /** Every execution, newest first, {@code limit} at a time. */
    public static ExecutionQuery all(int limit) {
        return new ExecutionQuery(null, null, null, null, null, null, limit);
    }

    /** The same filters, one page further. */
    public ExecutionQuery after(Cursor next) {
        return new ExecutionQuery(laneId, publicState, executionKind, createdAfter, createdBefore, next, limit);
    }

    /**
     * The last execution of a page: the next page holds what sorts after it. Opaque to callers: its text form is
     * URL-safe base64 of {@code <created_at>/<execution id>}.
     */
    public record Cursor(long createdAt, ExecutionId executionId) {

        public Cursor {
            if (executionId == null) {
                throw EngineError.invalidInput("invalid_cursor: no execution id");
            }
        }

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (createdAt + "/" + executionId).getBytes(StandardCharsets.UTF_8));
        }

        /** Reads {@link #encode()}'s text; anything else is {@code Validation(InvalidInput, invalid_cursor)}. */
        public static Cursor parse(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int slash = plain.indexOf('/');
                return new Cursor(Long.parseLong(plain.substring(0, slash)),
                        ExecutionId.parse(plain.substring(slash + 1)));
            } catch (RuntimeException e) {
                throw EngineError.invalidInput("invalid_cursor: not a cursor this server issued");
            }
        }
    }
}
