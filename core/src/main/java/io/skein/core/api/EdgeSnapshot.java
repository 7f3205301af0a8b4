package io.skein.core.api;

import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;

/**
 * One dependency edge (spec 02 §1). {@code dataPassingRef} is nullable; {@code dependencyKind} defaults to
 * {@code success_only}, {@code satisfactionCondition} to {@code "all_required"}, {@code createdBy} to
 * {@code "engine"}.
 */
public record EdgeSnapshot(EdgeId edgeId, FlowId flowId, ExecutionId upstreamExecutionId,
                           ExecutionId downstreamExecutionId, DependencyKind dependencyKind,
                           String satisfactionCondition, String dataPassingRef, EdgeState edgeState, long createdAt,
                           String createdBy) {

    public static final String ALL_REQUIRED = "all_required";
    public static final String ENGINE = "engine";

    public EdgeSnapshot {
        dependencyKind = dependencyKind == null ? DependencyKind.SUCCESS_ONLY : dependencyKind;
        satisfactionCondition = satisfactionCondition == null ? ALL_REQUIRED : satisfactionCondition;
        createdBy = createdBy == null ? ENGINE : createdBy;
    }
}
