package io.skein.core.api;

import io.skein.core.id.WaitpointId;
import java.util.List;

/** One page of {@code listPendingWaitpoints}; {@code nextCursor} is the last returned id iff more remain (nullable). */
public record ListPendingWaitpointsPage(List<PendingWaitpointInfo> entries, WaitpointId nextCursor) {

    public ListPendingWaitpointsPage {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
