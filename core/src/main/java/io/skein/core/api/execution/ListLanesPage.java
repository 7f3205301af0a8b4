package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.LaneId;
import java.util.List;

/** One page of {@code listLanes} in name order (spec 02 §5, T2); {@code nextCursor} is null on the last page. */
public record ListLanesPage(List<LaneId> lanes, LaneId nextCursor) {

    public ListLanesPage {
        lanes = ArgCheck.list(lanes, "lanes");
    }
}
