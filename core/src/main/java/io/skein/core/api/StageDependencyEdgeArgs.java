package io.skein.core.api;

import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;

/**
 * Arguments of {@code stageDependencyEdge} (spec 02 §4, 04 §4.1). {@code dependencyKind} defaults to
 * {@code success_only}; {@code dataPassingRef} is nullable.
 */
public record StageDependencyEdgeArgs(FlowId flowId, EdgeId edgeId, ExecutionId upstreamExecutionId,
                                      ExecutionId downstreamExecutionId, DependencyKind dependencyKind,
                                      String dataPassingRef, long expectedGraphRevision, long now) {

    public StageDependencyEdgeArgs {
        dependencyKind = dependencyKind == null ? DependencyKind.SUCCESS_ONLY : dependencyKind;
    }
}
