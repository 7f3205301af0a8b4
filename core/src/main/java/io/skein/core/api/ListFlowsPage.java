package io.skein.core.api;

import io.skein.core.id.FlowId;
import java.util.List;

/** One page of {@code listFlows} (T2); {@code nextCursor} is the last returned id iff more remain (nullable). */
public record ListFlowsPage(List<FlowSummary> flows, FlowId nextCursor) {

    public ListFlowsPage {
        flows = flows == null ? List.of() : List.copyOf(flows);
    }
}
