package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import java.util.List;

/**
 * One page of {@code listSuspended} (spec 02 §5, T2), ordered by suspension timeout (none sorts as
 * 9 999 999 999 999) then id; {@code nextCursor} is null on the last page.
 */
public record ListSuspendedPage(List<SuspendedEntry> entries, ExecutionId nextCursor) {

    /** The timeout a suspension without one sorts by. */
    public static final long NO_TIMEOUT_SENTINEL = 9_999_999_999_999L;

    public ListSuspendedPage {
        entries = ArgCheck.list(entries, "entries");
    }
}
