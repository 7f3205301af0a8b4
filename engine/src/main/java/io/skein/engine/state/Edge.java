package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import java.util.UUID;

/**
 * The image of one {@code ff_edge} row (spec 05 §1.7): staged ({@code edge_state} {@code pending}) or applied;
 * {@code dependencyState} ({@code unsatisfied}, {@code satisfied}, {@code impossible}) is null while it is only staged.
 */
public record Edge(int partition, UUID flowId, UUID edgeId, ExecutionId upstream, ExecutionId downstream,
                   String dependencyKind, String dataPassingRef, String edgeState, String dependencyState,
                   Long stagedAtMs, Long appliedAtMs, Long resolvedAtMs, String createdBy) {

    public boolean applied() {
        return "applied".equals(edgeState);
    }
}
