package io.skein.core.api;

import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;

/**
 * Arguments of {@code applyDependencyToChild} (spec 02 §4, 04 §4.1). {@code dependencyKind} defaults to
 * {@code success_only}; {@code dataPassingRef} is nullable.
 */
public record ApplyDependencyToChildArgs(FlowId flowId, EdgeId edgeId, ExecutionId downstreamExecutionId,
                                         ExecutionId upstreamExecutionId, long graphRevision,
                                         DependencyKind dependencyKind, String dataPassingRef, long now) {

    public ApplyDependencyToChildArgs {
        dependencyKind = dependencyKind == null ? DependencyKind.SUCCESS_ONLY : dependencyKind;
    }
}
